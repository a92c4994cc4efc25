"""Documents the lobby and counter print: renders with kiosk.documents, then
submits to the print queue. Each print call returns the queue's JobInfo (or a
list of them); rendering errors raise, printer errors end as failed jobs."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.documents.data import ControlRow, ReceivedDocument, SlipData
from kiosk.documents.slips import model_name
from kiosk.errors import NotFoundError, ValidationError
from kiosk.printing import JobInfo, PrintQueue
from kiosk.services.dossiers import DossierInfo, DossierService, ReturnChannel
from kiosk.services.tickets import TicketInfo

if TYPE_CHECKING:  # the catalog package is imported on first use (kiosk/catalog/__init__.py)
    from kiosk.catalog import Catalog

SLIP_KINDS = {  # Thông tư 03/2025/TT-VPCP, Phụ lục I
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",  # Mẫu 01
    "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",  # Mẫu 02
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",  # Mẫu 03
    "apology": "Văn bản xin lỗi và đề nghị gia hạn",  # Mẫu 04
    "stop": "Thông báo dừng giải quyết hồ sơ",  # Mẫu 05
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ",  # Mẫu 06
}
DECISION_SLIPS = ("supplement", "refusal", "apology")  # the slips of an outcome the board can undo
LAST_SAME_DAY_HOUR = 17  # a same-day result is promised at most at 17:00


def due_clock(received_at: datetime, due: date | None) -> time | None:
    """The hour written on the receipt. Same day: two hours after receipt, rounded up to
    the hour, at the latest 17:00. Later days: the clock time of receipt (n working days
    of 8 hours). This rule is the app's own: the circular leaves the hour to the unit."""
    if due is None:
        return None
    if due == received_at.date():
        hour = received_at.hour + 2 + (1 if received_at.minute or received_at.second else 0)
        return time(min(hour, LAST_SAME_DAY_HOUR), 0)
    return time(received_at.hour, received_at.minute)


def address_as(sex: str | None) -> str:
    """How a slip addresses the applicant: Ông / Bà, or "Ông (Bà)" when the sex is unknown."""
    return {"Nam": "Ông", "Nữ": "Bà"}.get(sex or "", "Ông (Bà)")


def timeliness(done: date, due: date) -> str:
    """Mẫu 06: trước hạn / đúng hạn / quá hạn."""
    return "trước hạn" if done < due else "đúng hạn" if done == due else "quá hạn"


