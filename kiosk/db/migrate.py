"""Schema upgrades with Alembic, run at start and by `main.py db upgrade`.

Before any migration of an existing SQLite file, a backup is taken with
SQLite's online backup API into the data dir's backups/ folder.

The check made at every start (is the database at the head revision?) reads the
revision ids from the migration files and the alembic_version table directly: importing
Alembic costs about 0.3 s, paid only when a migration really has to run.
"""
from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from kiosk.db.engine import backup_sqlite, sqlite_path
from kiosk.errors import KioskError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def _alembic_config(engine: Engine):
    from alembic.config import Config as AlembicConfig
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for an empty database)."""
    with engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except (OperationalError, ProgrammingError):  # no alembic_version table yet
            return None
    if len(rows) > 1:
        raise KioskError("Cơ sở dữ liệu ghi nhiều phiên bản lược đồ cùng lúc; không dùng được. Khôi phục một bản sao lưu.")
    return rows[0] if rows else None


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@lru_cache(maxsize=1)
def _script_revisions() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files as text (the same two
    assignments Alembic reads; tests/test_db.py checks both agree)."""
    graph = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            graph[rev.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    graph = _script_revisions()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise KioskError(f"Các tệp nâng cấp lược đồ không nối thành một chuỗi (đầu chuỗi: {', '.join(sorted(heads))}).")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_script_revisions())


def newer_version_message(revision: str) -> str:
    return (f"Cơ sở dữ liệu này do một phiên bản mới hơn của chương trình tạo ra (lược đồ “{revision}”), "
            "phiên bản đang chạy không dùng được. Hãy cập nhật chương trình trên máy này (hoặc khôi phục một "
            "bản sao lưu của đúng phiên bản này), rồi thử lại. Dữ liệu không bị thay đổi.")


def check_not_newer(revision: str | None) -> None:
    """KioskError (Vietnamese, logged) for a schema this program does not know: a newer version made it."""
    if revision is not None and revision not in known_revisions():
        log.error("database schema %s is newer than this program (head %s)", revision, head_revision())
        raise KioskError(newer_version_message(revision))


def upgrade_marker(db_file: Path) -> Path:
    """Exists while a process migrates this SQLite file (holds its pid): others say "đang nâng cấp"."""
    return db_file.with_name(db_file.name + ".upgrading")


def upgrading_pid(db_file: Path | None) -> int | None:
    """The live process migrating this SQLite file, if any."""
    if db_file is None:
        return None
    try:
        pid = int(upgrade_marker(db_file).read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


UPGRADING = ("Cơ sở dữ liệu đang nâng cấp lên phiên bản mới (một máy hoặc cửa sổ khác đang làm việc này), "
             "chờ vài phút rồi mở lại chương trình. Không tắt máy trong lúc nâng cấp.")


def upgrade(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. Returns the backup path if one was taken."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    check_not_newer(current)
    db_file = sqlite_path(engine.url.render_as_string(hide_password=False))
    if upgrading_pid(db_file) not in (None, os.getpid()):
        log.warning("database %s is being upgraded by process %s", db_file, upgrading_pid(db_file))
        raise KioskError(UPGRADING)
    marker = None
    if db_file is not None:
        marker = upgrade_marker(db_file)
        marker.write_text(str(os.getpid()))
    try:
        backup = None
        if current is not None and db_file is not None and backup_dir is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            # a partial copy never gets the final name (backup_sqlite writes under a temporary one)
            backup = backup_sqlite(db_file, backup_dir / f"truoc-nang-cap-{current}-{stamp}.sqlite3")
            log.info("backup before migration %s -> %s: %s", current, head, backup)
        from alembic import command  # only now: a migration has to run
        cfg = _alembic_config(engine)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # several counter PCs may start together on an old schema: one migrates, the others wait
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7013001)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)
    log.info("schema upgraded %s -> %s", current, head)
    return backup
