"""Counter home: the assistance queue, receiving (write on the citizen's behalf),
the day's board, dossier lookup and the print jobs."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.counter.board import DayBoard
from ui.counter.fields import enter_presses_buttons
from ui.counter.write import rules_text
from ui.widgets.common import label
from ui.worker import run_in_background


class QueueTab(QWidget):
    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        lay.addWidget(label("Số đang chờ (ưu tiên xếp trước):"))
        self.queue = QListWidget()
        lay.addWidget(self.queue, 1)
        row = QHBoxLayout()
        self.call = QPushButton("Gọi số tiếp theo (F2)")
        self.call.setObjectName("Primary")
        self.call.clicked.connect(self.call_next)
        self.write = QPushButton("Viết hộ cho số này (F4)")
        self.write.clicked.connect(self.write_for_current)
        self.write.setEnabled(False)
        self.served = QPushButton("Đã phục vụ xong (F3)")
        self.served.clicked.connect(self.mark_served)
        self.served.setEnabled(False)
        for b in (self.call, self.write, self.served):
            row.addWidget(b)
        lay.addLayout(row)
        self.current_label = label("", "Heading")
        lay.addWidget(self.current_label)
        self.current = None
        self.refresh()

    @property
    def services(self):
        return self.screen.services

    def refresh(self) -> None:
        self.queue.clear()
        for t in self.services.tickets.waiting():
            proc = self.services.catalog.entry(t.procedure_code) if t.procedure_code else None  # or a referral
            caption = t.caption if t.priority else t.label  # "U003 (ưu tiên – người khuyết tật)"
            item = QListWidgetItem(f"{caption}   {t.created_at:%H:%M}   {proc.short_name if proc else ''}")
            item.setData(Qt.UserRole, t.id)
            self.queue.addItem(item)

    def call_next(self) -> None:
        with self.screen.window_.building():  # the queue's list is filled again
            self._call_next()

    def _call_next(self) -> None:
        clerk = self.screen.window_.clerk
        t = self.services.tickets.call_next(clerk_id=clerk.id if clerk else None)
        if t is None:
            self.current_label.setText("Không còn ai chờ.")
            return
        self.current = t
        proc = self.services.catalog.entry(t.procedure_code) if t.procedure_code else None  # or a referral
        self.current_label.setText(f"Đang phục vụ số {t.caption if t.priority else t.label}" + (f" – {proc.short_name}" if proc else "")
                                   + (f" (làm ở nơi khác: {proc.office})" if proc is not None and proc.elsewhere else ""))
        self.served.setEnabled(True)
        self.write.setEnabled(proc is not None and proc.tier != "referral")
        if self.services.speaker.available:
            self.services.speaker.say(f"Mời số {t.label[1:].lstrip('0')} đến quầy.")
        self.refresh()

    def write_for_current(self) -> None:
        if self.current and self.current.procedure_code:
            self.screen.open_write(self.services.catalog.procedure(self.current.procedure_code), self.current)

    def mark_served(self) -> None:
        if self.current is None:
            return
        self.services.tickets.mark_served(self.current.id)
        self.current_label.setText(f"Đã phục vụ xong số {self.current.label}.")
        self.current = None
        self.served.setEnabled(False)
        self.write.setEnabled(False)


def rules_short(proc) -> str:
    """Both rules of a procedure in a few words, for the procedure list."""
    write = "được viết giúp" if proc.writing_help.value else "KHÔNG được viết giúp"
    sign = "tự ký trước cán bộ" if proc.sign_in_person.value else "không bắt buộc ký trước cán bộ"
    return f"{write}; {sign}"


class ReceiveTab(QWidget):
    """Pick the procedure (or resume a draft) and write the form on the citizen's behalf."""

    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Gõ tên thủ tục (không dấu cũng được), Enter để chọn kết quả đầu tiên")
        self.search.textChanged.connect(self.update)
        self.search.returnPressed.connect(self.open_first)
        lay.addWidget(self.search)
        self.results = QListWidget()
        self.results.itemActivated.connect(lambda item: self.open(item.data(Qt.UserRole)))
        lay.addWidget(self.results, 2)
        lay.addWidget(label("Tờ khai đang viết dở (được lưu tự động, kể cả khi mất điện):"))
        self.drafts = QListWidget()
        self.drafts.itemActivated.connect(self.resume)
        lay.addWidget(self.drafts, 1)
        self.update("")
        self.refresh_drafts()

    @property
    def services(self):
        return self.screen.services

    def update(self, text: str) -> None:
        self.results.clear()
        if text.strip():
            # referrals (done by another office) are not received here
            codes = [h.code for h in self.services.search.search(text, limit=10) if h.tier != "referral"]
        else:
            codes = sorted(self.services.catalog.procedures)
        for code in codes:
            p = self.services.catalog.procedure(code)
            item = QListWidgetItem(f"{p.code}  {p.short_name}   [{rules_short(p)}]")
            item.setToolTip(rules_text(p))
            item.setData(Qt.UserRole, code)
            self.results.addItem(item)

    def open_first(self) -> None:
        if self.results.count():
            self.open(self.results.item(0).data(Qt.UserRole))

    def open(self, code: str) -> None:
        self.screen.open_write(self.services.catalog.procedure(code))

    def refresh_drafts(self) -> None:
        self.drafts.clear()
        clerk = self.screen.window_.clerk
        groups: dict[str, list] = {}
        for d in self.services.drafts.open_drafts(clerk.id if clerk else None):
            groups.setdefault(d.procedure_code, []).append(d)
        for code, drafts in groups.items():
            p = self.services.catalog.procedure(code)
            name = next((v for d in drafts for k, v in d.values.items() if k.endswith("full_name")), "")
            item = QListWidgetItem(f"{p.short_name if p else code} – {name} – lưu lúc {drafts[0].updated_at:%H:%M %d/%m}")
            item.setData(Qt.UserRole, (code, drafts))
            self.drafts.addItem(item)

    def resume(self, item) -> None:
        code, drafts = item.data(Qt.UserRole)
        self.screen.open_write(self.services.catalog.procedure(code), drafts=drafts)


