"""Office: reports of the model and the citizens' feedback (for the office head)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableWidget,
                               QTabWidget, QTextEdit, QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from kiosk.services.reports import COLUMNS
from ui.office.period import period_row, table_cell
from ui.screen import Screen
from ui.widgets.common import label
from ui.worker import run_in_background

SHOWN = ["received", "resolved", "early", "on_time", "late", "same_day", "via_village_head", "supplement",
         "refused", "proxy_written", "guided_online"]


class ReportsTab(QWidget):
    def __init__(self, screen: "OfficeHome"):
        super().__init__()
        self.screen = screen
        self.report = None
        lay = QVBoxLayout(self)
        lay.addLayout(period_row(self, "Xem báo cáo", self.build))
        self.summary = label("", "Heading")
        lay.addWidget(self.summary)
        self.table = QTableWidget()
        lay.addWidget(self.table, 1)
        # sections II and III of the printed report, typed by the head, kept per period
        notes = QHBoxLayout()
        self.assessment = QTextEdit()
        self.assessment.setPlaceholderText("II. Đánh giá: kết quả đạt được, hạn chế và nguyên nhân (mỗi ý một đoạn)")
        self.recommendations = QTextEdit()
        self.recommendations.setPlaceholderText("III. Kiến nghị, đề xuất với cấp trên (mỗi ý một đoạn)")
        for box, caption in ((self.assessment, "II. Đánh giá (in trong báo cáo)"),
                             (self.recommendations, "III. Kiến nghị (in trong báo cáo)")):
            box.setAcceptRichText(False)
            box.setMaximumHeight(130)
            box.setEnabled(False)
            column = QVBoxLayout()
            column.addWidget(label(caption, "Note"))
            column.addWidget(box)
            notes.addLayout(column, 1)
        self.save_note_button = QPushButton("Lưu đánh giá, kiến nghị")
        self.save_note_button.clicked.connect(self.save_note)
        self.save_note_button.setEnabled(False)
        notes.addWidget(self.save_note_button)
        lay.addLayout(notes)
        out = QHBoxLayout()
        self.pdf = QPushButton("Xuất PDF")
        self.xlsx = QPushButton("Xuất Excel")
        self.print_button = QPushButton("In báo cáo")
        for b, fmt in ((self.pdf, "pdf"), (self.xlsx, "xlsx")):
            b.clicked.connect(lambda _=False, f=fmt: self.export(f))
            b.setEnabled(False)
            out.addWidget(b)
        self.print_button.clicked.connect(self.print_report)
        self.print_button.setEnabled(False)
        self.preview = QPushButton("Xem trước")
        self.preview.clicked.connect(self.show_preview)
        self.preview.setEnabled(False)
        out.addWidget(self.preview)
        out.addWidget(self.print_button)
        lay.addLayout(out)
        self.status = label("", "Note")
        lay.addWidget(self.status)

    @property
    def services(self):
        return self.screen.services

    def key(self) -> str:
        return self.custom.text().strip() or self.period.currentData()

    def build(self) -> None:
        try:
            self.report = self.services.reports.build(self.key())
        except KioskError as e:
            self.status.setText(e.message)
            return
        r = self.report
        pct = lambda v: "–" if v is None else f"{v}%"  # noqa: E731
        self.summary.setText(f"{r.period.label}: tiếp nhận {r.total['received']}, giải quyết {r.total['resolved']} "
                             f"(trước và đúng hạn {pct(r.on_time_percent)}), trả trong ngày "
                             f"{r.total['same_day']} ({pct(r.same_day_percent)}), hài lòng "
                             f"{r.satisfaction['average'] or '–'}/5 ({r.satisfaction['count']} lượt)")
        labels = dict(COLUMNS)
        self.table.setColumnCount(2 + len(SHOWN))
        self.table.setHorizontalHeaderLabels(["Mã", "Thủ tục"] + [labels[k] for k in SHOWN])
        rows = r.rows + [type(r.rows[0])("", "Tổng cộng", r.total)] if r.rows else []
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            self.table.setItem(i, 0, table_cell(row.code))
            self.table.setItem(i, 1, table_cell(row.name))
            for j, k in enumerate(SHOWN, start=2):
                self.table.setItem(i, j, table_cell(row.counts[k]))
        self.table.resizeColumnsToContents()
        note = self.services.report_notes.get(r.period.key)
        self.assessment.setPlainText(note.assessment)
        self.recommendations.setPlainText(note.recommendations)
        for b in (self.pdf, self.xlsx, self.print_button, self.preview, self.assessment, self.recommendations,
                  self.save_note_button):
            b.setEnabled(True)
        self.status.setText("")

    def save_note(self) -> bool:
        """Keep the typed assessment and recommendations with the report's period."""
        if self.report is None:
            return False
        clerk = self.screen.window_.clerk
        try:
            self.services.report_notes.save(self.report.period.key, self.assessment.toPlainText(),
                                            self.recommendations.toPlainText(), clerk.id if clerk else None)
        except KioskError as e:
            self.status.setText(e.message)
            return False
        self.status.setText("Đã lưu đánh giá, kiến nghị của kỳ báo cáo.")
        return True

    def _bytes(self, fmt: str) -> bytes:
        if fmt == "xlsx":
            from kiosk.report_xlsx import report_xlsx
            return report_xlsx(self.report)
        from kiosk.services.report_notes import report_pdf
        return report_pdf(self.report, self.services.config.settings, self.services.report_notes)

    def export(self, fmt: str) -> None:
        if fmt == "pdf" and not self.save_note():
            return
        report, folder = self.report, self.services.config.data_dir / "exports"
        clerk = self.screen.window_.clerk

        def work() -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            dest = folder / f"bao-cao-{report.period.key}.{fmt}"
            dest.write_bytes(self._bytes(fmt))
            self.services.audit.record("export", clerk.id if clerk else None, f"báo cáo {report.period.key} {fmt}")
            return dest

        self.status.setText("Đang xuất…")
        run_in_background(work, lambda p: self.status.setText(f"Đã lưu: {p}"),
                          lambda e: self.status.setText(f"Không xuất được: {getattr(e, 'message', e)}"), self)

    def show_preview(self) -> None:
        from ui.widgets.pdf_view import PdfPreview
        if not self.save_note():
            return
        try:
            pdf = self._bytes("pdf")
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.preview_dialog = PdfPreview(self, self.report.period.label, pdf, on_print=self.print_report)
        self.preview_dialog.open()

    def print_report(self) -> None:
        if not self.save_note():
            return
        report = self.report
        work = lambda: self.services.print_queue.submit("report", f"Báo cáo {report.period.key}",  # noqa: E731
                                                        self._bytes("pdf"))
        run_in_background(work, lambda job: self.status.setText(
            "Đã gửi lệnh in." if job.status == "done" else f"In lỗi: {job.last_error}"),
            lambda e: self.status.setText(f"Không in được: {getattr(e, 'message', e)}"), self)


