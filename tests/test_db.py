import sqlite3
from datetime import datetime

import pytest
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


def _older_database(tmp_path):
    """A real database one revision behind head, with a clerk in it."""
    from alembic import command
    db = tmp_path / "k.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        cfg = migrate._alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003_papers")
    with engine.begin() as conn:
        conn.exec_driver_sql("insert into clerk (name, role, pin_hash, failed_attempts, active, created_at) "
                             "values ('Lê Thị Mỹ Duyên', 'clerk', 'x', 0, 1, '2026-11-30 08:00:00')")
    return engine, db


def test_a_backup_is_taken_before_migrating_an_existing_database(tmp_path):
    engine, db = _older_database(tmp_path)
    backup = migrate.upgrade(engine, backup_dir=tmp_path / "backups")
    assert migrate.current_revision(engine) == migrate.head_revision()  # the real migrations ran
    assert backup is not None and backup.stat().st_mode & 0o077 == 0
    with sqlite3.connect(backup) as c:  # the copy is of the database before the upgrade
        assert c.execute("select name from clerk").fetchall() == [("Lê Thị Mỹ Duyên",)]
        assert c.execute("select version_num from alembic_version").fetchall() == [("0003_papers",)]
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [backup.name]


def test_a_failed_backup_before_migrating_leaves_nothing_that_looks_like_a_backup(tmp_path, monkeypatch):
    import kiosk.db.engine
    from kiosk.errors import KioskError
    from tests.sqlite_spy import sqlite3_spy
    engine, db = _older_database(tmp_path)

    def disk_full():
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(kiosk.db.engine, "sqlite3", sqlite3_spy(disk_full))
    with pytest.raises(KioskError) as e:
        migrate.upgrade(engine, backup_dir=tmp_path / "backups")
    assert "Ổ đĩa đã đầy" in e.value.message
    assert list((tmp_path / "backups").iterdir()) == []  # no partial copy, no -journal/-wal/-shm
    assert migrate.current_revision(engine) == "0003_papers"  # no upgrade without its backup


def test_the_migrations_describe_exactly_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    migrate.upgrade(engine)
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diff == []


def test_the_start_check_reads_the_same_revisions_as_alembic(tmp_path):
    """The check made at every start parses the migration files instead of importing Alembic:
    it must find the same head and the same revisions, and read the database's revision right."""
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == script.get_current_head()


def test_starting_on_an_up_to_date_database_does_not_import_alembic(tmp_path):
    import subprocess
    import sys
    db = tmp_path / "k.sqlite3"
    migrate.upgrade(make_engine(f"sqlite:///{db}"))
    code = ("import sys; from kiosk.db import migrate; from kiosk.db.engine import make_engine; "
            f"migrate.upgrade(make_engine('sqlite:///{db}')); print('alembic' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(migrate.MIGRATIONS.parents[2]))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
