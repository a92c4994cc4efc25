"""Engine and session factory. SQLite gets WAL, synchronous=FULL and foreign keys;
PostgreSQL (several counters sharing one database) goes through psycopg 3."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite:/// URL, or None for other engines and in-memory DBs."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):]
    return Path(path) if path and path != ":memory:" else None


def make_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # created owner-only: the file holds personal data
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            # let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE (pysqlite would defer it)
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):
            # take the write lock at BEGIN so concurrent writers wait instead of failing
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    url = postgres_url(url)
    if url.startswith("postgresql+psycopg://"):
        defaults = {
            "connect_timeout": 10,  # a server that is down is reported, not waited for
            "application_name": "kiosk-mot-cua",
            # notice a dead peer on the LAN within about two minutes
            "keepalives": 1, "keepalives_idle": 60, "keepalives_interval": 10, "keepalives_count": 5,
        }
        given = make_url(url).query  # what the URL sets (?connect_timeout=5&sslmode=require) wins
        # a counter PC keeps its connections for the whole day: test each one before use
        # and renew it hourly, so a restarted server or a dropped link costs no request
        return create_engine(url, pool_pre_ping=True, pool_recycle=3600,
                             connect_args={k: v for k, v in defaults.items() if k not in given})
    return create_engine(url, pool_pre_ping=True)


def postgres_url(url: str) -> str:
    """`postgresql://` and `postgres://` URLs (as psql and pg_dump write them) use psycopg 3,
    the driver requirements.txt installs; an explicit driver (`postgresql+...://`) is kept."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def backup_sqlite(src: Path, dest: Path) -> Path:
    """Online copy of a SQLite database (safe while other connections write)."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    os.chmod(dest, 0o600)
    return dest