class FeedbackTab(QWidget):
    def __init__(self, screen: "OfficeHome"):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter = QComboBox()
        for text, key in (("Tất cả", None), ("Mới", "new"), ("Đã giao xử lý", "assigned"), ("Đã trả lời", "answered")):
            self.filter.addItem(text, key)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.export_button = QPushButton("Xuất danh sách cho buổi đối thoại (Excel)")
        self.export_button.clicked.connect(self.export)
        top.addWidget(label("Lọc:"))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.export_button)
        lay.addLayout(top)
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        lay.addWidget(self.table, 1)
        act = QHBoxLayout()
        self.department = QLineEdit()
        self.department.setPlaceholderText("Bộ phận được giao (ví dụ: Địa chính – Xây dựng)")
        self.assign_button = QPushButton("Giao xử lý")
        self.assign_button.clicked.connect(self.assign)
        act.addWidget(self.department, 1)
        act.addWidget(self.assign_button)
        lay.addLayout(act)
        self.answer = QTextEdit()
        self.answer.setPlaceholderText("Nội dung trả lời người dân")
        self.answer.setMaximumHeight(120)
        lay.addWidget(self.answer)
        self.answer_button = QPushButton("Ghi nhận trả lời")
        self.answer_button.clicked.connect(self.record_answer)
        lay.addWidget(self.answer_button)
        self.status = label("", "Note")
        lay.addWidget(self.status)
        self.items = []
        self.refresh()

    @property
    def services(self):
        return self.screen.services

    def refresh(self) -> None:
        self.items = self.services.feedback.list(self.filter.currentData())
        headers = ["Số", "Ngày", "Chủ đề", "Nội dung", "Tình trạng", "Bộ phận", "Trả lời"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.items))
        for i, f in enumerate(self.items):
            for j, v in enumerate((f.id, f"{f.created_at:%d/%m/%Y}", f.topic, f.text, f.status_text,
                                   f.department, f.answer)):
                self.table.setItem(i, j, table_cell(v))
        self.table.resizeColumnsToContents()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _act(self, fn) -> None:
        f = self.selected()
        if f is None:
            self.status.setText("Hãy chọn một góp ý trong danh sách.")
            return
        try:
            fn(f)
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.status.setText("Đã lưu.")
        self.refresh()

    def assign(self) -> None:
        clerk = self.screen.window_.clerk
        self._act(lambda f: self.services.feedback.assign(f.id, self.department.text(), clerk.id))

    def record_answer(self) -> None:
        clerk = self.screen.window_.clerk
        self._act(lambda f: self.services.feedback.answer(f.id, self.answer.toPlainText(), clerk.id))
        self.answer.clear()

    def export(self) -> None:
        from kiosk.report_xlsx import feedback_xlsx
        folder = self.services.config.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"gop-y-{date.today():%Y%m%d}.xlsx"
        dest.write_bytes(feedback_xlsx(self.services.feedback.list(), self.services.config.settings.issuing_unit))
        clerk = self.screen.window_.clerk
        self.services.audit.record("export", clerk.id if clerk else None, "danh sách góp ý")
        self.status.setText(f"Đã lưu: {dest}")


