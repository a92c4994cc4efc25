"""Engine and session factory. SQLite gets WAL, synchronous=FULL and foreign keys;
PostgreSQL (several counters sharing one database) goes through psycopg 3."""
from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


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
        # hide_parameters: an error message (logged) never carries a citizen's name or ID number
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

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
        return create_engine(url, pool_pre_ping=True, pool_recycle=3600, hide_parameters=True,
                             connect_args={k: v for k, v in defaults.items() if k not in given})
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def postgres_url(url: str) -> str:
    """`postgresql://` and `postgres://` URLs (as psql and pg_dump write them) use psycopg 3,
    the driver requirements.txt installs; an explicit driver (`postgresql+...://`) is kept."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def backup_sqlite(src: Path, dest: Path, check: Callable[[Path], object] | None = None) -> Path:
    """Online copy of a SQLite database (safe while other connections write).

    The copy is owner-only from its first byte, written under a hidden temporary name
    (`.NAME.PID.partial`, never mistaken for a finished backup), switched to a single
    self-contained file (journal_mode=DELETE: no -wal/-shm needed to read or restore it),
    fsynced, checked by `check(tmp)` if given, and only then renamed to `dest`. On any
    failure (disk full, kill, a failed check) nothing is left behind: not the temporary
    file, nor its -journal/-wal/-shm. Raises KioskError (Vietnamese) for a full disk."""
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    _remove_sqlite_files(tmp)
    _sweep_dead_partials(dest)
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)  # a read-only backup can be a source too
        try:
            d = sqlite3.connect(tmp)
            try:
                s.backup(d)
                d.execute("PRAGMA journal_mode=DELETE")
            finally:
                d.close()
        finally:
            s.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if check is not None:
            check(tmp)
        os.replace(tmp, dest)
    except BaseException as e:
        _remove_sqlite_files(tmp)
        if is_disk_full(e):
            log.error("backup %s failed, disk full: %s", dest, e)
            raise KioskError(f"Ổ đĩa đã đầy, không sao lưu được vào {dest.parent}. Không có tệp dở dang nào "
                             "được để lại. Hãy giải phóng dung lượng hoặc chọn ổ đĩa khác rồi thử lại.") from None
        raise
    return dest


def _sweep_dead_partials(dest: Path) -> None:
    """Remove `.NAME.PID.partial*` beside `dest` left by a killed backup whose process is gone
    (on a USB stick or any folder the start's sweep does not visit)."""
    prefix = f".{dest.name}."
    try:
        names = [f.name for f in dest.parent.iterdir() if f.name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid, sep, suffix = name[len(prefix):].partition(".partial")
        if sep and pid.isdigit() and suffix in ("", "-journal", "-wal", "-shm") and not pid_alive(int(pid)):
            try:
                (dest.parent / name).unlink()
                log.warning("removed %s, left by a backup that was killed", dest.parent / name)
            except OSError:
                pass


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs on this machine (ours always does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def is_disk_full(e: BaseException) -> bool:
    """ENOSPC from the OS, or SQLite's "database or disk is full" (SQLITE_FULL)."""
    if isinstance(e, OSError) and e.errno == errno.ENOSPC:
        return True
    text = str(getattr(e, "orig", None) or e).lower()
    return "disk is full" in text or "no space left" in text
