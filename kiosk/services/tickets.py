"""Assistance queue: the lobby's "Nhờ cán bộ viết giúp" tickets, called at the counter."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import AssistanceTicket
from kiosk.errors import KioskError

# the kinds offered on the lobby's help screen: kind -> (words the clerk and the citizen read, priority)
TICKET_KINDS = {
    "normal": ("thường", False),
    "elderly": ("ưu tiên – người cao tuổi", True),
    "disabled": ("ưu tiên – người khuyết tật", True),
    "pregnant": ("ưu tiên – phụ nữ mang thai", True),
}


@dataclass(frozen=True)
class TicketInfo:
    id: int
    number: int
    day: date
    procedure_code: str | None
    priority: bool
    created_at: datetime
    called_at: datetime | None
    served_at: datetime | None
    kind: str = "normal"  # a key of TICKET_KINDS

    @property
    def label(self) -> str:
        return f"{'U' if self.priority else 'A'}{self.number:03d}"

    @property
    def kind_words(self) -> str:
        """"ưu tiên – người cao tuổi", or "thường"."""
        return TICKET_KINDS.get(self.kind, TICKET_KINDS["normal"])[0]

    @property
    def caption(self) -> str:
        """The number with its kind, as the counter's queue shows it: "U003 (ưu tiên – người cao tuổi)"."""
        return f"{self.label} ({self.kind_words})"


def _info(t: AssistanceTicket) -> TicketInfo:
    return TicketInfo(t.id, t.number, t.day, t.procedure_code, t.priority, t.created_at, t.called_at, t.served_at,
                      t.kind or ("elderly" if t.priority else "normal"))


# first key of the PostgreSQL advisory lock that serialises ticket numbering (the day is the second)
_TICKET_LOCK = 0x7469636B  # "tick"


def _lock_day(s: Session, day: date) -> None:
    """On PostgreSQL, wait for the other kiosks taking a ticket for `day` until they commit, so
    max+1 is read after their insert. Without it, under READ COMMITTED the faster kiosk keeps
    winning the unique (day, number) race and the other exhausts its retries. SQLite needs
    nothing: BEGIN IMMEDIATE (kiosk.db.engine) already serialises writers. The lock ends with
    the transaction."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(_TICKET_LOCK, day.toordinal())))


class TicketService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._now = clock

    def take_ticket(self, procedure_code: str | None, priority: bool = False, kind: str | None = None) -> TicketInfo:
        """Store a new ticket with the next number of the day; commits. Retries on a number race.
        `kind` (TICKET_KINDS) decides the priority; without it, `priority` alone means "elderly"."""
        if kind is None:
            kind = "elderly" if priority else "normal"
        if kind not in TICKET_KINDS:
            raise KioskError("Loại số thứ tự không hợp lệ. Xin chọn lại.")
        priority = TICKET_KINDS[kind][1]
        for _ in range(5):
            now = self._now()
            try:
                with self._sf.begin() as s:
                    _lock_day(s, now.date())
                    last = s.scalar(select(func.max(AssistanceTicket.number)).where(AssistanceTicket.day == now.date()))
                    t = AssistanceTicket(day=now.date(), number=(last or 0) + 1, procedure_code=procedure_code,
                                         priority=priority, kind=kind, created_at=now)
                    s.add(t)
                    s.flush()
                    return _info(t)
            except IntegrityError:
                continue
        raise KioskError("Máy đang bận, chưa lấy được số. Xin chạm lại.")

    def waiting(self, day: date | None = None) -> list[TicketInfo]:
        """Tickets not yet called today, priority first, then in order of arrival."""
        day = day or self._now().date()
        with self._sf() as s:
            rows = s.scalars(select(AssistanceTicket)
                             .where(AssistanceTicket.day == day, AssistanceTicket.called_at.is_(None))
                             .order_by(AssistanceTicket.priority.desc(), AssistanceTicket.number))
            return [_info(t) for t in rows]

    def call_next(self, clerk_id: int | None = None, counter: str | None = None) -> TicketInfo | None:
        now = self._now()
        with self._sf.begin() as s:
            t = s.scalars(select(AssistanceTicket)
                          .where(AssistanceTicket.day == now.date(), AssistanceTicket.called_at.is_(None))
                          .order_by(AssistanceTicket.priority.desc(), AssistanceTicket.number)
                          .limit(1).with_for_update(skip_locked=True)).first()
            if t is None:
                return None
            t.called_at, t.clerk_id, t.counter = now, clerk_id, counter
            return _info(t)

    def mark_served(self, ticket_id: int) -> TicketInfo:
        with self._sf.begin() as s:
            t = s.get(AssistanceTicket, ticket_id)
            t.served_at = self._now()
            return _info(t)
