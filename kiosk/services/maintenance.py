"""Database upkeep: verified backups and restores, moving to PostgreSQL, and purging
personal data after the retention period (report counts stay the same: reports never
read it).

What the purge reaches (everything the app writes that can hold a citizen's data):
applicants, filled forms and drafts, dossier notes, receipt snapshots and event
reasons, letters, feedback text, contact and answers, print job titles and PDFs,
audit details, the print spool and print-out folders, the speech cache, and the
automatic backups in backups/ (replaced by one backup of the purged database). The
SQLite file is then vacuumed and its WAL truncated, so no old page keeps the data.
Backups copied elsewhere by hand (a USB stick) are out of its reach: delete them.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.engine import backup_sqlite, is_disk_full, pid_alive, sqlite_path
from kiosk.db.models import (Applicant, AuditEvent, Base, Dossier, DossierEvent, DossierSequence, Feedback,
                             FilledForm, Letter, PrintJob, SipasResponse)
from kiosk.db.watermark import CodeWatermark, marks_of_rows
from kiosk.errors import KioskError, ValidationError
from kiosk.services.audit import add_event

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    safety: Path | None  # the database as it was before the restore
    count: int  # dossiers in the restored database
    discarded: list[str]  # codes received after the backup was taken: gone, and never issued again


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    applicants: int
    forms: int
    feedback: int
    letters: int
    drafts: int = 0
    events: int = 0
    print_jobs: int = 0
    audit: int = 0
    files: int = 0
    backups: int = 0
    comments: int = 0  # SIPAS survey comments


PURGED_TEXT = "(đã xóa theo thời hạn lưu giữ dữ liệu cá nhân)"
PURGED_PAPER = "Giấy tờ khác (tên đã xóa theo thời hạn lưu giữ)"

# dossier_event details that are dates and channels, never a person's words
_SAFE_EVENT_KEYS = ("via", "new_due_date", "previous_due_date")


def months_before(now: datetime, months: int) -> datetime:
    y, m = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=y, month=m + 1, day=day)


def verify_sqlite(path: Path, shown_as: Path | None = None) -> int:
    """Open a SQLite file read-only, check integrity and the schema (a newer program's database
    is refused); returns its dossier count. Messages name `shown_as` (default `path`)."""
    real, path = path, shown_as or path
    if not real.is_file():
        raise KioskError(f"Không có tệp {path}.")
    try:
        with closing(sqlite3.connect(f"file:{real}?mode=ro", uri=True)) as c:
            if c.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise KioskError(f"Tệp {path} bị hỏng (kiểm tra toàn vẹn không đạt).")
            tables = {r[0] for r in c.execute("select name from sqlite_master where type='table'")}
            if not {"alembic_version", "dossier"} <= tables:
                raise KioskError(f"Tệp {path} không phải cơ sở dữ liệu của kiosk.")
            revision = c.execute("select version_num from alembic_version").fetchone()
            count = c.execute("select count(*) from dossier").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise KioskError(f"Tệp {path} không phải cơ sở dữ liệu SQLite hợp lệ ({e}).") from None
    from kiosk.db.migrate import check_not_newer
    check_not_newer(revision[0] if revision else None)
    return count


def _read_sqlite(path: Path, sql: str) -> list[tuple]:
    """Rows of a query on a SQLite file opened read-only ([] when the table is missing)."""
    if not path.is_file():
        return []
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
            return c.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []


class MaintenanceService:
    def __init__(self, engine: Engine, session_factory: sessionmaker[Session], backup_dir: Path,
                 clock: Callable[[], datetime] = datetime.now, watermark: CodeWatermark | None = None,
                 data_dir: Path | None = None, backups_kept: int = 5):
        self._engine = engine
        self._sf = session_factory
        self._backup_dir = backup_dir
        self._now = clock
        self._watermark = watermark
        self._data_dir = data_dir  # print spool, print-out and speech cache live here
        self._backups_kept = backups_kept

    def _db_file(self) -> Path:
        path = sqlite_path(self._engine.url.render_as_string(hide_password=False))
        if path is None:
            raise KioskError("Lệnh này chỉ dùng cho SQLite; với PostgreSQL hãy dùng pg_dump / pg_restore.")
        return path

    def backup(self, dest: Path) -> tuple[Path, int]:
        """Online backup, verified by reopening it before it gets its final name; owner-only
        from the first byte; nothing left behind on failure. Returns (path, dossier count)."""
        src = self._db_file()
        if dest.exists() and dest.resolve() == src.resolve():
            raise KioskError("Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng.")
        counted: list[int] = []
        backup_sqlite(src, dest, check=lambda tmp: counted.append(verify_sqlite(tmp)))
        return dest, counted[0]

    def restore(self, source: Path, force: bool = False) -> RestoreResult:
        """Replace the database with a verified backup; the current one is backed up first.

        Dossiers received after the backup was taken would be discarded: without `force`
        this raises KioskError listing them. Either way their codes stay used (the
        high-water mark beside the database is raised from the current database first),
        so the next receipt never gets a code already printed on a receipt."""
        live = self._db_file()
        if live.exists() and source.exists() and source.resolve() == live.resolve():
            raise KioskError("Tệp khôi phục chính là cơ sở dữ liệu đang dùng.")
        # work on a private copy: the backup may sit on read-only media, be in WAL mode, or be
        # replaced while we read it
        staged = self._stage(source)
        try:
            return self._restore_staged(staged, live, source, force)
        finally:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(staged) + suffix).unlink(missing_ok=True)

    def _stage(self, source: Path) -> Path:
        if not source.is_file():
            raise KioskError(f"Không có tệp {source}.")
        self._backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        staged = self._backup_dir / f".khoi-phuc.{os.getpid()}.partial"
        try:
            for suffix in ("", "-wal"):
                src = Path(str(source) + suffix)
                if src.is_file():
                    fd = os.open(str(staged) + suffix, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
                    with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
                        shutil.copyfileobj(inp, out, 1 << 20)
            with closing(sqlite3.connect(staged)) as c:
                c.execute("PRAGMA journal_mode=DELETE")  # folds a copied -wal in: one self-contained file
        except (OSError, sqlite3.DatabaseError) as e:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(staged) + suffix).unlink(missing_ok=True)
            if is_disk_full(e):
                raise KioskError("Ổ đĩa đã đầy, chưa khôi phục được; cơ sở dữ liệu hiện tại không bị thay đổi.") from None
            if isinstance(e, sqlite3.DatabaseError):
                raise KioskError(f"Tệp {source} không phải cơ sở dữ liệu SQLite hợp lệ ({e}).") from None
            raise KioskError(f"Không đọc được tệp {source}: {e.strerror or e}.") from None
        return staged

    def _restore_staged(self, staged: Path, live: Path, source: Path, force: bool) -> RestoreResult:
        count = verify_sqlite(staged, shown_as=source)
        kept = {r[0] for r in _read_sqlite(staged, "select code from dossier")}
        discarded = sorted(r[0] for r in _read_sqlite(live, "select code from dossier") if r[0] not in kept)
        if discarded and not force:
            raise KioskError(f"Bản sao lưu {source} cũ hơn cơ sở dữ liệu hiện tại: khôi phục sẽ bỏ "
                             f"{len(discarded)} hồ sơ tiếp nhận sau khi sao lưu: {_listing(discarded)}. "
                             "Nếu chắc chắn, chạy lại lệnh với --force (các mã này sẽ không bao giờ được cấp lại).")
        if self._watermark is not None:
            self._watermark.merge(marks_of_rows(_read_sqlite(live, "select unit_code, day, last from dossier_sequence")))
        safety = None
        if live.exists():
            safety = self._backup_dir / f"truoc-khoi-phuc-{self._now():%Y%m%d-%H%M%S}.sqlite3"
            backup_sqlite(live, safety)
            self.rotate_backups()
        self._engine.dispose()
        with closing(sqlite3.connect(f"file:{staged}?mode=ro", uri=True)) as src, closing(sqlite3.connect(live)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        if verify_sqlite(live) != count:
            raise KioskError("Khôi phục không khớp số hồ sơ; bản cũ vẫn còn ở " + str(safety))
        log.info("restored %s (%s dossiers), discarded %s", source, count, discarded)
        return RestoreResult(safety, count, discarded)

    def copy_to(self, url: str) -> dict[str, int]:
        """Copy every row of this SQLite database into an empty database at `url` (PostgreSQL
        for several counters, or another SQLite file), migrated to the same schema first;
        dossier numbering continues (dossier_sequence rows, raised to the high-water mark,
        and the id sequences); returns the row count of each table, verified on both sides.
        Raises KioskError (Vietnamese) when the target is unreachable, not empty or differs."""
        from sqlalchemy import func, text
        from sqlalchemy.exc import OperationalError, SQLAlchemyError

        from kiosk.db import migrate
        from kiosk.db.engine import make_engine
        src_file = self._db_file()
        target_file = sqlite_path(url)
        if target_file is not None and target_file.exists() and target_file.resolve() == src_file.resolve():
            raise KioskError("Không thể chép cơ sở dữ liệu vào chính nó.")
        target = make_engine(url)
        try:
            try:
                migrate.upgrade(target)
            except OperationalError as e:
                raise KioskError(f"Không kết nối được cơ sở dữ liệu đích ({e.orig.__class__.__name__}). "
                                 "Kiểm tra địa chỉ, mật khẩu và máy chủ rồi thử lại.") from None
            tables = Base.metadata.sorted_tables
            with target.connect() as c:
                busy = [t.name for t in tables if c.execute(select(func.count()).select_from(t)).scalar_one()]
            if busy:
                raise KioskError("Cơ sở dữ liệu đích không trống (đã có dữ liệu trong bảng: "
                                 f"{', '.join(busy)}). Hãy dùng một cơ sở dữ liệu mới tạo.")
            counts: dict[str, int] = {}
            with self._engine.connect() as src, target.begin() as dst:
                for t in tables:
                    result = src.execute(select(t)).mappings()
                    n = 0
                    while chunk := result.fetchmany(1000):
                        dst.execute(t.insert(), [dict(r) for r in chunk])
                        n += len(chunk)
                    counts[t.name] = n
                if self._watermark is not None:
                    _raise_sequences(dst, self._watermark.read())
                if dst.dialect.name == "postgresql":
                    for t in tables:
                        if "id" in t.c and t.c.id.primary_key:
                            dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                                             f"COALESCE((SELECT max(id) FROM {t.name}), 1), "
                                             f"(SELECT max(id) FROM {t.name}) IS NOT NULL)"))
            with self._engine.connect() as src, target.connect() as dst:
                for t in tables:
                    a = src.execute(select(func.count()).select_from(t)).scalar_one()
                    b = dst.execute(select(func.count()).select_from(t)).scalar_one()
                    # dossier_sequence may gain rows from the high-water mark, never lose any
                    seq = t.name == DossierSequence.__tablename__
                    if (b < a if seq else (a != b or b != counts[t.name])):
                        raise KioskError(f"Số dòng bảng {t.name} không khớp sau khi chép ({a} ≠ {b}).")
            return counts
        except SQLAlchemyError as e:
            raise KioskError(f"Chép dữ liệu thất bại, cơ sở dữ liệu đích không được dùng ({e.__class__.__name__}).") from None
        finally:
            target.dispose()

    def purge_personal(self, older_than_months: int) -> PurgeResult:
        """Remove or blank every piece of personal data older than the cutoff, in the database,
        its files and caches (see the module docstring), the SIPAS survey's free-text comments
        included; report counts are unchanged. Commits."""
        if older_than_months < 1:
            raise ValidationError("older_than", "Số tháng lưu giữ phải từ 1 trở lên.")
        cutoff = months_before(self._now(), older_than_months)
        with self._sf.begin() as s:
            counts = _purge_rows(s, cutoff)
            old_jobs = list(s.scalars(select(PrintJob.id).where(PrintJob.created_at < cutoff)))
            s.execute(update(PrintJob).where(PrintJob.created_at < cutoff)
                      .values(title=PrintJob.kind, payload=None, payload_path=""))
            counts["print_jobs"] = len(old_jobs)
            counts["audit"] = s.execute(update(AuditEvent).where(AuditEvent.at < cutoff, AuditEvent.detail.is_not(None))
                                        .values(detail=None)).rowcount
            add_event(s, "purge-personal", None, f"trước {cutoff:%d/%m/%Y}: {counts['applicants']} người, "
                                                 f"{counts['forms']} tờ khai")
        counts["files"] = self._purge_files(cutoff, set(old_jobs))
        self._compact()
        counts["backups"] = self._replace_backups()
        return PurgeResult(cutoff, **counts)

    def _purge_files(self, cutoff: datetime, job_ids: set[int]) -> int:
        """Spooled and printed-to-folder PDFs of purged jobs or older than the cutoff, and the
        whole speech cache (it is only a cache). Returns how many files were deleted."""
        if self._data_dir is None:
            return 0
        names = {f"job-{i:06d}.pdf" for i in job_ids}
        removed = 0
        for folder in ("print-spool", "print-out"):
            for f in _files(self._data_dir / folder):
                if f.name in names or datetime.fromtimestamp(f.stat().st_mtime) < cutoff or "-" in f.stem[4:]:
                    f.unlink(missing_ok=True)  # "-" after job-N: an old file named after its title
                    removed += 1
        for f in _files(self._data_dir / "speech-cache"):
            f.unlink(missing_ok=True)
            removed += 1
        return removed

    def _compact(self) -> None:
        """Rewrite the SQLite file so blanked values survive in no free page and no WAL frame."""
        if sqlite_path(self._engine.url.render_as_string(hide_password=False)) is None:
            return
        raw = self._engine.raw_connection()
        try:
            c = raw.driver_connection
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            c.execute("VACUUM")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        self._engine.dispose()

    def _replace_backups(self) -> int:
        """Automatic backups hold the data just purged: delete them, keep one of the purged database."""
        if self._db_file_or_none() is None or not self._backup_dir.is_dir():
            return 0
        old = [f for f in _files(self._backup_dir)]
        fresh = self._backup_dir / f"sau-xoa-du-lieu-ca-nhan-{self._now():%Y%m%d-%H%M%S}.sqlite3"
        self.backup(fresh)
        for f in old:
            if f != fresh:
                f.unlink(missing_ok=True)
        return len([f for f in old if f != fresh])

    def raise_numbering_to_watermark(self) -> None:
        """Raise the database's dossier_sequence to this PC's high-water mark (never lowers it);
        called at start. Several counters share one database but each keeps its own mark: after
        the database was rolled back (pg_restore of an older dump, a file copied back by hand),
        each PC that starts pushes the highest codes it issued into the shared numbering, so
        another PC does not hand them out again."""
        if self._watermark is None:
            return
        if not self._watermark.path.exists():
            self._rebuild_watermark()
        marks = self._watermark.read()
        if not marks:
            return
        from sqlalchemy.exc import IntegrityError
        try:
            with self._engine.begin() as conn:
                _raise_sequences(conn, marks)
        except IntegrityError as e:  # another PC inserted the same day's row at the same moment
            log.warning("numbering not raised to the high-water mark at start: %s", e.__class__.__name__)

    def _rebuild_watermark(self) -> None:
        """The mark file is missing (deleted, or a new PC): rebuild it from the database and every
        SQLite backup in backups/ (a newer backup knows codes an older copied-back file does not)."""
        with self._engine.connect() as conn:
            seq = DossierSequence.__table__
            rows = list(conn.execute(select(seq.c.unit_code, seq.c.day, seq.c.last)))
        if not rows:
            return  # a new database: nothing was ever issued here
        marks = marks_of_rows(rows)
        for f in _files(self._backup_dir):
            if f.suffix == ".sqlite3":
                for k, v in marks_of_rows(_read_sqlite(f, "select unit_code, day, last from dossier_sequence")).items():
                    marks[k] = max(marks.get(k, 0), v)
        log.warning("%s was missing: rebuilt from the database and the backups in %s; codes issued after the "
                    "newest backup may be issued again if an older database was copied back",
                    self._watermark.path.name, self._backup_dir)
        self._watermark.merge(marks)

    def sweep_partials(self) -> int:
        """Remove what a killed process left half-written (`.NAME.PID.partial` and its
        -journal/-wal/-shm: backups, print spool, speech cache, code watermark) when that
        process is gone; called at start. Returns how many files were removed."""
        removed = 0
        folders = [self._backup_dir] + ([self._data_dir, self._data_dir / "print-spool", self._data_dir / "print-out",
                                         self._data_dir / "speech-cache"] if self._data_dir else [])
        for folder in folders:
            for f in _files(folder):
                m = _PARTIAL.fullmatch(f.name)
                if m and not pid_alive(int(m.group(1))):
                    f.unlink(missing_ok=True)
                    removed += 1
        if removed:
            log.warning("removed %s half-written files left by killed processes", removed)
        return removed

    def rotate_backups(self) -> int:
        """Keep the newest `backups_kept` automatic backups; returns how many were deleted."""
        files = sorted((f for f in _files(self._backup_dir) if f.suffix == ".sqlite3"),
                       key=lambda f: f.stat().st_mtime, reverse=True)
        for f in files[self._backups_kept:]:
            f.unlink(missing_ok=True)
        return max(0, len(files) - self._backups_kept)

    def _db_file_or_none(self) -> Path | None:
        return sqlite_path(self._engine.url.render_as_string(hide_password=False))


_PARTIAL = re.compile(r"\..+\.(\d+)\.partial(-journal|-wal|-shm)?")


def _files(folder: Path) -> list[Path]:
    try:
        return [f for f in folder.iterdir() if f.is_file()]
    except OSError:
        return []


def _purge_rows(s: Session, cutoff: datetime) -> dict[str, int]:
    old_dossiers = select(Dossier.id).where(Dossier.received_at < cutoff)
    recent = select(Dossier.applicant_id).where(Dossier.received_at >= cutoff, Dossier.applicant_id.is_not(None))
    old = select(Dossier.applicant_id).where(Dossier.received_at < cutoff)
    applicants = s.execute(
        update(Applicant).where(Applicant.id.in_(old), Applicant.id.not_in(recent), Applicant.purged.is_(False))
        .values(full_name=None, name_folded=None, date_of_birth=None, sex=None, cccd=None, phone=None,
                address=None, cccd_issue_date=None, purged=True)).rowcount
    forms = s.execute(update(FilledForm).where(FilledForm.dossier_id.in_(old_dossiers), FilledForm.values_json != "{}")
                      .values(values_json="{}")).rowcount
    drafts = s.execute(delete(FilledForm).where(FilledForm.dossier_id.is_(None), FilledForm.updated_at < cutoff)).rowcount
    s.execute(update(Dossier).where(Dossier.received_at < cutoff)
              .values(note=None, receipt_snapshot_json=None))
    events = 0
    for ev in s.scalars(select(DossierEvent).where(DossierEvent.dossier_id.in_(old_dossiers))):
        detail = json.loads(ev.detail_json or "{}")
        kept = {k: v for k, v in detail.items() if k in _SAFE_EVENT_KEYS}
        if kept != detail:
            ev.detail_json = json.dumps(kept)
            events += 1
    feedback = s.execute(update(Feedback).where(Feedback.created_at < cutoff, Feedback.text != "")
                         .values(text="", contact=None, answer=None)).rowcount
    letters = s.execute(update(Letter).where(Letter.created_at < cutoff, Letter.body != "")
                        .values(recipient_name=None, body="")).rowcount
    # a SIPAS comment is free text (a citizen may leave a name or phone): replaced, not removed,
    # so the report's count of comments stays the same
    comments = s.execute(update(SipasResponse).where(SipasResponse.started_at < cutoff,
                                                      SipasResponse.comment.is_not(None),
                                                      SipasResponse.comment != PURGED_TEXT)
                          .values(comment=PURGED_TEXT)).rowcount
    # papers typed in by hand (kind "extra") may name the citizen; the listed kinds are catalog words
    for d in s.scalars(select(Dossier).where(Dossier.received_at < cutoff, Dossier.documents_json.is_not(None))):
        papers = json.loads(d.documents_json or "[]")
        for p in papers:
            if p.get("kind", "extra") == "extra" and p.get("name") != PURGED_PAPER:
                p["name"] = PURGED_PAPER
        d.documents_json = json.dumps(papers, ensure_ascii=False)
    return {"applicants": applicants, "forms": forms, "drafts": drafts, "events": events,
            "feedback": feedback, "letters": letters, "comments": comments}


def _listing(codes: list[str], limit: int = 20) -> str:
    more = f" và {len(codes) - limit} hồ sơ khác" if len(codes) > limit else ""
    return ", ".join(codes[:limit]) + more


def _raise_sequences(conn, marks: dict[str, int]) -> None:
    """Make dossier_sequence at least the high-water mark (keys "UNIT|YYYY-MM-DD")."""
    from datetime import date
    seq = DossierSequence.__table__
    have = {(u, d): last for u, d, last in conn.execute(select(seq.c.unit_code, seq.c.day, seq.c.last))}
    for key, last in marks.items():
        unit, day = key.split("|", 1)
        day = date.fromisoformat(day)
        if (unit, day) not in have:
            conn.execute(seq.insert().values(unit_code=unit, day=day, last=last))
        elif have[(unit, day)] < last:
            conn.execute(seq.update().where(seq.c.unit_code == unit, seq.c.day == day).values(last=last))
