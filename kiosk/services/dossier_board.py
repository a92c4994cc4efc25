"""The day's board and undo, part of DossierService (kiosk.services.dossiers): the
counter's lists (today's dossiers, search by code, name without accents or CCCD, known
applicants, a village's handover) and undoing an outcome recorded a few seconds ago.

`DossierBoard` is a mixin: it uses the host's session factory, `_load`, `_info`,
`_event`, `_check_clerk`, `_village` and `_procedure_name`. Every method is one unit of
work and returns plain dataclasses."""
from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select

from kiosk.db.models import Applicant, Dossier, DossierEvent, PrintJob
from kiosk.errors import ValidationError
from kiosk.services.audit import add_event
from kiosk.services.dossier_codes import normalise_code
from kiosk.services.dossier_types import (ApplicantInfo, BoardRow, DossierInfo, DossierStatus, InvalidTransition,
                                          ReturnChannel, STATUS_LABELS)
from kiosk.text import fold, nfc


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)

UNDO_WINDOW = timedelta(seconds=10)  # an outcome can be undone this long after it was recorded
BEFORE = "_before"  # event detail key: the dossier's columns before the change (for undo)
# once told that a paper of the outcome is out, the clerk has this long more to take it back and confirm
PAPER_BACK_GRACE = timedelta(seconds=60)
NOT_OUTCOMES = ("received", "undone", "printed")  # events undo never undoes
UNDO_COLUMNS = ("status", "status_changed_at", "resolved_at", "returned_at", "returned_via", "returned_village",
                "supplement_requested_at", "due_date", "new_due_date")
_DATE_COLUMNS = {"due_date", "new_due_date"}


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _from_json(col: str, value: Any) -> Any:
    if value is None or col == "status" or col in ("returned_via", "returned_village"):
        return value
    return date.fromisoformat(value) if col in _DATE_COLUMNS else datetime.fromisoformat(value)


def _undone_ids(events) -> set[int]:
    return {json.loads(e.detail_json or "{}").get("event_id") for e in events if e.kind == "undone"}


def _applicant_info(a: Applicant | None) -> ApplicantInfo | None:
    if a is None or a.purged:
        return None
    return ApplicantInfo(a.id, a.full_name or "", a.date_of_birth, a.sex, a.cccd, a.phone, a.address, a.village,
                         a.cccd_issue_date)


class PaperOut(InvalidTransition):
    """The outcome to undo already has a paper printed (a slip, a handover list): the clerk
    must take it back from the citizen first, then undo with `papers_back=True`."""

    def __init__(self, message: str, papers: tuple[str, ...]):
        super().__init__(message)
        self.papers = papers


def _last_outcome(events: list[DossierEvent]) -> DossierEvent | None:
    undone = _undone_ids(events)
    return next((e for e in reversed(events) if e.kind not in NOT_OUTCOMES and e.id not in undone), None)