class LookupTab(QWidget):
    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        self.code = QLineEdit()
        self.code.setPlaceholderText("Mã hồ sơ, hoặc quét mã QR trên giấy tiếp nhận")
        self.code.returnPressed.connect(self.lookup)
        lay.addWidget(self.code)
        self.result = label("")
        lay.addWidget(self.result)
        lay.addStretch(1)

    def lookup(self) -> None:
        code = self.code.text()  # a typed code or the receipt's QR text: the service reads both
        self.code.clear()
        svc = self.screen.services
        try:
            d = svc.dossiers.get(code)
        except KioskError as e:
            self.result.setText(e.message)
            return
        clerk = self.screen.window_.clerk
        svc.audit.record("view-dossier", clerk.id if clerk else None, d.code)
        a = d.applicant
        lines = [f"Hồ sơ {d.code}: {d.procedure_name}", f"Tình trạng: {d.status_label}",
                 f"Tiếp nhận: {d.received_at:%H:%M %d/%m/%Y}; hẹn trả: {d.effective_due_date:%d/%m/%Y}",
                 f"Người nộp: {a.full_name if a else '(đã xóa theo thời hạn lưu trữ)'}"]
        if d.returned_at:
            lines.append(f"Đã trả {d.returned_at:%H:%M %d/%m/%Y} ({d.returned_via}"
                         + (f", {d.returned_village}" if d.returned_village else "") + ")")
        if d.missing_items:
            lines.append("Cần bổ sung: " + "; ".join(d.missing_items))
        self.result.setText("\n".join(lines))


class PrintJobsTab(QWidget):
    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        self.list = QListWidget()
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.retry = QPushButton("In lại lệnh đã chọn")
        self.retry.clicked.connect(self.retry_selected)
        refresh = QPushButton("Làm mới")
        refresh.clicked.connect(self.refresh)
        row.addWidget(self.retry)
        row.addWidget(refresh)
        lay.addLayout(row)
        self.status = label("", "Note")
        lay.addWidget(self.status)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for j in self.screen.services.print_queue.jobs():
            item = QListWidgetItem(f"#{j.id} {j.created_at:%H:%M} {j.title}: {j.status_text}"
                                   + (f" – {j.last_error}" if j.last_error else ""))
            item.setData(Qt.UserRole, j.id)
            self.list.addItem(item)

    def retry_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.status.setText("Chọn một lệnh in.")
            return
        q = self.screen.services.print_queue
        run_in_background(lambda: q.retry(item.data(Qt.UserRole)),
                          lambda job: (self.status.setText(f"Lệnh #{job.id}: {job.status_text}"), self.refresh()),
                          lambda e: self.status.setText(getattr(e, "message", str(e))), self)


def warm_up(services) -> None:
    """What the first dossier of the day would otherwise pay for on the clerk's first keystrokes:
    the holiday calendar of the year, the PDF fonts and the form renderer (run off the UI thread
    when the counter is unlocked)."""
    from datetime import datetime

    from kiosk.documents.fonts import ensure_fonts
    from kiosk.documents.forms import layout_form
    from kiosk.workdays import working_days_after
    working_days_after(datetime.now(), 1, services.config.settings.extra_holidays)
    ensure_fonts()
    form = next(iter(services.catalog.forms.values()), None)
    if form is not None:
        layout_form(form, {}, services.config.settings).to_pdf()
    import ui.counter.live_preview  # noqa: F401 - QtPdf (pdfium) loads here, not on the first F4