class OfficeHome(Screen):
    title = "Văn phòng: báo cáo và góp ý"
    audience = "counter"

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("Counter")
        lay = QVBoxLayout(self)
        self.alerts = _pin_alerts(self)  # wrong PINs since each clerk's last login (issue 15)
        lay.addWidget(self.alerts)
        self.tabs = QTabWidget()
        self.reports = ReportsTab(self)
        self.feedback = FeedbackTab(self)
        self.tabs.addTab(self.reports, "Báo cáo mô hình")
        self.tabs.addTab(self.feedback, "Góp ý, kiến nghị")
        from ui.office.letters import LettersTab
        self.letters = LettersTab(self)
        self.tabs.addTab(self.letters, "Thư chúc mừng, chia buồn, xin lỗi")
        from ui.office.survey import SurveyTab  # SIPAS index (ui/office/survey.py)
        self.survey = SurveyTab(self)
        self.tabs.addTab(self.survey, "Khảo sát SIPAS")
        lay.addWidget(self.tabs)


def _pin_alerts(screen: "OfficeHome") -> QWidget:
    """A warning per clerk with wrong PINs since the last login; "Mở khóa" for a locked one."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    alerts = screen.services.accounts.alerts()
    for a in alerts:
        row = QHBoxLayout()
        row.addWidget(label("Cảnh báo mã PIN: " + a.text, "Warning"), 1)
        if a.locked_until is not None:
            b = QPushButton("Mở khóa")
            b.setObjectName(f"unlock-{a.clerk_id}")

            def _unlock(_=False, clerk_id=a.clerk_id, button=b):
                screen.services.accounts.unlock_account(clerk_id, screen.window_.clerk)
                button.setEnabled(False)
                button.setText("Đã mở khóa")
            b.clicked.connect(_unlock)
            row.addWidget(b)
        lay.addLayout(row)
    box.setVisible(bool(alerts))
    return box