class PrintoutService:
    def __init__(self, catalog: Catalog, settings: Settings, queue: PrintQueue, dossiers: DossierService):
        self._catalog = catalog
        self._settings = settings
        self._dossiers = dossiers
        self.queue = queue

    def _procedure(self, code: str):
        proc = self._catalog.procedure(code)
        if proc is None:
            raise NotFoundError(f"Không có thủ tục mã {code} trong danh mục.")
        return proc

    # --- lobby ---------------------------------------------------------------------
    def sample_pdfs(self, code: str) -> list[tuple[str, bytes]]:
        """(title, PDF) of each pre-filled sample form of a procedure, watermarked "MẪU"."""
        from kiosk.documents import render_form
        proc = self._procedure(code)
        forms = self._catalog.forms_of(proc)
        if not forms:  # no citizen form: the one-page "what to bring, what you get" sheet
            from kiosk.documents.bring_sheet import render_bring_sheet
            return [(f"Mang gì, nhận gì: {proc.short_name}", render_bring_sheet(proc, self._settings))]
        return [(f"Mẫu {f.title}", render_form(f, {}, self._settings, mode="sample")) for f in forms]

    def sample_pdf(self, code: str) -> bytes:
        """All sample forms of a procedure in one PDF (`render sample`); without a citizen form, the bring sheet."""
        from kiosk.documents.forms import render_procedure_samples
        proc = self._procedure(code)
        return render_procedure_samples(proc, self._catalog.forms_of(proc), self._settings)

    def print_sample(self, code: str) -> list[JobInfo]:
        """One print job per form of the procedure."""
        return [self.queue.submit("sample", title, pdf) for title, pdf in self.sample_pdfs(code)]

    def print_online_sheet(self, code: str) -> JobInfo:
        from kiosk.documents import render_online_sheet
        proc = self._procedure(code)
        return self.queue.submit("online-sheet", f"Nộp trực tuyến {proc.short_name}",
                                 render_online_sheet(proc, self._settings))

    def print_ticket(self, ticket: TicketInfo) -> JobInfo:
        from kiosk.documents import render_ticket
        proc = self._catalog.procedure(ticket.procedure_code) if ticket.procedure_code else None
        pdf = render_ticket(ticket.label, proc.short_name if proc else "", ticket.created_at, self._settings,
                            priority_words=ticket.kind_words if ticket.priority else "")
        return self.queue.submit("ticket", f"Số {ticket.label}", pdf)

    # --- counter -------------------------------------------------------------------
    def slip_data(self, info: DossierInfo, clerk_name: str = "", *, today: date | None = None) -> SlipData:
        """What the slips print about a dossier now. The receipt is printed from the snapshot
        taken at its first print (`receipt_data`), never from this."""
        a = info.applicant
        s = self._settings
        due = info.due_date
        received_same_day = due == info.received_at.date()
        via = info.planned_return_via or ReturnChannel.COUNTER
        return SlipData(
            dossier_code=info.code, procedure_code=info.procedure_code, procedure_name=info.procedure_name,
            applicant_name=a.full_name if a else "", received_at=info.received_at, due_date=due,
            due_time=due_clock(info.received_at, due), documents=self._papers(info),
            clerk_name=clerk_name or self._dossiers.clerk_name(info.received_by),
            return_channel=self.return_text(via, info.planned_return_village, (a.address or "") if a else ""),
            phone=(a.phone or "") if a else "", address=(a.address or "") if a else "",
            processing_time=self._processing_time(info), missing_items=info.missing_items,
            reason=info.refusal_reason or info.postpone_reason or "", new_due_date=info.new_due_date,
            address_as=address_as(a.sex if a else None), id_number=(a.cccd or "") if a else "",
            register_year=info.register_year, register_no=info.register_no, same_day=received_same_day,
            model_name=(model_name(s.model_weekday_name)
                        if received_same_day and info.received_at.weekday() == s.model_weekday else ""),
            signer_authority=s.signer_authority, signer_title=s.signer_title, signer_name=s.signer_name,
            handling_unit=f"Ủy ban nhân dân {s.commune_in_text}", printed_on=today)

    def _papers(self, info: DossierInfo) -> tuple[ReceivedDocument, ...]:
        """The papers recorded at the counter (those with at least one original or copy); a
        dossier received before papers were recorded lists the always-required ones."""
        if info.documents:
            return tuple(ReceivedDocument(d.name, d.originals, d.copies) for d in info.documents
                         if d.originals or d.copies)
        proc = self._catalog.procedure(info.procedure_code)
        return tuple(ReceivedDocument(d.name) for d in proc.documents_always) if proc else ()

    def _processing_time(self, info: DossierInfo) -> str:
        days = info.processing_days
        if days is None:
            proc = self._catalog.procedure(info.procedure_code)
            days = proc.processing_days if proc else None
        if days is None:
            return ""
        return "trong ngày" if days == 0 else f"{days:02d} ngày làm việc"

    def return_text(self, via: str, village: str | None, address: str = "") -> str:
        """Item "Đăng ký nhận kết quả tại: ..." of the receipt."""
        channel = ReturnChannel(via)
        if channel == ReturnChannel.VILLAGE_HEAD:
            v = self._settings.village(village or "")
            head = f", qua trưởng thôn {v.head_name}" if v and v.head_name else ", qua trưởng thôn"
            return f"{village}{head}"
        if channel == ReturnChannel.POST:
            return f"địa chỉ {address}, qua dịch vụ bưu chính" if address else "Qua dịch vụ bưu chính"
        if channel == ReturnChannel.ONLINE:
            return "Cổng Dịch vụ công quốc gia (bản điện tử)"
        return self._settings.issuing_unit

    def receipt_data(self, code: str, clerk_name: str = "") -> SlipData:
        """The receipt's data as first printed: taken and stored at the first print, read back
        for every reprint (later events never change a reprint)."""
        stored = self._dossiers.receipt_snapshot(code)
        if stored is None:
            fresh = self.slip_data(self._dossiers.get(code), clerk_name)
            stored = self._dossiers.keep_receipt_snapshot(code, fresh.to_json())
        return SlipData.from_json(stored)

    def receipt_pdf(self, code: str, size: str = "a5", clerk_name: str = "") -> bytes:
        from kiosk.documents import render_receipt
        return render_receipt(self.receipt_data(code, clerk_name), self._settings, size)

    def control_rows(self, info: DossierInfo) -> list[ControlRow]:
        """Mẫu 06 rows from the dossier's history (who handed the dossier to whom)."""
        desk, person = "Bộ phận Tiếp nhận và Trả kết quả", "Người nộp hồ sơ"
        handling = f"Ủy ban nhân dân {self._settings.commune_in_text}"
        rows = []
        for e in self._dossiers.events(info.code):
            d, by = e.detail, f" (công chức {e.clerk_name})" if e.clerk_name else ""
            if e.kind == "received":
                rows.append(ControlRow(person, desk, e.at, "", f"Tiếp nhận hồ sơ{by}"))
            elif e.kind == "needs-supplement":
                rows.append(ControlRow(desk, person, e.at, "", "Yêu cầu bổ sung: " + "; ".join(d.get("missing_items", []))))
            elif e.kind == "supplemented":
                due = d.get("due_date")
                new = f"; hẹn trả {date.fromisoformat(due):%d/%m/%Y}" if due else ""
                rows.append(ControlRow(person, desk, e.at, "", f"Nhận giấy tờ bổ sung{new}"))
            elif e.kind == "refused":
                rows.append(ControlRow(desk, person, e.at, "", "Từ chối: " + d.get("reason", "")))
            elif e.kind == "postponed":
                new = date.fromisoformat(d["new_due_date"]) if d.get("new_due_date") else None
                rows.append(ControlRow(desk, person, e.at, "",
                                       (f"Xin lỗi, hẹn lại ngày {new:%d/%m/%Y}: " if new else "Hẹn lại: ")
                                       + d.get("reason", "")))
            elif e.kind == "resolved":
                rows.append(ControlRow(handling, desk, e.at, timeliness(e.at.date(), info.due_date), "Có kết quả"))
            elif e.kind == "returned":
                via = d.get("via")
                to = {ReturnChannel.VILLAGE_HEAD: f"Trưởng thôn ({d.get('village') or ''})",
                      ReturnChannel.POST: "Dịch vụ bưu chính", ReturnChannel.ONLINE: "Cổng Dịch vụ công"}.get(via, person)
                rows.append(ControlRow(desk, to, e.at, timeliness(e.at.date(), info.due_date), f"Trả kết quả{by}"))
        return rows

    def slip_pdf(self, code: str, kind: str, clerk_name: str = "", size: str = "a5", *, today: date | None = None,
                 reason: str = "", asked_at: datetime | None = None) -> bytes:
        """kind: receipt | supplement | refusal | apology | stop | control (TT 03/2025 Mẫu 01-06).
        `reason` and `asked_at` are the stop notice's reason and when the applicant asked."""
        from kiosk.documents import (render_apology, render_control, render_refusal, render_stop,
                                     render_supplement_request)
        if kind == "receipt":
            return self.receipt_pdf(code, size, clerk_name)
        if kind not in SLIP_KINDS:
            raise ValidationError("kind", f"Loại phiếu “{kind}” không có; chọn một trong: {', '.join(SLIP_KINDS)}.")
        info = self._dossiers.get(code)
        decided = {"supplement": "needs-supplement", "refusal": "refused", "apology": "postponed"}.get(kind)
        if decided:  # a decision's slip carries the day it was taken, however late it is (re)printed
            taken = [e.at for e in self._dossiers.events(code) if e.kind == decided]
            today = taken[-1].date() if taken else today
        data = self.slip_data(info, clerk_name, today=today)
        if kind == "supplement":
            if not info.missing_items:
                raise ValidationError("kind", f"Hồ sơ {info.code} chưa có yêu cầu bổ sung nào để in phiếu.")
            # Mẫu 02 has no reason of its own here: never the refusal's or the postponement's
            return render_supplement_request(replace(data, reason=""), self._settings, size)
        if kind == "refusal":
            if not info.refusal_reason:
                raise ValidationError("kind", f"Hồ sơ {info.code} chưa bị từ chối; không có phiếu từ chối để in.")
            return render_refusal(replace(data, reason=info.refusal_reason), self._settings, size)
        if kind == "apology":
            return render_apology(replace(data, reason=info.postpone_reason or ""), self._settings, size)
        if kind == "stop":
            return render_stop(replace(data, reason=reason, stop_requested_at=asked_at), self._settings, size)
        due = info.effective_due_date  # a postponed date has no hour: the old one belongs to the old date
        return render_control(replace(data, control_rows=tuple(self.control_rows(info)), due_date=due,
                                      due_time=data.due_time if due == info.due_date else None), self._settings,
                              "a4" if size == "80mm" else size)

    def form_pdfs(self, code: str, clerk_name: str = "") -> list[tuple[str, bytes]]:
        """The dossier's filled forms, exactly as stored (a reprint is identical)."""
        from kiosk.documents import render_form
        info = self._dossiers.get(code)
        proxy_clerk = clerk_name if info.proxy_written else None  # note and signature line for the clerk
        out = []
        for form_id, values in self._dossiers.filled_forms(code).items():
            form = self._catalog.forms.get(form_id)
            if form is not None:
                out.append((f"{form.title} {code}", render_form(form, values, self._settings, mode="filled",
                                                               proxy_clerk=proxy_clerk)))
        return out

    def print_received(self, code: str, clerk_id: int | None, clerk_name: str) -> list[JobInfo]:
        """The filled forms (for signing) and the receipt of a dossier just received."""
        jobs = [self.queue.submit("form", title, pdf, clerk_id=clerk_id)
                for title, pdf in self.form_pdfs(code, clerk_name)]
        jobs.append(self.queue.submit("receipt", f"Giấy tiếp nhận {code}", self.receipt_pdf(code, "a5", clerk_name),
                                      clerk_id=clerk_id))
        return jobs

    def print_slip(self, code: str, kind: str, clerk_id: int | None = None, clerk_name: str = "") -> JobInfo:
        """kind: supplement | refusal | apology | stop | control (the slip of the dossier's last decision)."""
        # an undo of that decision asks for the paper back, from before it is made: an undo racing the print too
        out = [self._dossiers.record_printed(code, SLIP_KINDS[kind], None, clerk_id)] if kind in DECISION_SLIPS else []
        return self._submit_recorded(out, lambda: self.queue.submit(
            "slip", f"{SLIP_KINDS[kind]} {code}",
            self.slip_pdf(code, kind, clerk_name, "a4" if kind == "control" else "a5", today=date.today()),
            clerk_id=clerk_id))

    def _submit_recorded(self, out: list, submit) -> JobInfo:
        """Run `submit` (render and queue a paper) for the "paper out" records `out`, made
        before it; bind them to its job, or drop them when no paper could be made."""
        try:
            job = submit()
        except BaseException:
            self._dossiers.print_sent(out, None)
            raise
        self._dossiers.print_sent(out, job.id)
        return job

    def register_rows(self, start: date, end: date) -> list:
        """Mẫu 07 rows of the dossiers received in [start, end)."""
        from kiosk.documents.register import RegisterRow
        ways = {ReturnChannel.COUNTER: "Tại quầy", ReturnChannel.VILLAGE_HEAD: "Qua trưởng thôn",
                ReturnChannel.POST: "Bưu chính", ReturnChannel.ONLINE: "Trực tuyến"}
        handling = f"Ủy ban nhân dân {self._settings.commune_in_text}"
        rows = []
        for d in self._dossiers.register(start, end):
            a = d.applicant
            via = d.returned_via or d.planned_return_via or ReturnChannel.COUNTER  # as the receipt says
            way = ways.get(via, "")
            village = d.returned_village or d.planned_return_village
            if via == ReturnChannel.VILLAGE_HEAD and village:
                way = f"{way} ({village})"
            contact = " / ".join(x for x in ((a.address or "") if a else "", (a.phone or "") if a else "") if x)
            rows.append(RegisterRow(d.register_no, d.code, d.procedure_name, a.full_name if a else "", contact,
                                    handling, d.received_at, d.effective_due_date, d.returned_at, way,
                                    d.register_year))
        return rows

    def register_file(self, period_key: str, fmt: str, today: date | None = None) -> bytes:
        """Mẫu 07, Sổ theo dõi hồ sơ, for a period (2026-W47, 2026-11, 2026-Q4, 2026) as pdf or xlsx."""
        from kiosk.documents.register import register_xlsx, render_register_pdf
        from kiosk.services.reports import parse_period
        period = parse_period(period_key)
        rows = self.register_rows(period.start, period.end)
        if fmt == "xlsx":
            return register_xlsx(rows, period.label, period.start.year, self._settings)
        return render_register_pdf(rows, period.label, period.start.year, self._settings, today)

    def handover_pdf(self, day: date, village: str, clerk_name: str = "") -> bytes:
        """The list of result papers a village head takes to the village; `clerk_name` hands them over."""
        from kiosk.documents.handover import HandoverRow, render_handover
        v = self._settings.village(village)
        rows = []
        handed = self._dossiers.village_handover(day, village)
        if not handed:  # a signed list of nothing is not printed
            raise ValidationError("village", f"Ngày {day:%d/%m/%Y} chưa có kết quả nào trả qua trưởng thôn "
                                             f"{v.name if v else village}; không có danh sách bàn giao để in.")
        for d in handed:
            proc = self._catalog.procedure(d.procedure_code)
            rows.append(HandoverRow(d.code, d.applicant.full_name if d.applicant else "",
                                    (proc.result if proc and proc.result else d.procedure_name)))
        return render_handover(day, v.name if v else village, v.head_name if v else "", rows, self._settings,
                               giver_name=clerk_name)

    def print_handover(self, day: date, village: str, clerk_id: int | None = None, clerk_name: str = "") -> JobInfo:
        # an undo of each return asks for the list back, from before it is made: an undo racing the print too
        out = [self._dossiers.record_printed(d.code, f"Danh sách bàn giao kết quả cho trưởng thôn {village}", None,
                                             clerk_id) for d in self._dossiers.village_handover(day, village)]
        return self._submit_recorded(out, lambda: self.queue.submit(
            "handover", f"Bàn giao {village} {day:%d/%m/%Y}", self.handover_pdf(day, village, clerk_name),
            clerk_id=clerk_id))