class CounterHome(Screen):
    title = "Quầy Một cửa"
    audience = "counter"

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("Counter")
        clerk = window.clerk
        self.title = f"Quầy Một cửa – {clerk.name}"
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.print_alert = QPushButton("")
        self.print_alert.setStyleSheet("color: #7a0000; background: #fde8e8; font-weight: 700; text-align: left;")
        self.print_alert.clicked.connect(lambda: self.tabs.setCurrentWidget(self.print_jobs))
        self.print_alert.hide()
        top.addWidget(self.print_alert, 1)
        top.addStretch(1)
        self.office = QPushButton("Báo cáo, góp ý")
        self.office.clicked.connect(self.open_office)
        self.office.setVisible(clerk.role in ("head", "admin"))
        top.addWidget(self.office)
        self.lock = QPushButton("Khóa quầy (Ctrl+L)")
        self.lock.clicked.connect(window.show_lobby)
        top.addWidget(self.lock)
        lay.addLayout(top)
        # a broken catalog file: the kiosk runs without its entries; the clerk must know
        self.catalog_warning = label(self.services.catalog.warning, "Warning")
        self.catalog_warning.setVisible(bool(self.services.catalog.warning))
        lay.addWidget(self.catalog_warning)
        self.tabs = QTabWidget()
        self.queue_tab = QueueTab(self)
        self.receive_tab = ReceiveTab(self)
        self.board = DayBoard(self)
        self.lookup = LookupTab(self)
        self.print_jobs = PrintJobsTab(self)
        for w, text in ((self.queue_tab, "Hàng chờ"), (self.receive_tab, "Tiếp nhận, viết hộ"),
                        (self.board, "Hồ sơ hôm nay"), (self.lookup, "Tra cứu"), (self.print_jobs, "Lệnh in")):
            self.tabs.addTab(w, text)
        self.tabs.currentChanged.connect(self._tab_changed)
        lay.addWidget(self.tabs, 1)
        keys = [QShortcut(QKeySequence("F2"), self, self.queue_tab.call_next),
                QShortcut(QKeySequence("F3"), self, self.queue_tab.mark_served),
                QShortcut(QKeySequence("F4"), self, self.queue_tab.write_for_current),
                QShortcut(QKeySequence("F5"), self, lambda: self._on_board(self.board.return_counter)),
                QShortcut(QKeySequence("Ctrl+Z"), self, lambda: self._on_board(self.board.undo)),
                QShortcut(QKeySequence("Ctrl+L"), self, window.show_lobby)]
        for key in keys:  # a key held a moment acts once (a held F2 would call the whole queue)
            key.setAutoRepeat(False)
        enter_presses_buttons(self)
        self._refresh_timer = QTimer(self, interval=5000)
        self._refresh_timer.timeout.connect(self.queue_tab.refresh)
        self._refresh_timer.timeout.connect(self.check_print_jobs)
        self._refresh_timer.start()
        self.check_print_jobs()
        self.warmed = False
        run_in_background(lambda: warm_up(self.services), lambda _r: setattr(self, "warmed", True),
                          lambda _e: setattr(self, "warmed", True), self)

    def _on_board(self, action) -> None:
        """A board shortcut from any tab: show the board first, so the clerk sees its question."""
        self.tabs.setCurrentWidget(self.board)
        action()

    def check_print_jobs(self) -> None:
        """An alert naming every print job that failed (a lobby ticket, a receipt...)."""
        failed = self.services.print_queue.jobs(status="failed", limit=10)
        if not failed:
            self.print_alert.hide()
            return
        names = "; ".join(f"{j.title} ({j.created_at:%H:%M})" for j in failed[:3])
        more = f" và {len(failed) - 3} lệnh khác" if len(failed) > 3 else ""
        self.print_alert.setText(f"In lỗi: {names}{more}. Bấm để xem và in lại.")
        self.print_alert.show()

    def shown(self) -> None:
        """Back on the counter (after receiving a dossier): bring every tab up to date."""
        self.queue_tab.refresh()
        self.receive_tab.refresh_drafts()
        self.board.refresh()
        self.print_jobs.refresh()
        self.check_print_jobs()
        self.window().activateWindow()

    def _tab_changed(self, index: int) -> None:
        w = self.tabs.widget(index)
        if hasattr(w, "refresh"):
            w.refresh()
        if w is self.receive_tab:
            w.refresh_drafts()

    def open_write(self, proc, ticket=None, drafts=()) -> None:
        from ui.counter.write import WriteScreen
        with self.window_.building():
            self.window_.push(WriteScreen(self.window_, proc, ticket=ticket, drafts=drafts))

    def open_office(self) -> None:
        from ui.office.home import OfficeHome
        self.window_.push(OfficeHome(self.window_))
