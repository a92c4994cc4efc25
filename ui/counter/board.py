"""The day's board: every dossier received today with its status and due date,
and one action to record the outcome (returned at the counter, through the
village head, needs supplement, refused, postponed with an apology)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from kiosk.services.dossiers import DossierStatus
from ui.counter.fields import vn_buttons
from ui.widgets.common import label
from ui.worker import run_in_background

VIA_TEXT = {"counter": "tại quầy", "village-head": "qua trưởng thôn", "post": "bưu điện", "online": "trực tuyến"}


class SupplementDialog(QDialog):
    """Tick every missing paper at once (the slip lists them all), add others by hand."""

    def __init__(self, parent, proc):
        super().__init__(parent)
        self.setWindowTitle("Yêu cầu bổ sung hồ sơ")
        lay = QVBoxLayout(self)
        lay.addWidget(label("Đánh dấu MỌI giấy tờ còn thiếu (hướng dẫn một lần, đầy đủ):"))
        self.items = QListWidget()
        for d in proc.required_documents if proc else []:
            item = QListWidgetItem(d.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
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
    def __init__(self, parent, title: str, prompt: str, with_date: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        self.date = QLineEdit()
        if with_date:
            lay.addWidget(label("Ngày hẹn trả mới (ngày/tháng/năm):"))
            lay.addWidget(self.date)
        lay.addWidget(label(prompt))
        self.text = QPlainTextEdit()
        lay.addWidget(self.text)
        buttons = vn_buttons(QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)


class DayBoard(QWidget):
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
        self.summary = label("", "Note")
        lay.addWidget(self.summary)
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        lay.addWidget(self.table, 1)
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
        row.addWidget(label("Thôn:"))
        row.addWidget(self.village)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addLayout(grid)
        self.status = label("", "Note")
        lay.addWidget(self.status)
        self.rows = []
        self.refresh()

    @property
    def services(self):
        return self.screen.services

    @property
    def clerk(self):
        return self.screen.window_.clerk

    def refresh(self) -> None:
        self.rows = self.services.dossiers.day_board(self.today)
        headers = ["Mã hồ sơ", "Giờ nhận", "Thủ tục", "Tình trạng", "Hẹn trả", "Trả"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = [r.code, f"{r.received_at:%H:%M}", r.procedure_name, r.status_label, f"{r.due_date:%d/%m/%Y}",
                      (f"{VIA_TEXT.get(r.returned_via, '')} {r.returned_at:%H:%M}" if r.returned_at else "")]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                if r.status == DossierStatus.RETURNED and r.same_day:
                    item.setBackground(QColor("#e6f4ea"))
                elif r.status == DossierStatus.RECEIVED and r.due_date <= self.today:
                    item.setBackground(QColor("#fff4c2"))  # due today: resolve before closing time
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        done = sum(1 for r in self.rows if r.same_day)
        self.summary.setText(f"{len(self.rows)} hồ sơ hôm nay, {done} đã trả trong ngày.")

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText("Chọn một hồ sơ trong bảng trước.")
            return None
        return self.rows[rows[0].row()].code

    def _do(self, fn, done_text: str, slip: str | None = None) -> None:
        code = self.selected_code()
        if code is None:
            return
        clerk = self.clerk
        try:
            fn(code, clerk.id if clerk else None)
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.refresh()
        self.status.setText(done_text.format(code=code))
        if slip:
            name = clerk.name if clerk else ""
            run_in_background(lambda: self.services.printouts.print_slip(code, slip, clerk.id if clerk else None, name),
                              lambda job: self.status.setText(f"{done_text.format(code=code)} Phiếu: {job.status_text}"
                                                              + (f" – {job.last_error}" if job.last_error else "")),
                              lambda e: self.status.setText(f"Chưa in được phiếu: {getattr(e, 'message', e)}"), self)

    def return_counter(self) -> None:
        self._do(lambda c, k: self.services.dossiers.record_return(c, "counter", clerk_id=k),
                 "Đã trả hồ sơ {code} tại quầy.")

    def return_village(self) -> None:
        village = self.village.currentText()
        self._do(lambda c, k: self.services.dossiers.record_return(c, "village-head", village=village, clerk_id=k),
                 "Đã giao hồ sơ {code} cho trưởng thôn " + village + ".")

    def resolve(self) -> None:
        self._do(lambda c, k: self.services.dossiers.resolve(c, clerk_id=k), "Hồ sơ {code} đã có kết quả, chờ trả.")

    def supplement(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        proc = self.services.catalog.procedure(self.services.dossiers.get(code).procedure_code)
        dlg = SupplementDialog(self, proc)
        if dlg.exec() != QDialog.Accepted:
            return
        items = dlg.missing()
        self._do(lambda c, k: self.services.dossiers.request_supplement(c, items, clerk_id=k),
                 "Đã ghi yêu cầu bổ sung cho hồ sơ {code}.", slip="supplement")

    def refuse(self) -> None:
        dlg = TextDialog(self, "Từ chối tiếp nhận", "Lý do từ chối (in trên phiếu):")
        if self.selected_code() is None or dlg.exec() != QDialog.Accepted:
            return
        reason = dlg.text.toPlainText()
        self._do(lambda c, k: self.services.dossiers.refuse(c, reason, clerk_id=k), "Đã từ chối hồ sơ {code}.",
                 slip="refusal")

    def postpone(self) -> None:
        dlg = TextDialog(self, "Xin lỗi và hẹn lại", "Lý do chậm trả kết quả (in trên phiếu xin lỗi):", with_date=True)
        if self.selected_code() is None or dlg.exec() != QDialog.Accepted:
            return
        new_date, reason = dlg.date.text(), dlg.text.toPlainText()
        self._do(lambda c, k: self.services.dossiers.postpone(c, new_date, reason, clerk_id=k),
                 "Đã hẹn lại hồ sơ {code}.", slip="apology")

    def reprint_receipt(self) -> None:
        code = self.selected_code()
        if code is None:
            return
        clerk = self.clerk
        q, p = self.services.print_queue, self.services.printouts
        run_in_background(lambda: q.submit("receipt", f"Giấy tiếp nhận {code}", p.receipt_pdf(code, "a5", clerk.name),
                                           clerk_id=clerk.id),
                          lambda job: self.status.setText(f"In lại giấy tiếp nhận: {job.status_text}"),
                          lambda e: self.status.setText(f"Chưa in được: {getattr(e, 'message', e)}"), self)

    def handover(self) -> None:
        village, clerk = self.village.currentText(), self.clerk
        run_in_background(lambda: self.services.printouts.print_handover(self.today, village, clerk.id),
                          lambda job: self.status.setText(f"Danh sách bàn giao {village}: {job.status_text}"),
                          lambda e: self.status.setText(f"Chưa in được: {getattr(e, 'message', e)}"), self)
