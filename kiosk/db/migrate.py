"""Schema upgrades with Alembic, run at start and by `main.py db upgrade`.

Before any migration of an existing SQLite file, a backup is taken with
SQLite's online backup API into the data dir's backups/ folder.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from kiosk.db.engine import backup_sqlite, sqlite_path

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def _alembic_config(engine: Engine) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def upgrade(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. Returns the backup path if one was taken."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    backup = None
    db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
    if current is not None and db_file is not None and backup_dir is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(db_file, backup_dir / f"truoc-nang-cap-{current}-{stamp}.sqlite3")
        log.info("backup before migration %s -> %s: %s", current, head, backup)
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # several counter PCs may start together on an old schema: one migrates, the others wait
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7013001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("schema upgraded %s -> %s", current, head)
    return backup
