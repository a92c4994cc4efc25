"""Letters to citizens: choose a template, fill it from a dossier or by hand, print."""
from __future__ import annotations

import html

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from ui.widgets.common import label
from ui.worker import run_in_background


class LettersTab(QWidget):
    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.template = QComboBox()
        for t in self.services.letters.templates():
            self.template.addItem(t.name, t.id)
        self.template.currentIndexChanged.connect(self.build_fields)
        self.dossier = QLineEdit()
        self.dossier.setPlaceholderText("Mã hồ sơ (không bắt buộc)")
        self.fill = QPushButton("Điền từ hồ sơ")
        self.fill.clicked.connect(self.fill_from_dossier)
        top.addWidget(self.template, 2)
        top.addWidget(self.dossier, 1)
        top.addWidget(self.fill)
        lay.addLayout(top)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        lay.addWidget(self.form_box)
        self.preview_text = QTextBrowser()
        lay.addWidget(self.preview_text, 1)
        row = QHBoxLayout()
        self.preview = QPushButton("Xem trước bản in")
        self.preview.clicked.connect(self.show_preview)
        self.print_button = QPushButton("Lưu và in thư")
        self.print_button.setObjectName("Primary")
        self.print_button.clicked.connect(self.save_and_print)
        row.addStretch(1)
        row.addWidget(self.preview)
        row.addWidget(self.print_button)
        lay.addLayout(row)
        self.status = label("", "Note")
        lay.addWidget(self.status)
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.build_fields()

    @property
    def services(self):
        return self.screen.services

    def template_id(self) -> str:
        return self.template.currentData()

    def build_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs = {}
        for f in self.services.letters.template(self.template_id()).fields:
            w = QPlainTextEdit() if f.multiline else QLineEdit()
            w.setPlaceholderText(f"ví dụ: {f.sample}" if f.sample else "")
            w.textChanged.connect(self.update_text)
            if f.multiline:
                w.setMaximumHeight(80)
            self.inputs[f.key] = w
            self.form.addRow(f.label + ":", w)
        self.update_text()

    def values(self) -> dict[str, str]:
        return {k: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()) for k, w in self.inputs.items()}

    def update_text(self) -> None:
        salutation, paragraphs = self.services.letters.compose(self.template_id(), self.values())
        t = self.services.letters.template(self.template_id())
        self.preview_text.setHtml(f"<h3 align='center'>{html.escape(t.title)}</h3><p align='center'><b>"
                                  f"{html.escape(salutation)}</b></p>" +
                                  "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))

    def fill_from_dossier(self) -> None:
        try:
            values = self.services.letters.fill_from_dossier(self.template_id(), self.dossier.text())
        except KioskError as e:
            self.status.setText(e.message)
            return
        for key, value in values.items():
            w = self.inputs[key]
            w.setPlainText(value) if isinstance(w, QPlainTextEdit) else w.setText(value)
        clerk = self.screen.window_.clerk
        self.services.audit.record("view-dossier", clerk.id if clerk else None, self.dossier.text())
        self.status.setText("Đã điền từ hồ sơ; kiểm tra và sửa cách xưng hô nếu cần.")

    def show_preview(self) -> None:
        from ui.widgets.pdf_view import PdfPreview
        t = self.services.letters.template(self.template_id())
        try:
            pdf = self.services.letters.pdf(self.services.letters.draft(t.id, self.values()))
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.preview_dialog = PdfPreview(self, t.name, pdf)
        self.preview_dialog.open()

    def save_and_print(self) -> None:
        clerk = self.screen.window_.clerk
        try:
            letter = self.services.letters.create(self.template_id(), self.values(), clerk.id if clerk else None,
                                                  self.dossier.text().strip() or None)
        except KioskError as e:
            self.status.setText(e.message)
            return
        run_in_background(lambda: self.services.letters.print(letter, clerk.id if clerk else None),
                          lambda job: self.status.setText(f"Đã lưu thư số {letter.id}. In: {job.status_text}"
                                                          + (f" – {job.last_error}" if job.last_error else "")),
                          lambda e: self.status.setText(f"Đã lưu thư nhưng chưa in được: {getattr(e, 'message', e)}"),
                          self)