class DossierBoard:
    """Board reads and undo (mixed into DossierService)."""

    def find_applicants(self, query: str, limit: int = 20, clerk_id: int | None = None) -> list[ApplicantInfo]:
        """Known applicants by CCCD (at least the first 6 digits) or by name (at least 4
        letters), accents optional; every search is in the audit log (commits). Raises
        ValidationError for a shorter query: a few characters must not list many people."""
        q = nfc(query)
        digits = re.sub(r"\s", "", q)
        stmt = select(Applicant).where(Applicant.purged.is_(False))
        if re.fullmatch(r"[0-9]+", digits):
            if not 6 <= len(digits) <= 12:
                raise ValidationError("query", "Nhập ít nhất 6 chữ số đầu của số CCCD (tối đa 12) để tìm.")
            stmt = stmt.where(Applicant.cccd.startswith(digits))
        else:
            words = fold(q).split()
            if sum(len(w) for w in words) < 4:
                raise ValidationError("query", "Nhập ít nhất 4 chữ cái của họ tên để tìm.")
            for w in words:
                stmt = stmt.where(Applicant.name_folded.contains(w, autoescape=True))
        with self._sf.begin() as s:
            rows = [_applicant_info(a) for a in s.scalars(stmt.order_by(Applicant.updated_at.desc()).limit(limit))]
            add_event(s, "search-applicant", clerk_id, f"“{q[:40]}”: {len(rows)} người")
            return rows

    def day_board(self, day: date, with_applicant: bool = False) -> list[BoardRow]:
        """Every dossier received on `day`, in order of receipt, with status and due date;
        the applicant's name and village only `with_applicant` (the counter's board)."""
        start, end = _day_range(day)
        with self._sf() as s:
            rows = s.scalars(select(Dossier).where(Dossier.received_at >= start, Dossier.received_at < end)
                             .order_by(Dossier.received_at, Dossier.id))
            return [self._board_row(d, with_applicant) for d in rows]

    def search(self, query: str, limit: int = 50) -> list[BoardRow]:
        """Dossiers by code (or the receipt's QR text), the applicant's name without accents
        (every word, any order), or CCCD (whole, first digits, or the card's QR text as the
        scanner types it); most recent first, with the
        applicant's name (for the counter)."""
        q = nfc(query or "").strip()
        if not q:
            return []
        digits = re.sub(r"\s", "", q)
        card = re.sub(r"\s", "", q.split("|")[0])
        if "|" in q and re.fullmatch(r"[0-9]{12}", card):  # the QR of a CCCD, as the scanner types it
            digits = card
        stmt = select(Dossier).outerjoin(Applicant, Dossier.applicant_id == Applicant.id)
        if re.fullmatch(r"[0-9]{3,12}", digits):  # a CCCD, or the end of a code ("…-007")
            stmt = stmt.where(or_(and_(Applicant.cccd.startswith(digits), Applicant.purged.is_(False)),
                                  Dossier.code.endswith("-" + digits)))
        elif re.search(r"[0-9]", q) and ("-" in q or "|" in q):
            stmt = stmt.where(Dossier.code.contains(normalise_code(q), autoescape=True))
        else:
            words = fold(q).split()
            if not any(ch.isalnum() for w in words for ch in w):
                return []  # "%", an emoji, punctuation: no name to look for, not everyone
            for w in words:
                stmt = stmt.where(Applicant.name_folded.contains(w, autoescape=True))
            stmt = stmt.where(Applicant.purged.is_(False))
        with self._sf() as s:
            rows = s.scalars(stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc()).limit(limit))
            return [self._board_row(d, True) for d in rows]

    def village_handover(self, day: date, village: str) -> list[DossierInfo]:
        """Results returned on `day` through the head of `village` (the list handed to them)."""
        name = self._village(village)
        start, end = _day_range(day)
        with self._sf() as s:
            rows = s.scalars(select(Dossier).where(Dossier.returned_via == ReturnChannel.VILLAGE_HEAD,
                                                   Dossier.returned_village == name,
                                                   Dossier.returned_at >= start, Dossier.returned_at < end)
                             .order_by(Dossier.returned_at, Dossier.id))
            return [self._info(s, d) for d in rows]

    def undo_last(self, code: str, clerk_id: int | None = None, now: datetime | None = None,
                  window: timedelta = UNDO_WINDOW, papers_back: bool = False) -> DossierInfo:
        """Undo the dossier's last outcome (resolved, returned, supplement, refusal, new date)
        recorded less than `window` ago: the dossier gets back exactly its previous state and
        an "undone" event records what was undone; commits. Raises InvalidTransition when there
        is nothing to undo or it is too late, and PaperOut (nothing undone) when a paper of
        that outcome was printed (`record_printed`), unless `papers_back`: the clerk took it
        back, within PAPER_BACK_GRACE more."""
        now = now or self._now()
        with self._sf.begin() as s:
            self._check_clerk(s, clerk_id)
            d = self._load(s, code, for_update=True)
            events = list(s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)
                                    .order_by(DossierEvent.id)))
            last = _last_outcome(events)
            before = json.loads(last.detail_json or "{}").get(BEFORE) if last is not None else None
            if last is None or before is None:
                raise InvalidTransition(f"Hồ sơ {d.code}: không có thao tác nào để hoàn tác.")
            papers = self._papers_out(s, events, last)
            if now - last.at > window + (PAPER_BACK_GRACE if papers and papers_back else timedelta(0)):
                raise InvalidTransition(f"Hồ sơ {d.code}: đã quá {int(window.total_seconds())} giây, không hoàn tác "
                                        "được nữa. Hãy ghi thao tác đúng cho hồ sơ.")
            if papers and not papers_back:
                raise PaperOut(f"{'; '.join(papers)} của hồ sơ {d.code} đã in ra. Hoàn tác thì giấy đó không còn "
                               "giá trị: thu lại giấy từ người dân trước khi hoàn tác.", papers)
            for col, value in before.items():
                setattr(d, col, _from_json(col, value))
            detail = {"event_id": last.id, "kind": last.kind, **({"papers_back": list(papers)} if papers else {})}
            self._event(s, d, "undone", detail, clerk_id, now)
            add_event(s, "dossier-undone", clerk_id, d.code)
            return self._info(s, d)

    @staticmethod
    def _papers_out(s, events: list[DossierEvent], outcome: DossierEvent) -> tuple[str, ...]:
        """Papers printed for `outcome` whose print job did not fail (they may be in a hand)."""
        printed = [json.loads(e.detail_json or "{}") for e in events if e.kind == "printed"]
        printed = [p for p in printed if p.get("event_id") == outcome.id]
        failed = set(s.scalars(select(PrintJob.id).where(PrintJob.id.in_([p.get("job_id") for p in printed]),
                                                         PrintJob.status == "failed"))) if printed else set()
        return tuple(dict.fromkeys(p.get("paper", "") for p in printed if p.get("job_id") not in failed))

    def record_printed(self, code: str, paper: str, job_id: int | None, clerk_id: int | None = None,
                       now: datetime | None = None) -> int | None:
        """A paper of the dossier's last outcome is sent to print (a slip, the village's
        handover list): an undo of that outcome then asks for it back. Record it BEFORE
        sending, with `job_id` None (`print_sent` adds it): an undo racing the print then
        asks for the paper too. Returns the record's id (None: no outcome). Commits."""
        now = now or self._now()
        with self._sf.begin() as s:
            d = self._load(s, code, for_update=True)
            events = list(s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)
                                    .order_by(DossierEvent.id)))
            last = _last_outcome(events)
            if last is None:
                return None
            ev = DossierEvent(dossier_id=d.id, at=now, clerk_id=clerk_id, kind="printed", detail_json=json.dumps(
                {"event_id": last.id, "paper": paper, "job_id": job_id}, ensure_ascii=False))
            s.add(ev)
            s.flush()
            return ev.id

    def print_sent(self, record_ids: list[int | None], job_id: int | None) -> None:
        """The print job of papers recorded by `record_printed`; None: nothing was printed
        (the paper could not be made), the records go. Commits."""
        ids = [i for i in record_ids if i is not None]
        if not ids:
            return
        with self._sf.begin() as s:
            for ev in s.scalars(select(DossierEvent).where(DossierEvent.id.in_(ids), DossierEvent.kind == "printed")):
                if job_id is None:
                    s.delete(ev)
                else:
                    ev.detail_json = json.dumps({**json.loads(ev.detail_json or "{}"), "job_id": job_id},
                                                ensure_ascii=False)

    def _board_row(self, d: Dossier, with_applicant: bool = False) -> BoardRow:
        status = DossierStatus(d.status)
        same_day = d.returned_at is not None and d.returned_at.date() == d.received_at.date()
        a = _applicant_info(d.applicant) if with_applicant else None
        return BoardRow(d.code, d.procedure_code, self._procedure_name(d.procedure_code, d.procedure_snapshot_json),
                        status, STATUS_LABELS[status], d.received_at, d.new_due_date or d.due_date, d.returned_at,
                        d.returned_via, same_day, applicant_name=a.full_name if a else "",
                        applicant_village=a.village if a else None, planned_return_via=d.planned_return_via,
                        planned_return_village=d.planned_return_village, returned_village=d.returned_village,
                        # an online dossier's receipt is the national portal's: none is printed here
                        receipt_printed=d.receipt_snapshot_json is not None or d.channel == "online")

