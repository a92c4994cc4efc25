"""Documents the lobby and counter print: renders with kiosk.documents, then
submits to the print queue. Each print call returns the queue's JobInfo (or a
list of them); rendering errors raise, printer errors end as failed jobs."""
from __future__ import annotations

from datetime import date

from kiosk.catalog import Catalog
from kiosk.config import Settings
from kiosk.documents.data import SlipData
from kiosk.errors import NotFoundError
from kiosk.printing import JobInfo, PrintQueue
from kiosk.services.dossiers import DossierInfo, DossierService, ReturnChannel
from kiosk.services.tickets import TicketInfo

RETURN_TEXT = {
    ReturnChannel.COUNTER: "Tại {unit}",
    ReturnChannel.VILLAGE_HEAD: "Qua trưởng thôn {village}",
    ReturnChannel.POST: "Qua dịch vụ bưu chính",
    ReturnChannel.ONLINE: "Trên Cổng Dịch vụ công",
}


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
        from kiosk.documents import render_samples
        proc = self._procedure(code)
        forms = self._catalog.forms_of(proc)
        if not forms:  # no citizen form: the one-page "what to bring, what you get" sheet
            from kiosk.documents.bring_sheet import render_bring_sheet
            return render_bring_sheet(proc, self._settings)
        return render_samples(forms, self._settings)

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
        pdf = render_ticket(ticket.label, proc.short_name if proc else "", ticket.created_at, self._settings)
        return self.queue.submit("ticket", f"Số {ticket.label}", pdf)

    # --- counter -------------------------------------------------------------------
    def slip_data(self, info: DossierInfo, clerk_name: str = "") -> SlipData:
        proc = self._catalog.procedure(info.procedure_code)
        docs = [d.name for d in proc.required_documents if not d.show_only] if proc else []
        via = ReturnChannel(info.returned_via) if info.returned_via else ReturnChannel.COUNTER
        a = info.applicant
        return SlipData(
            dossier_code=info.code, procedure_code=info.procedure_code, procedure_name=info.procedure_name,
            applicant_name=a.full_name if a else "", received_at=info.received_at, due_date=info.effective_due_date,
            documents=docs, clerk_name=clerk_name,
            return_channel=RETURN_TEXT[via].format(unit=self._settings.issuing_unit,
                                                   village=info.returned_village or ""),
            phone=(a.phone or "") if a else "", address=(a.address or "") if a else "",
            processing_time=proc.processing_time_text if proc else "",
            missing_items=info.missing_items, reason=info.refusal_reason or info.postpone_reason or "",
            new_due_date=info.new_due_date)

    def receipt_pdf(self, code: str, size: str = "a5", clerk_name: str = "") -> bytes:
        from kiosk.documents import render_receipt
        return render_receipt(self.slip_data(self._dossiers.get(code), clerk_name), self._settings, size)

    def form_pdfs(self, code: str, clerk_name: str = "") -> list[tuple[str, bytes]]:
        """The dossier's filled forms, exactly as stored (a reprint is identical)."""
        from kiosk.documents import render_form
        info = self._dossiers.get(code)
        note = (f"Tờ khai do cán bộ {clerk_name} viết hộ theo yêu cầu của người yêu cầu."
                if info.proxy_written and clerk_name else
                "Tờ khai do cán bộ Bộ phận Một cửa viết hộ theo yêu cầu của người yêu cầu."
                if info.proxy_written else None)
        out = []
        for form_id, values in self._dossiers.filled_forms(code).items():
            form = self._catalog.forms.get(form_id)
            if form is not None:
                out.append((f"{form.title} {code}", render_form(form, values, self._settings, mode="filled",
                                                               proxy_note=note)))
        return out

    def print_received(self, code: str, clerk_id: int | None, clerk_name: str) -> list[JobInfo]:
        """The filled forms (for signing) and the receipt of a dossier just received."""
        jobs = [self.queue.submit("form", title, pdf, clerk_id=clerk_id)
                for title, pdf in self.form_pdfs(code, clerk_name)]
        jobs.append(self.queue.submit("receipt", f"Giấy tiếp nhận {code}", self.receipt_pdf(code, "a5", clerk_name),
                                      clerk_id=clerk_id))
        return jobs

    def print_slip(self, code: str, kind: str, clerk_id: int | None = None, clerk_name: str = "") -> JobInfo:
        """kind: supplement | refusal | apology (the slip of the dossier's last decision)."""
        from kiosk.documents import render_apology, render_refusal, render_supplement_request
        render, title = {"supplement": (render_supplement_request, "Phiếu yêu cầu bổ sung"),
                         "refusal": (render_refusal, "Phiếu từ chối"),
                         "apology": (render_apology, "Phiếu xin lỗi và hẹn lại")}[kind]
        data = self.slip_data(self._dossiers.get(code), clerk_name)
        return self.queue.submit("slip", f"{title} {code}", render(data, self._settings, "a5"), clerk_id=clerk_id)

    def print_handover(self, day: date, village: str, clerk_id: int | None = None) -> JobInfo:
        from kiosk.documents.handover import render_handover
        v = self._settings.village(village)
        rows = [(d.code, d.applicant.full_name if d.applicant else "", d.procedure_name)
                for d in self._dossiers.village_handover(day, village)]
        pdf = render_handover(day, v.name if v else village, v.head_name if v else "", rows, self._settings)
        return self.queue.submit("handover", f"Bàn giao {village} {day:%d/%m/%Y}", pdf, clerk_id=clerk_id)
