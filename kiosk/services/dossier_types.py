"""Plain data of the dossier service: statuses, return channels and the frozen dataclasses
it returns to screens and commands (no ORM objects leave the service)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from kiosk.errors import KioskError


class DossierStatus(StrEnum):
    RECEIVED = "received"
    NEEDS_SUPPLEMENT = "needs-supplement"
    REFUSED = "refused"
    RESOLVED = "resolved"
    RETURNED = "returned"


STATUS_LABELS = {
    DossierStatus.RECEIVED: "Đã tiếp nhận, đang giải quyết",
    DossierStatus.NEEDS_SUPPLEMENT: "Cần bổ sung giấy tờ",
    DossierStatus.REFUSED: "Từ chối giải quyết",
    DossierStatus.RESOLVED: "Đã có kết quả, chờ trả",
    DossierStatus.RETURNED: "Đã trả kết quả",
}


class ReturnChannel(StrEnum):
    COUNTER = "counter"
    VILLAGE_HEAD = "village-head"
    POST = "post"
    ONLINE = "online"


CHANNELS = {"direct": "trực tiếp", "online": "trực tuyến", "post": "bưu chính"}


# not yet decided: a supplement request, refusal or new date is still possible
OPEN = frozenset({DossierStatus.RECEIVED, DossierStatus.NEEDS_SUPPLEMENT})


class InvalidTransition(KioskError):
    """The dossier's status does not allow the requested step."""


@dataclass(frozen=True)
class ApplicantInfo:
    id: int
    full_name: str
    date_of_birth: str | None
    sex: str | None
    cccd: str | None
    phone: str | None
    address: str | None
    village: str | None
    cccd_issue_date: str | None = None  # dd/mm/yyyy, from the card's QR


@dataclass(frozen=True)
class HandedDocument:
    """One paper recorded as handed in (or shown) at the counter."""
    name: str
    originals: int = 1
    copies: int = 0
    kind: str = "always"  # always | conditional | show | extra (a free item the clerk added)


@dataclass(frozen=True)
class DossierInfo:
    code: str
    procedure_code: str
    procedure_name: str
    status: DossierStatus
    received_at: datetime
    received_by: int | None
    channel: str
    proxy_written: bool
    guided_online: bool
    due_date: date
    new_due_date: date | None
    resolved_at: datetime | None
    returned_at: datetime | None
    returned_via: str | None
    returned_village: str | None
    applicant: ApplicantInfo | None
    missing_items: tuple[str, ...] = ()
    refusal_reason: str | None = None
    postpone_reason: str | None = None
    documents: tuple[HandedDocument, ...] = ()
    planned_return_via: str | None = None
    planned_return_village: str | None = None
    register_year: int | None = None
    register_no: int | None = None
    processing_days: int | None = None  # from the procedure snapshot taken at receipt

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def effective_due_date(self) -> date:
        """The date promised now: the postponed date when there is one."""
        return self.new_due_date or self.due_date

    @property
    def same_day(self) -> bool:
        return self.returned_at is not None and self.returned_at.date() == self.received_at.date()

    def is_overdue(self, today: date) -> bool:
        open_ = self.status in (DossierStatus.RECEIVED, DossierStatus.NEEDS_SUPPLEMENT)
        return open_ and today > self.effective_due_date


@dataclass(frozen=True)
class DossierEventInfo:
    """One step of a dossier's history: kind as in DossierEvent (received, needs-supplement,
    supplemented, refused, postponed, resolved, returned), when, details, who."""
    kind: str
    at: datetime
    detail: dict
    clerk_id: int | None
    clerk_name: str = ""


@dataclass(frozen=True)
class PublicStatus:
    """What the lobby may show to anyone who types a dossier code: no personal data."""
    code: str
    procedure_code: str
    procedure_name: str
    status: DossierStatus
    status_label: str
    due_date: date


@dataclass(frozen=True)
class BoardRow:
    """One line of the day's board; the applicant's name and village only for the counter."""
    code: str
    procedure_code: str
    procedure_name: str
    status: DossierStatus
    status_label: str
    received_at: datetime
    due_date: date
    returned_at: datetime | None
    returned_via: str | None
    same_day: bool
    # filled only for the counter's board (day_board(with_applicant=True), search)
    applicant_name: str = ""
    applicant_village: str | None = None
    planned_return_via: str | None = None
    planned_return_village: str | None = None
    returned_village: str | None = None
    receipt_printed: bool = True  # False: received, but its receipt was never made (a crash, a power cut)
