"""Dossiers (hồ sơ): received at the counter, followed through their status, returned.

Glossary: người nộp = applicant; bổ sung = supplement; từ chối = refuse; hẹn lại (with
an apology slip) = postpone; trưởng thôn = village head; trả kết quả = return.

Status: received -> needs-supplement | refused | resolved -> returned; a dossier waiting
for a supplement goes back to received when the papers arrive. "Same-day" means
returned on the day it was received.

Every method is one unit of work: it commits or rolls back and returns plain frozen
dataclasses. Errors a person can cause raise KioskError subclasses (Vietnamese).
"""
from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import Settings
from kiosk.db.models import Applicant, Clerk, Dossier, DossierEvent, FilledForm
from kiosk.errors import NotFoundError, ValidationError
from kiosk.services.audit import add_event
from kiosk.text import fold, nfc, parse_date, validate_text
from kiosk.workdays import is_working_day, working_days_after
from kiosk.services.dossier_codes import next_sequence, next_sequence_above, normalise_code  # noqa: F401
from kiosk.services.dossier_types import (  # noqa: F401 (re-exported)
    CHANNELS, OPEN, STATUS_LABELS, ApplicantInfo, BoardRow, DossierEventInfo, DossierInfo, DossierStatus,
    HandedDocument,
    InvalidTransition,
    PublicStatus, ReturnChannel)
from kiosk.services.dossier_receipt import check_received_here, receipt_days
from kiosk.services.dossier_board import (  # noqa: F401 (UNDO_WINDOW re-exported)
    BEFORE, UNDO_COLUMNS, UNDO_WINDOW, DossierBoard, PaperOut, _applicant_info, _to_json, _undone_ids)

if TYPE_CHECKING:  # the catalog package is imported on first use (kiosk/catalog/__init__.py)
    from kiosk.catalog import Catalog, Procedure


def missing_required(proc: Procedure, documents: Iterable[Mapping[str, Any]]) -> list[str]:
    """The procedure's always-required papers not among `documents` (by name, NFC): receiving
    them is refused unless the clerk receives with a supplement request for exactly these."""
    given = {nfc(str(d.get("name", ""))).strip() for d in documents if isinstance(d, Mapping)}
    return [d.name for d in proc.documents_always if d.name not in given]


