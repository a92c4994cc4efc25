"""Database upkeep: verified backups and restores, and purging personal data
after the retention period (report counts stay the same: reports never read it)."""
from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.engine import backup_sqlite, sqlite_path
from kiosk.db.models import Applicant, Dossier, Feedback, FilledForm, Letter, SipasResponse
from kiosk.errors import KioskError, ValidationError
from kiosk.services.audit import add_event


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    applicants: int
    forms: int
    feedback: int
    letters: int
    survey_comments: int = 0  # SIPAS free-text comments (citizens type names, phones in them)


def months_before(now: datetime, months: int) -> datetime:
    y, m = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=y, month=m + 1, day=day)


def verify_sqlite(path: Path) -> int:
    """Open a SQLite file read-only, check integrity and the schema; returns its dossier count."""
    if not path.is_file():
        raise KioskError(f"Không có tệp {path}.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
            if c.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise KioskError(f"Tệp {path} bị hỏng (kiểm tra toàn vẹn không đạt).")
            tables = {r[0] for r in c.execute("select name from sqlite_master where type='table'")}
            if not {"alembic_version", "dossier"} <= tables:
                raise KioskError(f"Tệp {path} không phải cơ sở dữ liệu của kiosk.")
            return c.execute("select count(*) from dossier").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise KioskError(f"Tệp {path} không phải cơ sở dữ liệu SQLite hợp lệ ({e}).") from None


class MaintenanceService:
    def __init__(self, engine: Engine, session_factory: sessionmaker[Session], backup_dir: Path,
                 clock: Callable[[], datetime] = datetime.now):
        self._engine = engine
        self._sf = session_factory
        self._backup_dir = backup_dir
        self._now = clock

    def _db_file(self) -> Path:
        path = sqlite_path(self._engine.url.render_as_string(hide_password=False))
        if path is None:
            raise KioskError("Lệnh này chỉ dùng cho SQLite; với PostgreSQL hãy dùng pg_dump / pg_restore.")
        return path

    def backup(self, dest: Path) -> tuple[Path, int]:
        """Online backup, then verified by reopening it; returns (path, dossier count)."""
        src = self._db_file()
        if dest.exists() and dest.resolve() == src.resolve():
            raise KioskError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng.")
        tmp = dest.with_name(dest.name + ".tmp")
        backup_sqlite(src, tmp)
        count = verify_sqlite(tmp)
        tmp.replace(dest)
        return dest, count

    def restore(self, source: Path) -> tuple[Path, int]:
        """Replace the database with a verified backup; the current one is backed up first."""
        count = verify_sqlite(source)
        live = self._db_file()
        safety = self._backup_dir / f"truoc-khoi-phuc-{self._now():%Y%m%d-%H%M%S}.sqlite3"
        if live.exists():
            backup_sqlite(live, safety)
        self._engine.dispose()
        with sqlite3.connect(source) as src, sqlite3.connect(live) as dst:
            src.backup(dst)
        if verify_sqlite(live) != count:
            raise KioskError("Khôi phục không khớp số hồ sơ; bản cũ vẫn còn ở " + str(safety))
        return safety, count

    def purge_personal(self, older_than_months: int) -> PurgeResult:
        """Blank names, ID numbers, phones and addresses of dossiers and feedback, and the SIPAS
        survey's free-text comments, older than the cutoff."""
        if older_than_months < 1:
            raise ValidationError("older_than", "Số tháng lưu giữ phải từ 1 trở lên.")
        cutoff = months_before(self._now(), older_than_months)
        with self._sf.begin() as s:
            recent = select(Dossier.applicant_id).where(Dossier.received_at >= cutoff,
                                                        Dossier.applicant_id.is_not(None))
            old = select(Dossier.applicant_id).where(Dossier.received_at < cutoff)
            applicants = s.execute(
                update(Applicant).where(Applicant.id.in_(old), Applicant.id.not_in(recent),
                                        Applicant.purged.is_(False))
                .values(full_name=None, name_folded=None, date_of_birth=None, sex=None, cccd=None, phone=None, address=None,
                        purged=True)).rowcount
            old_dossiers = select(Dossier.id).where(Dossier.received_at < cutoff)
            forms = s.execute(update(FilledForm).where(FilledForm.dossier_id.in_(old_dossiers),
                                                       FilledForm.values_json != "{}")
                              .values(values_json="{}")).rowcount
            feedback = s.execute(update(Feedback).where(Feedback.created_at < cutoff, Feedback.contact.is_not(None))
                                 .values(contact=None)).rowcount
            letters = s.execute(update(Letter).where(Letter.created_at < cutoff,
                                                     Letter.recipient_name.is_not(None))
                                .values(recipient_name=None)).rowcount
            # the survey's answers stay (reports count them); its free-text comment may name people
            survey_comments = s.execute(update(SipasResponse).where(SipasResponse.started_at < cutoff,
                                                                    SipasResponse.comment.is_not(None))
                                        .values(comment=None)).rowcount
            add_event(s, "purge-personal", None, f"trước {cutoff:%d/%m/%Y}: {applicants} người, {forms} tờ khai")
        return PurgeResult(cutoff, applicants, forms, feedback, letters, survey_comments)
