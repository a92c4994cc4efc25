"""The office head's own words in the model's report: II. Đánh giá and III. Kiến nghị,
typed on the office screen and kept per period (2026-W47, 2026-11, 2026-Q4, 2026)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import ReportNote
from kiosk.errors import ValidationError
from kiosk.services.audit import add_event
from kiosk.services.reports import parse_period
from kiosk.text import nfc

MAX_CHARS = 8000


@dataclass(frozen=True)
class ReportNoteInfo:
    period_key: str
    assessment: str = ""
    recommendations: str = ""
    updated_at: datetime | None = None


def canonical_key(period_key: str) -> str:
    """One key per period however it was typed: 2026-w5 -> 2026-W05, 2026-3 -> 2026-03."""
    p = parse_period(period_key)
    if p.kind == "week":
        iso = p.start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if p.kind == "month":
        return f"{p.start.year}-{p.start.month:02d}"
    if p.kind == "quarter":
        return f"{p.start.year}-Q{(p.start.month - 1) // 3 + 1}"
    return str(p.start.year)


def _clean(text: str, field: str, what: str) -> str:
    text = nfc(text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_CHARS:
        raise ValidationError(field, f"Phần {what} dài quá {MAX_CHARS} ký tự; hãy viết gọn lại.")
    return text


class ReportNoteService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = datetime.now):
        self._sf, self._now = session_factory, clock

    def get(self, period_key: str) -> ReportNoteInfo:
        """The note of a period; empty when nothing was typed yet. Raises ValidationError for a bad key."""
        key = canonical_key(period_key)
        with self._sf() as s:
            row = s.scalar(select(ReportNote).where(ReportNote.period_key == key))
            if row is None:
                return ReportNoteInfo(key)
            return ReportNoteInfo(key, row.assessment, row.recommendations, row.updated_at)

    def save(self, period_key: str, assessment: str, recommendations: str,
             clerk_id: int | None = None) -> ReportNoteInfo:
        """Store (commits) the assessment and recommendations of a period, replacing older ones."""
        key = canonical_key(period_key)
        a = _clean(assessment, "assessment", "đánh giá")
        r = _clean(recommendations, "recommendations", "kiến nghị")
        now = self._now()
        with self._sf.begin() as s:
            row = s.scalar(select(ReportNote).where(ReportNote.period_key == key))
            if row is None:
                row = ReportNote(period_key=key, assessment=a, recommendations=r, clerk_id=clerk_id, updated_at=now)
                s.add(row)
            else:
                row.assessment, row.recommendations, row.clerk_id, row.updated_at = a, r, clerk_id, now
            add_event(s, "report-note", clerk_id, key)
        return ReportNoteInfo(key, a, r, now)


def report_pdf(report, settings, notes: ReportNoteService | None, today=None) -> bytes:
    """The report's PDF with the head's assessment and recommendations of its period."""
    from kiosk.documents.report import render_report
    from kiosk.services.reports import COLUMNS
    note = notes.get(report.period.key) if notes is not None else ReportNoteInfo(report.period.key)
    return render_report(report, settings, today, columns=COLUMNS, assessment=note.assessment,
                         recommendations=note.recommendations)