class DossierService(DossierBoard):
    def __init__(self, session_factory: sessionmaker[Session], catalog: Catalog, settings: Settings,
                 clock: Callable[[], datetime] = datetime.now, watermark=None):
        self._sf = session_factory
        self._catalog = catalog
        self._settings = settings
        self._now = clock
        self._watermark = watermark  # kiosk.db.watermark.CodeWatermark: no code issued twice

    # --- receiving ---

    def receive_dossier(self, procedure: str | Procedure, applicant: Mapping[str, Any], clerk_id: int | None,
                        channel: str = "direct", proxy_written: bool = False, guided_online: bool = False,
                        form_values: Mapping[str, Mapping[str, Any]] | None = None, now: datetime | None = None,
                        draft_ids: Iterable[int] = (), documents: Iterable[Mapping[str, Any]] | None = None,
                        return_via: str | None = None, return_village: str | None = None,
                        processing_days: int | str | None = None) -> DossierInfo:
        """Validate, allocate the code, compute the due date, store the applicant, the filled
        forms (given values, or open drafts turned into the dossier's forms), the papers
        handed in (`documents`: [{"name", "originals", "copies"}]; None = the procedure's
        always-required papers, one original each), the return channel chosen at receipt, a
        snapshot of the procedure and the register number; commits. `processing_days`: the
        working days the clerk reads from the legal text when the catalog has no number
        (stored in the snapshot, used for the due date); refused when the catalog has one.
        Raises ValidationError for a procedure another office receives (saying where to go)
        or a missing/bad number of days, ValidationErrors listing every other problem,
        NotFoundError for an unknown procedure, clerk or draft. Nothing is written when it raises."""
        now = now or self._now()
        proc = self._procedure(procedure)
        check_received_here(proc, self._catalog)
        days = receipt_days(proc, processing_days)
        if channel not in CHANNELS:
            raise ValidationError("channel", f"Kênh nộp hồ sơ phải là một trong: {', '.join(CHANNELS)}.")
        papers = self._papers(proc, documents)
        planned = self._return_channel(return_via, return_village) if return_via else (None, None)
        with self._sf.begin() as s:
            self._check_clerk(s, clerk_id)
            drafts = self._open_drafts(s, proc, draft_ids)
            person, forms = self._validate(proc, applicant, form_values, drafts, now.date())
            code = self._new_code(s, now)
            d = Dossier(code=code, procedure_code=proc.code, received_at=now, received_by=clerk_id, channel=channel,
                        proxy_written=bool(proxy_written), guided_online=bool(guided_online),
                        due_date=working_days_after(now, days, self._settings.extra_holidays),
                        status=DossierStatus.RECEIVED, status_changed_at=now,
                        applicant=self._applicant_row(s, person, now),
                        documents_json=json.dumps([p.__dict__ for p in papers], ensure_ascii=False),
                        planned_return_via=planned[0], planned_return_village=planned[1],
                        procedure_snapshot_json=json.dumps(self._snapshot(proc, days), ensure_ascii=False),
                        register_year=now.year, register_no=self._register_no(s, now.year))
            s.add(d)
            s.flush()
            self._store_forms(s, d, forms, drafts, clerk_id, now)
            self._event(s, d, "received", {}, clerk_id, now)
            add_event(s, "receive-dossier", clerk_id, code)
            return self._info(s, d)

    @staticmethod
    def _papers(proc: Procedure, documents: Iterable[Mapping[str, Any]] | None) -> list[HandedDocument]:
        if documents is None:
            return [HandedDocument(d.name, 1, 0, d.kind) for d in proc.documents_always]
        kinds = {d.name: d.kind for d in proc.required_documents}
        papers, errors = [], []
        for i, doc in enumerate(documents):
            if not isinstance(doc, Mapping) or not isinstance(doc.get("name"), str) or not doc["name"].strip():
                errors.append(ValidationError("documents", f"Giấy tờ thứ {i + 1}: thiếu tên giấy tờ."))
                continue
            name = nfc(doc["name"]).strip()
            counts = []
            for key in ("originals", "copies"):
                v = doc.get(key, 0)
                if isinstance(v, str) and v.strip().isdigit():
                    v = int(v)
                if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 99:
                    errors.append(ValidationError("documents", f"“{name}”: số bản chính/bản sao phải là số từ 0 đến 99."))
                    v = 0
                counts.append(v)
            if len(name) > 300 and name not in kinds:  # the catalog's own names may be long
                errors.append(ValidationError("documents", f"Giấy tờ thứ {i + 1}: tên quá dài (tối đa 300 ký tự)."))
            papers.append(HandedDocument(name, counts[0], counts[1], kinds.get(name, "extra")))
        if errors:
            from kiosk.validation import ValidationErrors
            raise ValidationErrors(errors)
        return papers

    @staticmethod
    def _snapshot(proc: Procedure, days: int) -> dict[str, Any]:
        out = {"name": proc.name, "short_name": proc.short_name, "processing_days": days,
               "documents": [{"name": d.name, "kind": d.kind} for d in proc.required_documents]}
        if proc.processing_days is None:  # typed by the clerk at receipt, from the legal text
            out["processing_days_typed"] = True
        return out

    def _register_no(self, s: Session, year: int) -> int:
        # the register (Sổ theo dõi hồ sơ) counts per year; same atomic counter as the codes
        return next_sequence_above(s, ("SO" + self._settings.unit_code)[:12], date(year, 1, 1), self._watermark)

    def _procedure(self, procedure: str | Procedure) -> Procedure:
        if not isinstance(procedure, str):
            return procedure
        proc = self._catalog.procedure(nfc(procedure))
        if proc is None:
            raise NotFoundError(f"Không có thủ tục mã “{nfc(procedure)}” trong danh mục.")
        return proc

    @staticmethod
    def _check_clerk(s: Session, clerk_id: int | None) -> None:
        if clerk_id is not None and s.get(Clerk, clerk_id) is None:
            raise NotFoundError(f"Không tìm thấy tài khoản cán bộ số {clerk_id}.")

    @staticmethod
    def _open_drafts(s: Session, proc: Procedure, draft_ids: Iterable[int]) -> dict[str, FilledForm]:
        drafts: dict[str, FilledForm] = {}
        for draft_id in draft_ids or ():
            row = s.get(FilledForm, draft_id)
            if row is None or not row.is_draft or row.dossier_id is not None:
                raise NotFoundError(f"Không tìm thấy bản nháp số {draft_id} (có thể đã nộp hoặc đã xóa).")
            if row.procedure_code != proc.code:
                raise ValidationError("draft", f"Bản nháp số {draft_id} là của thủ tục khác ({row.procedure_code}).")
            drafts[row.form_id] = row
        return drafts

    def _validate(self, proc: Procedure, applicant, form_values, drafts: dict[str, FilledForm],
                  today: date) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        from kiosk.validation import ValidationErrors, validate_applicant, validate_form_values
        villages = [v.name for v in self._settings.villages]
        person, errors = validate_applicant(applicant, today, villages)
        # (values, from a draft); given values win over a draft of the same form
        sources = {form_id: (json.loads(row.values_json or "{}"), True) for form_id, row in drafts.items()}
        if form_values is not None and not isinstance(form_values, Mapping):
            errors.append(ValidationError("form_values", "Giá trị biểu mẫu phải là một nhóm theo mã mẫu."))
        else:
            sources.update({form_id: (values, False) for form_id, values in (form_values or {}).items()})
        forms: dict[str, dict[str, str]] = {}
        for form_id, (values, from_draft) in sources.items():
            template = self._catalog.forms.get(form_id)
            if template is None or form_id not in proc.forms:
                errors.append(ValidationError("form_values",
                                              f"Thủ tục “{proc.short_name}” không dùng mẫu “{form_id}”."))
                continue
            if from_draft:  # a draft is scratch space: only the form's own fields go on the form
                values = {k: v for k, v in values.items() if k in {f.key for f in template.fields}}
            forms[form_id], form_errors = validate_form_values(template, values, today)
            errors += form_errors
        if errors:
            raise ValidationErrors(errors)
        return person, forms

    def _new_code(self, s: Session, now: datetime) -> str:
        unit = self._settings.unit_code.upper()
        return f"{unit}-{now:%Y%m%d}-{next_sequence_above(s, unit, now.date(), self._watermark):03d}"

    @staticmethod
    def _applicant_row(s: Session, person: dict[str, str], now: datetime) -> Applicant:
        """The applicant with this CCCD (updated with what was given), else a new one."""
        row = None
        if person.get("cccd"):
            row = s.scalars(select(Applicant).where(Applicant.cccd == person["cccd"], Applicant.purged.is_(False))
                            .order_by(Applicant.id.desc()).limit(1)).first()
        if row is None:
            row = Applicant(purged=False)
            s.add(row)
        for key, value in person.items():
            setattr(row, key, value)
        row.name_folded = fold(row.full_name or "")[:100]
        row.updated_at = now
        return row

    @staticmethod
    def _store_forms(s: Session, d: Dossier, forms: dict[str, dict[str, str]], drafts: dict[str, FilledForm],
                     clerk_id: int | None, now: datetime) -> None:
        for form_id, values in forms.items():
            row = drafts.get(form_id)
            if row is None:
                row = FilledForm(form_id=form_id, procedure_code=d.procedure_code, clerk_id=clerk_id, created_at=now)
                s.add(row)
            row.dossier_id, row.is_draft, row.updated_at = d.id, False, now
            row.values_json = json.dumps(values, ensure_ascii=False)

    # --- reading ---

    def get(self, code: str) -> DossierInfo:
        """Everything about one dossier, for the counter (includes personal data)."""
        with self._sf() as s:
            return self._info(s, self._load(s, code))

    def received_counts(self) -> dict[str, int]:
        """How many dossiers of each procedure this commune has received (the lobby lists the
        most used first)."""
        with self._sf() as s:
            rows = s.execute(select(Dossier.procedure_code, func.count(Dossier.id)).group_by(Dossier.procedure_code))
            return {code: n for code, n in rows}

    def public_status(self, code: str) -> PublicStatus:
        """Status, due date and procedure only: safe for the lobby screen."""
        with self._sf() as s:
            d = self._load(s, code)
            status = DossierStatus(d.status)
            return PublicStatus(d.code, d.procedure_code, self._procedure_name(d.procedure_code), status,
                                STATUS_LABELS[status], d.new_due_date or d.due_date)

    def filled_forms(self, code: str) -> dict[str, dict[str, str]]:
        """The values stored for each form of the dossier (a reprint is identical)."""
        with self._sf() as s:
            d = self._load(s, code)
            rows = s.scalars(select(FilledForm).where(FilledForm.dossier_id == d.id).order_by(FilledForm.id))
            return {r.form_id: json.loads(r.values_json) for r in rows}

    def events(self, code: str) -> list[DossierEventInfo]:
        """The dossier's history, oldest first (Mẫu 06, phiếu kiểm soát)."""
        with self._sf() as s:
            d = self._load(s, code)
            names = dict(s.execute(select(Clerk.id, Clerk.name)).all())
            rows = s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.id))
            return [DossierEventInfo(e.kind, e.at, json.loads(e.detail_json or "{}"), e.clerk_id,
                                     names.get(e.clerk_id, "")) for e in rows]

    def register(self, start: date, end: date) -> list[DossierInfo]:
        """Dossiers received in [start, end), in register order (Mẫu 07, sổ theo dõi hồ sơ)."""
        lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.min)
        with self._sf() as s:
            rows = s.scalars(select(Dossier).where(Dossier.received_at >= lo, Dossier.received_at < hi)
                             .order_by(Dossier.received_at, Dossier.id))
            return [self._info(s, d) for d in rows]

    def clerk_name(self, clerk_id: int | None) -> str:
        if clerk_id is None:
            return ""
        with self._sf() as s:
            c = s.get(Clerk, clerk_id)
            return c.name if c is not None else ""

    def receipt_snapshot(self, code: str) -> str | None:
        """What the receipt printed the first time (JSON), or None before the first print."""
        with self._sf() as s:
            return self._load(s, code).receipt_snapshot_json

    def keep_receipt_snapshot(self, code: str, snapshot: str) -> str:
        """Store `snapshot` unless one is stored already; returns the one that stays
        (the first print wins, so every reprint is the same paper); commits."""
        with self._sf.begin() as s:
            d = self._load(s, code, for_update=True)
            if not d.receipt_snapshot_json:
                d.receipt_snapshot_json = snapshot
            return d.receipt_snapshot_json


    # --- status changes ---

    def resolve(self, code: str, clerk_id: int | None = None, now: datetime | None = None) -> DossierInfo:
        """The result is ready (not yet handed over); commits."""
        def apply(d: Dossier, t: datetime) -> dict:
            self._set(d, DossierStatus.RESOLVED, t, resolved_at=t)
            return {}
        allowed = {DossierStatus.RECEIVED}
        return self._transition(code, allowed, "ghi nhận đã có kết quả", "resolved", apply, clerk_id, now)

    def record_return(self, code: str, via: str | ReturnChannel, village: str | None = None,
                      clerk_id: int | None = None, now: datetime | None = None) -> DossierInfo:
        """The result reached the citizen, or the head of `village` (a configured village) to
        hand it over; sets resolved (if not yet) and returned; commits."""
        channel, name = self._return_channel(via, village)

        def apply(d: Dossier, t: datetime) -> dict:
            self._set(d, DossierStatus.RETURNED, t, resolved_at=d.resolved_at or t, returned_at=t,
                      returned_via=channel, returned_village=name)
            return {"via": channel, "village": name}
        allowed = {DossierStatus.RECEIVED, DossierStatus.RESOLVED}
        return self._transition(code, allowed, "trả kết quả", "returned", apply, clerk_id, now)

    def request_supplement(self, code: str, missing_items: list[str], clerk_id: int | None = None,
                           now: datetime | None = None) -> DossierInfo:
        """Ask for every missing paper at once (the supplement slip lists them); commits."""
        items = self._missing_items(missing_items)

        def apply(d: Dossier, t: datetime) -> dict:
            self._set(d, DossierStatus.NEEDS_SUPPLEMENT, t, supplement_requested_at=d.supplement_requested_at or t)
            return {"missing_items": items}
        return self._transition(code, OPEN, "yêu cầu bổ sung", "needs-supplement", apply, clerk_id, now)

    def mark_supplemented(self, code: str, clerk_id: int | None = None, now: datetime | None = None) -> DossierInfo:
        """The missing papers arrived: back to received; the time limit restarts from now."""
        def apply(d: Dossier, t: datetime) -> dict:
            due = working_days_after(t, self._processing_days(d), self._settings.extra_holidays)
            self._set(d, DossierStatus.RECEIVED, t, due_date=due, new_due_date=None)
            return {"due_date": due.isoformat()}
        allowed = {DossierStatus.NEEDS_SUPPLEMENT}
        return self._transition(code, allowed, "ghi nhận đã bổ sung", "supplemented", apply, clerk_id, now)

    def refuse(self, code: str, reason: str, clerk_id: int | None = None, now: datetime | None = None) -> DossierInfo:
        """Refuse to handle the dossier, with the reason printed on the refusal slip; commits."""
        reason = self._reason(reason, "Lý do từ chối")

        def apply(d: Dossier, t: datetime) -> dict:
            self._set(d, DossierStatus.REFUSED, t)
            return {"reason": reason}
        return self._transition(code, OPEN, "từ chối", "refused", apply, clerk_id, now)

    def postpone(self, code: str, new_due_date: date | str, reason: str, clerk_id: int | None = None,
                 now: datetime | None = None) -> DossierInfo:
        """Set a later due date with the reason (the apology-and-new-date slip); the status
        stays. The event records the previous date and whether it was already overdue; commits."""
        reason = self._reason(reason, "Lý do hẹn lại")
        new_day = new_due_date if isinstance(new_due_date, date) else parse_date(new_due_date, "new_due_date",
                                                                                 "Ngày hẹn mới")
        if not is_working_day(new_day, self._settings.extra_holidays):
            raise ValidationError("new_due_date", f"Ngày hẹn mới {new_day:%d/%m/%Y} là ngày nghỉ.")

        def apply(d: Dossier, t: datetime) -> dict:
            current = d.new_due_date or d.due_date
            if new_day <= current or new_day < t.date():
                raise ValidationError("new_due_date", f"Ngày hẹn mới phải sau ngày hẹn hiện tại "
                                                      f"({current:%d/%m/%Y}) và không trước hôm nay.")
            d.new_due_date = new_day
            return {"reason": reason, "new_due_date": new_day.isoformat(), "previous_due_date": current.isoformat(),
                    "overdue": t.date() > current}
        return self._transition(code, OPEN, "hẹn lại", "postponed", apply, clerk_id, now)


    def _transition(self, code: str, allowed: set[DossierStatus], action: str, kind: str,
                    apply: Callable[[Dossier, datetime], dict], clerk_id: int | None,
                    now: datetime | None) -> DossierInfo:
        """Load the dossier locked, check its status is in `allowed`, `apply` the change
        (returns the event's details), record the event and the audit entry; commits."""
        now = now or self._now()
        with self._sf.begin() as s:
            self._check_clerk(s, clerk_id)
            d = self._load(s, code, for_update=True)
            if d.status not in allowed:
                label = STATUS_LABELS[DossierStatus(d.status)]
                raise InvalidTransition(f"Hồ sơ {d.code} đang ở trạng thái “{label}”, không thể {action}.")
            before = {col: _to_json(getattr(d, col)) for col in UNDO_COLUMNS}
            detail = apply(d, now)
            self._event(s, d, kind, {**detail, BEFORE: before}, clerk_id, now)
            add_event(s, f"dossier-{kind}", clerk_id, d.code)
            return self._info(s, d)

    @staticmethod
    def _set(d: Dossier, status: DossierStatus, now: datetime, **fields: Any) -> None:
        d.status, d.status_changed_at = status, now
        for key, value in fields.items():
            setattr(d, key, value)

    @staticmethod
    def _event(s: Session, d: Dossier, kind: str, detail: dict[str, Any], clerk_id: int | None,
               now: datetime) -> None:
        s.add(DossierEvent(dossier_id=d.id, at=now, clerk_id=clerk_id, kind=kind,
                           detail_json=json.dumps(detail, ensure_ascii=False)))

    @staticmethod
    def _load(s: Session, code: str, for_update: bool = False) -> Dossier:
        stmt = select(Dossier).where(Dossier.code == normalise_code(code or ""))
        d = s.scalars(stmt.with_for_update() if for_update else stmt).first()
        if d is None:
            raise NotFoundError(f"Không tìm thấy hồ sơ có mã “{nfc(code)}”. Hãy kiểm tra lại mã trên giấy hẹn.")
        return d

    def _procedure_name(self, procedure_code: str, snapshot: str | None = None) -> str:
        if snapshot:
            return json.loads(snapshot).get("name", "")
        proc = self._catalog.procedure(procedure_code)
        return proc.name if proc else ""

    def _processing_days(self, d: Dossier) -> int:
        """The time limit as it was at receipt; a later catalog edit (or a broken catalog
        file) never moves an existing dossier's due date."""
        if d.procedure_snapshot_json:
            return int(json.loads(d.procedure_snapshot_json)["processing_days"])
        proc = self._catalog.procedure(d.procedure_code)
        if proc is None:
            raise ValidationError("procedure", f"Không tìm thấy thủ tục {d.procedure_code} trong danh mục; "
                                               "không thể tính lại hạn trả của hồ sơ này.")
        return proc.processing_days

    def _village(self, village: str | None) -> str:
        key = fold(nfc(village))
        found = next((v for v in self._settings.villages if key and fold(v.name) == key), None)
        if found is None:
            known = ", ".join(v.name for v in self._settings.villages) or "(chưa cấu hình thôn nào)"
            raise ValidationError("village", f"Thôn “{nfc(village)}” không có trong danh sách thôn của xã: {known}.")
        return found.name

    def _return_channel(self, via: str | ReturnChannel, village: str | None) -> tuple[ReturnChannel, str | None]:
        try:
            channel = ReturnChannel(via)
        except ValueError:
            raise ValidationError("via", "Cách trả kết quả phải là: counter (tại quầy), village-head (qua trưởng "
                                         "thôn), post (bưu điện) hoặc online (trực tuyến).") from None
        if channel == ReturnChannel.VILLAGE_HEAD:
            return channel, self._village(village)
        if nfc(village):
            raise ValidationError("village", "Chỉ ghi tên thôn khi trả kết quả qua trưởng thôn.")
        return channel, None

    @staticmethod
    def _missing_items(items: list[str]) -> list[str]:
        if isinstance(items, str) or not isinstance(items, (list, tuple)):
            raise ValidationError("missing_items", "Danh sách giấy tờ cần bổ sung phải là một danh sách.")
        if not all(isinstance(i, str) for i in items):
            raise ValidationError("missing_items", "Mỗi giấy tờ cần bổ sung phải là một dòng chữ.")
        clean = [i for i in (validate_text(i, "missing_items", "Giấy tờ cần bổ sung") for i in items) if i]
        if not clean:
            raise ValidationError("missing_items", "Hãy ghi ít nhất một giấy tờ cần bổ sung.")
        return clean

    @staticmethod
    def _reason(reason: str, label: str) -> str:
        text = validate_text(reason if isinstance(reason, str) else "", "reason", label, max_len=1000, multiline=True)
        if not text:
            raise ValidationError("reason", f"{label}: chưa nhập.")
        return text

    def _info(self, s: Session, d: Dossier) -> DossierInfo:
        latest: dict[str, dict[str, Any]] = {}
        events = list(s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.id)))
        undone = _undone_ids(events)
        for e in events:
            if e.id not in undone:
                latest[e.kind] = json.loads(e.detail_json or "{}")
        return DossierInfo(
            code=d.code, procedure_code=d.procedure_code,
            procedure_name=self._procedure_name(d.procedure_code, d.procedure_snapshot_json),
            status=DossierStatus(d.status), received_at=d.received_at, received_by=d.received_by, channel=d.channel,
            proxy_written=d.proxy_written, guided_online=d.guided_online, due_date=d.due_date,
            new_due_date=d.new_due_date, resolved_at=d.resolved_at, returned_at=d.returned_at,
            returned_via=d.returned_via, returned_village=d.returned_village, applicant=_applicant_info(d.applicant),
            missing_items=tuple(latest.get("needs-supplement", {}).get("missing_items", ())),
            refusal_reason=latest.get("refused", {}).get("reason"),
            postpone_reason=latest.get("postponed", {}).get("reason"),
            documents=tuple(HandedDocument(**p) for p in json.loads(d.documents_json or "[]")),
            planned_return_via=d.planned_return_via, planned_return_village=d.planned_return_village,
            register_year=d.register_year, register_no=d.register_no,
            processing_days=(json.loads(d.procedure_snapshot_json)["processing_days"]
                             if d.procedure_snapshot_json else None))
