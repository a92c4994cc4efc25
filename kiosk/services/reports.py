"""Reports of the model, weekly / monthly / quarterly / yearly.

Counts are computed in the database with one grouped query per table, so a
quarter of 100,000 dossiers takes well under a second. No personal data ever
enters a report: only procedure codes, dates, statuses and counts.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog import Catalog
from kiosk.db.models import AssistanceTicket, Dossier, Feedback, SurveyResponse
from kiosk.errors import ValidationError

# columns of the per-procedure table, in order, with their Vietnamese headers
COLUMNS = [
    ("received", "Tiếp nhận"),
    ("received_direct", "Trực tiếp"),
    ("received_online", "Trực tuyến"),
    ("received_post", "Bưu chính"),
    ("resolved", "Đã giải quyết"),
    ("early", "Trước hạn"),
    ("on_time", "Đúng hạn"),
    ("late", "Quá hạn"),
    ("same_day", "Trả trong ngày"),
    ("via_counter", "Trả tại quầy"),
    ("via_village_head", "Qua trưởng thôn"),
    ("via_post", "Qua bưu điện"),
    ("via_online", "Trả trực tuyến"),
    ("supplement", "Yêu cầu bổ sung"),
    ("refused", "Từ chối"),
    ("apologised", "Quá hạn, đã xin lỗi"),
    ("pending_not_due", "Đang giải quyết, chưa đến hạn"),
    ("pending_overdue", "Đang giải quyết, quá hạn"),
    ("proxy_written", "Cán bộ viết hộ"),
    ("guided_online", "Hướng dẫn nộp trực tuyến"),
]


@dataclass(frozen=True)
class Period:
    key: str  # as typed: 2026-W47, 2026-11, 2026-Q4, 2026
    start: date
    end: date  # exclusive
    label: str  # "Tuần 47 năm 2026 (16/11/2026 – 22/11/2026)"
    kind: str  # week | month | quarter | year

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def parse_period(key: str) -> Period:
    k = key.strip().upper()
    span = lambda s, e: f"{s:%d/%m/%Y} – {(e - timedelta(days=1)):%d/%m/%Y}"  # noqa: E731
    try:
        if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", k):
            y, w = int(m[1]), int(m[2])
            start = date.fromisocalendar(y, w, 1)
            end = start + timedelta(days=7)
            return Period(key, start, end, f"Tuần {w} năm {y} ({span(start, end)})", "week")
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", k):
            y, q = int(m[1]), int(m[2])
            start = date(y, 3 * q - 2, 1)
            end = date(y + (q == 4), (3 * q) % 12 + 1, 1)
            return Period(key, start, end, f"Quý {['I', 'II', 'III', 'IV'][q - 1]} năm {y} ({span(start, end)})",
                          "quarter")
        if m := re.fullmatch(r"(\d{4})-9T", k):  # "9 tháng đầu năm": the SIPAS plan's progress report
            y = int(m[1])
            start, end = date(y, 1, 1), date(y, 10, 1)
            return Period(key, start, end, f"9 tháng đầu năm {y} ({span(start, end)})", "nine-months")
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", k):
            y, mo = int(m[1]), int(m[2])
            start = date(y, mo, 1)
            end = date(y + (mo == 12), mo % 12 + 1, 1)
            return Period(key, start, end, f"Tháng {mo} năm {y}", "month")
        if m := re.fullmatch(r"(\d{4})", k):
            y = int(m[1])
            return Period(key, date(y, 1, 1), date(y + 1, 1, 1), f"Năm {y}", "year")
    except ValueError:
        pass
    raise ValidationError("period", f"Kỳ báo cáo “{key}” không hợp lệ. Ví dụ: 2026-W47 (tuần), 2026-11 (tháng), "
                                    "2026-Q4 (quý), 2026-9T (9 tháng đầu năm), 2026 (năm).")


@dataclass
class ProcedureRow:
    code: str
    name: str
    counts: dict[str, int]


@dataclass
class Report:
    period: Period
    generated_at: datetime
    unit: str
    rows: list[ProcedureRow]
    total: dict[str, int]
    weekly: list[dict]  # {"week": "W47", "start": "16/11", "received": n, "same_day": n}
    satisfaction: dict  # {"count": n, "average": x, "by_score": {1: n, ...}, "satisfied_percent": x}
    tickets: dict  # {"count": n, "priority": n, "served": n, "average_wait_minutes": x}
    feedback: dict  # {"received": n, "answered": n}
    sipas: dict | None = None  # SurveyService.section: index by factor and criterion, 3 lowest, change

    @property
    def on_time_percent(self) -> float | None:
        done = self.total["resolved"]
        return round(100 * (self.total["early"] + self.total["on_time"]) / done, 1) if done else None

    @property
    def same_day_percent(self) -> float | None:
        n = self.total["received"]
        return round(100 * self.total["same_day"] / n, 1) if n else None

    def to_json(self) -> dict:
        return {
            "period": {"key": self.period.key, "label": self.period.label,
                       "start": self.period.start.isoformat(), "end": self.period.last_day.isoformat()},
            "unit": self.unit,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "columns": {k: v for k, v in COLUMNS},
            "total": self.total,
            "on_time_percent": self.on_time_percent,
            "same_day_percent": self.same_day_percent,
            "procedures": [asdict(r) for r in self.rows],
            "weekly_same_day": self.weekly,
            "satisfaction": self.satisfaction,
            "assistance_tickets": self.tickets,
            "feedback": self.feedback,
            "sipas": self.sipas,
        }


def _count(cond):
    return func.sum(case((cond, 1), else_=0))


class ReportService:
    def __init__(self, session_factory: sessionmaker[Session], catalog: Catalog, unit: str,
                 clock: Callable[[], datetime] = datetime.now, survey=None):
        self._sf = session_factory
        self._survey = survey  # kiosk.services.survey.SurveyService, for the SIPAS section
        self._catalog = catalog
        self._unit = unit
        self._now = clock

    def build(self, period_key: str) -> Report:
        period = parse_period(period_key)
        start = datetime.combine(period.start, datetime.min.time())
        end = datetime.combine(period.end, datetime.min.time())
        with self._sf() as s:
            rows, weekly = self._dossier_counts(s, start, end, period)
            satisfaction = self._satisfaction(s, start, end)
            tickets = self._tickets(s, period)
            feedback = self._feedback(s, start, end)
        total = {k: sum(r.counts[k] for r in rows) for k, _ in COLUMNS}
        sipas = self._survey.section(period.start, period.end, period.kind) if self._survey else None
        return Report(period, self._now(), self._unit, rows, total, weekly, satisfaction, tickets, feedback, sipas)

    def _dossier_counts(self, s: Session, start: datetime, end: datetime,
                        period: Period) -> tuple[list[ProcedureRow], list[dict]]:
        """The per-procedure table and the weekly same-day series of the period's dossiers."""
        d = Dossier
        sqlite = s.get_bind().dialect.name == "sqlite"

        def day(col):
            # SQLite keeps datetimes as ISO text: the first 10 characters are the day, and cutting
            # them is 3x cheaper than date(); on PostgreSQL date() is a cast
            return func.substr(col, 1, 10) if sqlite else func.date(col)

        due_day = d.due_date if not sqlite else func.substr(d.due_date, 1, 10)
        done_day = day(func.coalesce(d.resolved_at, d.returned_at))
        due = func.coalesce(d.new_due_date, d.due_date)
        resolved = d.status.in_(("resolved", "returned"))
        pending = d.status.in_(("received", "needs-supplement"))
        # a date, not its ISO text: PostgreSQL has no date >= varchar operator (SQLite binds it as text)
        as_of = min(period.last_day, self._now().date())
        received_day = day(d.received_at)
        exprs = {
            "received": func.count(d.id),
            "received_direct": _count(d.channel == "direct"),
            "received_online": _count(d.channel == "online"),
            "received_post": _count(d.channel == "post"),
            "resolved": _count(resolved),
            "early": _count(and_(resolved, done_day < due_day)),
            "on_time": _count(and_(resolved, done_day == due_day)),
            "late": _count(and_(resolved, done_day > due_day)),
            "same_day": _count(and_(d.returned_at.is_not(None), day(d.returned_at) == received_day)),
            "via_counter": _count(d.returned_via == "counter"),
            "via_village_head": _count(d.returned_via == "village-head"),
            "via_post": _count(d.returned_via == "post"),
            "via_online": _count(d.returned_via == "online"),
            "supplement": _count(d.supplement_requested_at.is_not(None)),
            "refused": _count(d.status == "refused"),
            "apologised": _count(d.new_due_date.is_not(None)),
            "pending_not_due": _count(and_(pending, func.date(due) >= as_of)),
            "pending_overdue": _count(and_(pending, func.date(due) < as_of)),
            "proxy_written": _count(d.proxy_written.is_(True)),
            "guided_online": _count(d.guided_online.is_(True)),
        }
        in_period = and_(d.received_at >= start, d.received_at < end)
        # Two grouped queries, both answered in the database: the per-procedure table (a few
        # hundred rows) and the weekly series by day of receipt (one row a day). Grouping by
        # procedure and day together made ~200,000 rows for a year of 1,000,000 dossiers, which
        # then cost more in Python than the query itself (bench/reports.py).
        per_proc: dict[str, dict[str, int]] = {}
        by_proc = select(d.procedure_code, *[e.label(k) for k, e in exprs.items()]).where(in_period)
        for row in s.execute(by_proc.group_by(d.procedure_code)):
            per_proc[row[0]] = {k: int(v or 0) for k, v in zip(exprs, row[1:])}
        weeks: dict[date, dict] = {}
        by_day = (select(received_day.label("day"), exprs["received"].label("received"),
                         exprs["same_day"].label("same_day")).where(in_period).group_by(received_day))
        for day_value, received, same_day in s.execute(by_day):
            received_on = day_value if isinstance(day_value, date) else date.fromisoformat(str(day_value))
            monday = received_on - timedelta(days=received_on.weekday())
            w = weeks.setdefault(monday, {"week": f"T{monday.isocalendar().week}", "start": monday.strftime("%d/%m"),
                                          "received": 0, "same_day": 0})
            w["received"] += int(received)
            w["same_day"] += int(same_day or 0)
        out = []
        for code, counts in per_proc.items():
            proc = self._catalog.procedure(code)
            out.append(ProcedureRow(code, proc.short_name if proc else code, counts))
        out.sort(key=lambda r: (-r.counts["received"], r.code))
        return out, [weeks[k] for k in sorted(weeks)]

    def _satisfaction(self, s: Session, start: datetime, end: datetime) -> dict:
        q = (select(SurveyResponse.score, func.count(SurveyResponse.id))
             .where(SurveyResponse.created_at >= start, SurveyResponse.created_at < end)
             .group_by(SurveyResponse.score))
        by_score = {i: 0 for i in range(1, 6)}
        for score, n in s.execute(q):
            by_score[int(score)] = int(n)
        count = sum(by_score.values())
        avg = round(sum(k * v for k, v in by_score.items()) / count, 2) if count else None
        satisfied = round(100 * (by_score[4] + by_score[5]) / count, 1) if count else None
        return {"count": count, "average": avg, "by_score": by_score, "satisfied_percent": satisfied}

    def _tickets(self, s: Session, period: Period) -> dict:
        t = AssistanceTicket
        wait_rows = s.execute(select(t.created_at, t.called_at, t.priority, t.served_at)
                              .where(t.day >= period.start, t.day < period.end)).all()
        waits = [(c - a).total_seconds() / 60 for a, c, _, _ in wait_rows if c is not None]
        return {"count": len(wait_rows), "priority": sum(1 for r in wait_rows if r[2]),
                "served": sum(1 for r in wait_rows if r[3] is not None),
                "average_wait_minutes": round(sum(waits) / len(waits), 1) if waits else None}

    def _feedback(self, s: Session, start: datetime, end: datetime) -> dict:
        f = Feedback
        row = s.execute(select(func.count(f.id), _count(f.status == "answered"))
                        .where(f.created_at >= start, f.created_at < end)).one()
        return {"received": int(row[0] or 0), "answered": int(row[1] or 0)}
