"""Documents the lobby and counter print: renders with kiosk.documents, then
submits to the print queue. Each call returns the queue's JobInfo."""
from __future__ import annotations

from kiosk.catalog import Catalog
from kiosk.config import Settings
from kiosk.errors import NotFoundError
from kiosk.printing import JobInfo, PrintQueue
from kiosk.services.tickets import TicketInfo


class PrintoutService:
    def __init__(self, catalog: Catalog, settings: Settings, queue: PrintQueue):
        self._catalog = catalog
        self._settings = settings
        self.queue = queue

    def _procedure(self, code: str):
        proc = self._catalog.procedure(code)
        if proc is None:
            raise NotFoundError(f"Không có thủ tục mã {code} trong danh mục.")
        return proc

    def sample_pdfs(self, code: str) -> list[tuple[str, bytes]]:
        """(title, PDF) of each pre-filled sample form of a procedure, watermarked "MẪU"."""
        from kiosk.documents import render_form
        proc = self._procedure(code)
        forms = self._catalog.forms_of(proc)
        if not forms:
            raise NotFoundError(f"Thủ tục “{proc.short_name}” không có mẫu đơn để in.")
        return [(f"Mẫu {f.title}", render_form(f, {}, self._settings, mode="sample")) for f in forms]

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
