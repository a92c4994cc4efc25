"""The day's board: every dossier received today with its status and due date,
and one action to record the outcome (returned at the counter, through the
village head, needs supplement, refused, postponed with an apology)."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from kiosk.services.dossiers import DossierStatus, PaperOut
from ui.counter.fields import vn_buttons
from ui.widgets.common import label
from ui.worker import run_in_background

VIA_TEXT = {"counter": "tại quầy", "village-head": "qua trưởng thôn", "post": "bưu điện", "online": "trực tuyến"}


class SupplementDialog(QDialog):
    """Tick every missing paper at once (the slip lists them all), add others by hand."""

    def __init__(self, parent, proc, handed: set[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Yêu cầu bổ sung hồ sơ")
        names = [d.name for d in proc.required_documents] if proc else []
        longest = max((self.fontMetrics().horizontalAdvance(n) for n in names), default=0)
        self.setMinimumWidth(min(max(760, longest + 120), 1300))  # every document name on one line
        lay = QVBoxLayout(self)
        lay.addWidget(label("Đánh dấu MỌI giấy tờ còn thiếu (hướng dẫn một lần, đầy đủ):"))
        self.items = QListWidget()
        for d in proc.required_documents if proc else []:
            item = QListWidgetItem(d.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            # an always-required paper not recorded at receipt is most likely what is missing
            missing = handed is not None and d.kind == "always" and d.name not in handed
            item.setCheckState(Qt.Checked if missing else Qt.Unchecked)
            item.setToolTip(d.note)
            self.items.addItem(item)
        lay.addWidget(self.items)
        lay.addWidget(label("Giấy tờ khác còn thiếu (mỗi dòng một loại):"))
        self.other = QPlainTextEdit()
        lay.addWidget(self.other)
        buttons = vn_buttons(QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def missing(self) -> list[str]:
        ticked = [self.items.item(i).text() for i in range(self.items.count())
                  if self.items.item(i).checkState() == Qt.Checked]
        return ticked + [line.strip() for line in self.other.toPlainText().splitlines() if line.strip()]


class TextDialog(QDialog):
    """A reason (and a new date). `attempt(dialog)` records it; a refusal by the service is
    shown here and the dialog stays open with what was typed."""

    def __init__(self, parent, title: str, prompt: str, with_date: bool = False, attempt=None):
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        lay = QVBoxLayout(self)
        self.date = QLineEdit()
        if with_date:
            lay.addWidget(label("Ngày hẹn trả mới (ngày/tháng/năm):"))
            lay.addWidget(self.date)
        lay.addWidget(label(prompt))
        self.text = QPlainTextEdit()
        lay.addWidget(self.text)
        self.message = label("", "Warning")
        self.message.hide()
        lay.addWidget(self.message)
        buttons = vn_buttons(QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        if self.attempt is not None:
            try:
                self.attempt(self)
            except KioskError as e:
                self.message.setText(e.message)
                self.message.show()
                return
        super().accept()


UNDO_MS = 10_000  # an outcome can be undone this long (the service allows the same)
UNPRINTED_AFTER_S = 60  # a receipt not made this long after receiving is reported on the board
SEARCH_PAUSE_MS = 150  # the board searches once typing (or a scan) pauses this long


def return_text(r) -> str:
    """What the board says about the return: done, or planned at receipt."""
    if r.returned_at:
        where = f" {r.returned_village}" if r.returned_village else ""
        return f"đã trả {VIA_TEXT.get(r.returned_via, '')}{where} {r.returned_at:%H:%M}"
    if r.planned_return_via:
        where = f" {r.planned_return_village}" if r.planned_return_village else ""
        return f"hẹn {VIA_TEXT.get(r.planned_return_via, '')}{where}"
    return ""


class DayBoard(QWidget):
    """Today's dossiers (or the ones found), one action per outcome: each asks for one
    keystroke of confirmation and can be undone for 10 seconds."""

    def __init__(self, screen, today: date | None = None):
        super().__init__()
        self.screen = screen
        self.today = today or date.today()
        s = screen.services.config.settings
        lay = QVBoxLayout(self)
        model_day = self.today.weekday() == s.model_weekday
        self.banner = label(f"Hôm nay {s.model_weekday_name}: hồ sơ đủ giấy tờ giải quyết và trả ngay trong ngày; "
                            "không trả được tại quầy thì gửi qua trưởng thôn." if model_day else
                            f"Hồ sơ tiếp nhận ngày {self.today:%d/%m/%Y}", "Good" if model_day else "Heading")
        lay.addWidget(self.banner)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm: mã hồ sơ, họ tên (không dấu cũng được) hoặc số CCCD")
        self.search.setClearButtonEnabled(True)
        # the board follows the search box once typing pauses: a CCCD scanned into it is ~100
        # characters in a burst, one query each before; Enter or an emptied box answer at once
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.refresh)
        top.addWidget(self.search, 1)
        self.summary = label("", "Note", wrap=False)
        top.addWidget(self.summary)
        lay.addLayout(top)
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        lay.addWidget(self.table, 1)
        # one-keystroke confirmation, then the undo offer
        self.confirm_bar = QWidget()
        bar = QHBoxLayout(self.confirm_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = label("", "Heading")
        self.confirm_ok = QPushButton("Đồng ý (Enter)")
        self.confirm_ok.setObjectName("Primary")
        self.confirm_ok.clicked.connect(self.confirm)
        self.confirm_no = QPushButton("Thôi (Esc)")
        self.confirm_no.clicked.connect(self.cancel_confirm)
        bar.addWidget(self.confirm_text, 1)
        bar.addWidget(self.confirm_ok)
        bar.addWidget(self.confirm_no)
        self.confirm_bar.hide()
        lay.addWidget(self.confirm_bar)
        self.undo_bar = QWidget()
        ubar = QHBoxLayout(self.undo_bar)
        ubar.setContentsMargins(0, 0, 0, 0)
        self.undo_text = label("", "Good")
        self.undo_button = QPushButton("Hoàn tác (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        ubar.addWidget(self.undo_text, 1)
        ubar.addWidget(self.undo_button)
        self.undo_bar.hide()
        lay.addWidget(self.undo_bar)
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_MS)
        self._undo_timer.timeout.connect(self._undo_expired)
        self.undo_code: str | None = None
        self.pending = None  # (text, action) waiting for confirmation
        QShortcut(QKeySequence("Escape"), self, self.cancel_confirm, context=Qt.WidgetWithChildrenShortcut)
        grid = QGridLayout()
        self.village = QComboBox()
        self.village.addItems([v.name for v in s.villages])
        actions = [("Trả tại quầy (F5)", self.return_counter), ("Trả qua trưởng thôn", self.return_village),
                   ("Có kết quả, chờ trả", self.resolve), ("Yêu cầu bổ sung…", self.supplement),
                   ("Từ chối…", self.refuse), ("Quá hạn: xin lỗi, hẹn lại…", self.postpone),
                   ("In lại giấy tiếp nhận", self.reprint_receipt), ("In danh sách bàn giao thôn", self.handover)]
        self.buttons = {}
        for i, (text, fn) in enumerate(actions):
            b = QPushButton(text)
            b.clicked.connect(fn)
            self.buttons[text] = b
            grid.addWidget(b, i // 4, i % 4)
        row = QHBoxLayout()
        row.addWidget(label("Thôn (theo hồ sơ đang chọn):", wrap=False))
        row.addWidget(self.village)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addLayout(grid)
        self.status = label("", "Note")
        lay.addWidget(self.status)
        self.unprinted = label("", "Warning")  # receipts never made: shown until each is printed
        self.unprinted.hide()
        lay.addWidget(self.unprinted)
        self.rows = []
        self.refresh()

    @property
    def services(self):
        return self.screen.services

    @property
    def clerk(self):
        return self.screen.window_.clerk

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self.refresh()

    def refresh(self) -> None:
        self._search_timer.stop()
        selected = self.current_code()
        query = self.search.text().strip()
        self.rows = self.services.dossiers.search(query) if query else self.services.dossiers.day_board(self.today, with_applicant=True)
        headers = ["Mã hồ sơ", "Giờ nhận", "Người nộp", "Thủ tục", "Tình trạng", "Hẹn trả", "Trả kết quả"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        unprinted = self.unprinted_receipts()
        for i, r in enumerate(self.rows):
            received = f"{r.received_at:%H:%M}" if r.received_at.date() == self.today else f"{r.received_at:%d/%m %H:%M}"
            status = r.status_label + (" – CHƯA IN giấy tiếp nhận" if r.code in unprinted else "")
            values = [r.code, received, r.applicant_name, r.procedure_name, status,
                      f"{r.due_date:%d/%m/%Y}", return_text(r)]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if r.code in unprinted:
                    item.setBackground(QColor("#fde0e0"))  # a citizen left without a receipt: print it
                elif r.status == DossierStatus.RETURNED and r.same_day:
                    item.setBackground(QColor("#e6f4ea"))
                elif r.status == DossierStatus.RECEIVED and r.due_date <= self.today:
                    item.setBackground(QColor("#fff4c2"))  # due today: resolve before closing time
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        if query:
            self.summary.setText(f"Tìm thấy {len(self.rows)} hồ sơ.")
        else:
            done = sum(1 for r in self.rows if r.same_day)
            self.summary.setText(f"{len(self.rows)} hồ sơ hôm nay, {done} đã trả trong ngày.")
        self.unprinted.setText(f"{len(unprinted)} hồ sơ đã tiếp nhận nhưng chưa in giấy tiếp nhận (máy tắt giữa "
                               f"chừng?): {', '.join(sorted(unprinted))}. Chọn hồ sơ rồi bấm “In lại giấy tiếp nhận”.")
        self.unprinted.setVisible(bool(unprinted))
        codes = [r.code for r in self.rows]
        if selected in codes:
            self.table.selectRow(codes.index(selected))
        else:  # the row index kept would now be another dossier: nothing is chosen for the clerk
            self.table.clearSelection()

    def unprinted_receipts(self) -> set[str]:
        """Today's dossiers whose receipt was never made: the counter stopped (a crash, a power
        cut) between saving the dossier and printing. A dossier received in the last
        UNPRINTED_AFTER_S may still be printing, at this counter or another."""
        now = datetime.now()
        return {r.code for r in self.rows if not r.receipt_printed and r.received_at.date() == self.today
                and (now - r.received_at).total_seconds() > UNPRINTED_AFTER_S}

    def current_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()].code if rows and rows[0].row() < len(self.rows) else None

    def selected_row(self):
        if self._search_timer.isActive():  # an action right after typing: on what was searched,
            self.refresh()                 # never on the row selected in the list before
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText("Chọn một hồ sơ trong bảng trước.")
            return None
        return self.rows[rows[0].row()]

    def selected_code(self) -> str | None:
        r = self.selected_row()
        return r.code if r else None

    def _selection_changed(self) -> None:
        """The handover village follows the selected dossier (the one chosen at receipt, else
        the applicant's own), so a result never goes to the wrong village head."""
        code = self.current_code()
        r = next((r for r in self.rows if r.code == code), None)
        village = r and (r.returned_village or r.planned_return_village or r.applicant_village)
        if village and self.village.findText(village) >= 0:
            self.village.setCurrentText(village)

    # --- confirmation and undo -------------------------------------------------------------
    def ask(self, text: str, action) -> None:
        """One keystroke to go on (Enter), Esc to drop it."""
        self.pending = action
        self.confirm_text.setText(text + " Enter = đồng ý, Esc = thôi.")
        self.confirm_bar.show()
        self.confirm_ok.setFocus()

    def confirm(self) -> None:
        action, self.pending = self.pending, None
        self.confirm_bar.hide()
        self.table.setFocus()
        if action is not None:
            action()

    def cancel_confirm(self) -> None:
        if self.pending is not None:
            self.pending = None
            self.confirm_bar.hide()
            self.status.setText("Đã thôi, chưa ghi gì.")
            self.table.setFocus()

    def _offer_undo(self, code: str, text: str) -> None:
        self.undo_code = code
        self.undo_text.setText(f"{text} Có thể hoàn tác trong {UNDO_MS // 1000} giây.")
        self.undo_bar.show()
        self._undo_timer.start()

    def _undo_expired(self) -> None:
        self.undo_code = None
        self.undo_bar.hide()

    def undo(self) -> None:
        code = self.undo_code
        if code is None:
            return
        self._undo_timer.stop()
        self.undo_bar.hide()
        self.undo_code = None
        self._undo(code)

    def _undo(self, code: str, papers_back: bool = False) -> None:
        """Undo; when a slip or list of that outcome is already printed, first ask the clerk to
        take the paper back (Enter: taken back, undo; Esc: keep the outcome)."""
        clerk = self.clerk
        try:
            info = self.services.dossiers.undo_last(code, clerk_id=clerk.id if clerk else None,
                                                    papers_back=papers_back)
        except PaperOut as e:
            self.ask(f"{e.message} Đã thu lại?", lambda: self._undo(code, papers_back=True))
            return
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.refresh()
        self.status.setText(f"Đã hoàn tác: hồ sơ {code} trở lại “{info.status_label}”.")

    def _do(self, fn, done_text: str, slip: str | None = None, code: str | None = None) -> None:
        code = code or self.selected_code()
        if code is None:
            return
        clerk = self.clerk
        try:
            if fn is not None:  # None: already recorded (by a dialog that shows its own errors)
                fn(code, clerk.id if clerk else None)
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.refresh()
        text = done_text.format(code=code)
        self.status.setText(text)
        self._offer_undo(code, text)
        if slip:
            name = clerk.name if clerk else ""
            run_in_background(lambda: self.services.printouts.print_slip(code, slip, clerk.id if clerk else None, name),
                              lambda job: self.status.setText(f"{text} Phiếu: {job.status_text}"
                                                              + (f" – {job.last_error}" if job.last_error else "")),
                              lambda e: self.status.setText(f"Chưa in được phiếu: {getattr(e, 'message', e)}"), self)

    def _confirm_then(self, question: str, fn, done_text: str) -> None:
        r = self.selected_row()
        if r is None:
            return
        who = f" của {r.applicant_name}" if r.applicant_name else ""
        self.ask(question.format(code=r.code, who=who), lambda: self._do(fn, done_text, code=r.code))

    def return_counter(self) -> None:
        self._confirm_then("Trả hồ sơ {code}{who} tại quầy?",
                           lambda c, k: self.services.dossiers.record_return(c, "counter", clerk_id=k),
                           "Đã trả hồ sơ {code} tại quầy.")

    def return_village(self) -> None:
        village = self.village.currentText()
        self._confirm_then("Giao hồ sơ {code}{who} cho trưởng thôn " + village + "?",
                           lambda c, k: self.services.dossiers.record_return(c, "village-head", village=village,
                                                                             clerk_id=k),
                           "Đã giao hồ sơ {code} cho trưởng thôn " + village + ".")

    def resolve(self) -> None:
        self._confirm_then("Ghi hồ sơ {code}{who} đã có kết quả, chờ trả?",
                           lambda c, k: self.services.dossiers.resolve(c, clerk_id=k),
                           "Hồ sơ {code} đã có kết quả, chờ trả.")

    def supplement(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        info = self.services.dossiers.get(code)
        proc = self.services.catalog.procedure(info.procedure_code)
        dlg = SupplementDialog(self, proc, {d.name for d in info.documents} if info.documents else None)
        accepted = dlg.exec() == QDialog.Accepted
        self.table.setFocus()
        if not accepted:
            return
        items = dlg.missing()
        self._do(lambda c, k: self.services.dossiers.request_supplement(c, items, clerk_id=k),
                 "Đã ghi yêu cầu bổ sung cho hồ sơ {code}.", slip="supplement", code=code)

    def refuse(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        clerk_id = self.clerk.id if self.clerk else None
        dlg = TextDialog(self, "Từ chối tiếp nhận", "Lý do từ chối (in trên phiếu):", attempt=lambda d:
                         self.services.dossiers.refuse(code, d.text.toPlainText(), clerk_id=clerk_id))
        accepted = dlg.exec() == QDialog.Accepted
        self.table.setFocus()
        if accepted:
            self._do(None, "Đã từ chối hồ sơ {code}.", slip="refusal", code=code)

    def postpone(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        clerk_id = self.clerk.id if self.clerk else None
        dlg = TextDialog(self, "Xin lỗi và hẹn lại", "Lý do chậm trả kết quả (in trên phiếu xin lỗi):", with_date=True,
                         attempt=lambda d: self.services.dossiers.postpone(code, d.date.text(), d.text.toPlainText(),
                                                                            clerk_id=clerk_id))
        accepted = dlg.exec() == QDialog.Accepted
        self.table.setFocus()
        if accepted:
            self._do(None, "Đã hẹn lại hồ sơ {code}.", slip="apology", code=code)

    def reprint_receipt(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        clerk = self.clerk
        q, p = self.services.print_queue, self.services.printouts
        run_in_background(lambda: q.submit("receipt", f"Giấy tiếp nhận {code}", p.receipt_pdf(code, "a5", clerk.name),
                                           clerk_id=clerk.id),
                          self._receipt_reprinted,
                          lambda e: self.status.setText(f"Chưa in được: {getattr(e, 'message', e)}"), self)

    def _receipt_reprinted(self, job) -> None:
        self.refresh()  # a receipt never made is made now: its mark and the warning go
        self.status.setText(f"In lại giấy tiếp nhận: {job.status_text}")

    def handover(self) -> None:
        village, clerk = self.village.currentText(), self.clerk
        run_in_background(lambda: self.services.printouts.print_handover(self.today, village, clerk.id, clerk.name),
                          lambda job: self.status.setText(f"Danh sách bàn giao {village}: {job.status_text}"),
                          lambda e: self.status.setText(f"Chưa in được: {getattr(e, 'message', e)}"), self)
