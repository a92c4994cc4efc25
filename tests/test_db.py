import sqlite3
from datetime import datetime

from sqlalchemy import inspect, text

from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.db.models import Base, Clerk


def test_migrations_from_empty_create_every_table_and_rerun_is_a_no_op(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine, backup_dir=tmp_path / "backups")
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.upgrade(engine, backup_dir=tmp_path / "backups") is None  # nothing to do
    assert not (tmp_path / "backups").exists()  # a new database needs no backup


def test_sqlite_is_durable_wal_full_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    with engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "k.sqlite3").stat().st_mode & 0o077 == 0


def test_a_backup_is_taken_before_migrating_an_existing_database(tmp_path, monkeypatch):
    db = tmp_path / "k.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    with make_session_factory(engine).begin() as s:
        s.add(Clerk(name="Lê Thị Mỹ Duyên", role="clerk", pin_hash="x", failed_attempts=0, active=True,
                    created_at=datetime.now()))
    # pretend the file is one revision behind: the upgrade must copy it first
    monkeypatch.setattr(migrate, "current_revision", lambda e: "0000-older")
    calls = []
    monkeypatch.setattr(migrate.command, "upgrade", lambda cfg, rev: calls.append(rev))
    backup = migrate.upgrade(engine, backup_dir=tmp_path / "backups")
    assert calls == ["head"]
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as c:
        assert c.execute("select name from clerk").fetchall() == [("Lê Thị Mỹ Duyên",)]


def test_the_migrations_describe_exactly_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    migrate.upgrade(engine)
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == []
