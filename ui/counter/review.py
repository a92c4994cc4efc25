"""Review before printing: every value read back (and read aloud where a voice
exists); then receive the dossier and print the filled form(s) and the receipt."""
from __future__ import annotations

import html

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QListWidget, QPushButton, QTextBrowser, QVBoxLayout

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.counter.fields import enter_presses_buttons
from ui.counter.write import APPLICANT_FIELDS
from ui.widgets.common import label
from ui.worker import run_in_background


def review_lines(person: dict, forms: dict, catalog) -> list[tuple[str, str]]:
    labels = dict(APPLICANT_FIELDS)
    lines = [(labels[k], v) for k, v in person.items()]
    for form_id, values in forms.items():
        form = catalog.forms[form_id]
        lines.append((form.title, ""))
        for item in form.fields:
            if values.get(item.key):
                who = f" [{item.column}]" if item.column else ""
                lines.append((f"{item.label}{who}", values[item.key]))
    return lines


class ReviewScreen(Screen):
    audience = "counter"

    def __init__(self, window, writer, person: dict, forms: dict):
        super().__init__(window)
        self.setObjectName("Counter")
        self.writer, self.person, self.forms = writer, person, forms
        self.proc = writer.proc
        self.title = f"Xem lại: {self.proc.short_name}"
        self.info = None
        lay = QVBoxLayout(self)
        lay.addWidget(label("Đọc lại cho người dân nghe và kiểm tra từng dòng trước khi in:", "Heading"))
        self.lines = review_lines(person, forms, self.services.catalog)
        self.view = QTextBrowser()
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td style='font-size:130%'>{html.escape(v)}</td></tr>"
                       if v else f"<tr><td colspan=2><h3>{html.escape(k)}</h3></td></tr>" for k, v in self.lines)
        self.view.setHtml(f"<table cellpadding=4>{rows}</table>")
        lay.addWidget(self.view, 1)
        opts = QHBoxLayout()
        self.guided = QCheckBox("Đã hướng dẫn người dân nộp trực tuyến")
        opts.addWidget(self.guided)
        self.read = QPushButton("Đọc to")
        self.read.clicked.connect(self.read_aloud)
        self.read.setEnabled(self.services.speaker.available)
        if not self.services.speaker.available:
            self.read.setText("Đọc to (máy chưa cài giọng đọc)")
        opts.addWidget(self.read)
        lay.addLayout(opts)
        row = QHBoxLayout()
        self.edit = QPushButton("Sửa lại (Esc)")
        self.edit.clicked.connect(window.back)
        self.receive = QPushButton("In tờ khai và tiếp nhận hồ sơ (Ctrl+Enter)")
        self.receive.setObjectName("Primary")
        self.receive.clicked.connect(self.do_receive)
        self.preview = QPushButton("Xem trước bản in")
        self.preview.clicked.connect(self.show_preview)
        row.addWidget(self.edit)
        row.addWidget(self.preview)
        row.addWidget(self.receive, 1)
        lay.addLayout(row)
        self.result = label("", "Good")
        self.result.hide()
        lay.addWidget(self.result)
        self.error = label("", "Warning")
        self.error.hide()
        lay.addWidget(self.error)
        self.jobs = QListWidget()
        self.jobs.hide()
        lay.addWidget(self.jobs)
        after = QHBoxLayout()
        self.reprint = QPushButton("In lại phần bị lỗi")
        self.reprint.clicked.connect(self.retry_failed)
        self.reprint.hide()
        self.done = QPushButton("Xong – về màn hình quầy")
        self.done.clicked.connect(self.finish)
        self.done.hide()
        self.rate = QPushButton("Mời người dân đánh giá (quay màn hình về phía người dân)")
        self.rate.clicked.connect(self.ask_rating)
        self.rate.hide()
        after.addWidget(self.reprint)
        after.addWidget(self.rate)
        after.addWidget(self.done)
        lay.addLayout(after)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.do_receive)
        QShortcut(QKeySequence("Escape"), self, window.back)
        self.printed = []
        enter_presses_buttons(self)

    def shown(self) -> None:
        self.window().activateWindow()
        target = self.done if self.done.isVisible() else self.receive
        target.setFocus()

    def speech_text(self) -> str:
        return ". ".join(f"{k}: {v}" for k, v in self.lines if v)

    def read_aloud(self) -> None:
        if not self.services.speaker.say(self.speech_text()):
            self.error.setText("Không phát được âm thanh.")
            self.error.show()

    def preview_pdf(self) -> bytes:
        """The forms exactly as they will print (the dossier code does not appear on forms)."""
        from kiosk.documents import render_forms
        clerk = self.window_.clerk
        note = (f"Tờ khai do cán bộ {clerk.name} viết hộ theo yêu cầu của người yêu cầu." if clerk else None)
        forms = [(self.services.catalog.forms[fid], values) for fid, values in self.forms.items()]
        return render_forms(forms, self.services.config.settings, mode="filled", proxy_note=note)

    def show_preview(self) -> None:
        from ui.widgets.pdf_view import PdfPreview
        if not self.forms:
            self.error.setText("Thủ tục này không có tờ khai do cán bộ viết; chỉ in giấy tiếp nhận.")
            self.error.show()
            return
        self.preview_dialog = PdfPreview(self, self.proc.short_name, self.preview_pdf())
        self.preview_dialog.finished.connect(lambda *_: self.shown())  # the F-keys work again at once
        self.preview_dialog.open()

    def do_receive(self) -> None:
        if self.info is not None:
            return
        clerk = self.window_.clerk
        try:
            self.info = self.services.dossiers.receive_dossier(
                self.proc, self.person, clerk.id if clerk else None, proxy_written=bool(self.forms),
                guided_online=self.guided.isChecked(), form_values=self.forms)
        except KioskError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        self.writer.received = True
        self.writer._save_timer.stop()
        for draft_id in self.writer.draft_ids.values():
            try:
                self.services.drafts.discard_draft(draft_id)
            except KioskError:
                pass
        self.writer.draft_ids.clear()
        if self.writer.ticket is not None:
            self.services.tickets.mark_served(self.writer.ticket.id)
        self.receive.setEnabled(False)
        self.edit.setEnabled(False)
        self.error.hide()
        self.result.setText(f"Đã tiếp nhận hồ sơ {self.info.code}. Hẹn trả: {self.info.due_date:%d/%m/%Y}. "
                            "Đang in tờ khai và giấy tiếp nhận…")
        self.result.show()
        name = clerk.name if clerk else ""
        run_in_background(lambda: self.services.printouts.print_received(self.info.code, clerk.id if clerk else None,
                                                                         name),
                          self._printed, self._print_failed, self)

    def _printed(self, jobs) -> None:
        self.printed = jobs
        self.jobs.clear()
        for j in jobs:
            self.jobs.addItem(f"{j.title}: {j.status_text}" + (f" – {j.last_error}" if j.last_error else ""))
        self.jobs.show()
        failed = [j for j in jobs if j.status != "done"]
        self.reprint.setVisible(bool(failed))
        self.done.show()
        self.rate.show()
        self.done.setFocus()
        if not failed:
            self.result.setText(f"Đã tiếp nhận hồ sơ {self.info.code}, hẹn trả {self.info.due_date:%d/%m/%Y}. "
                                "Đã in tờ khai (mời người dân ký) và giấy tiếp nhận.")

    def _print_failed(self, exc) -> None:
        self.error.setText(f"Hồ sơ đã được tiếp nhận nhưng chưa in được: {getattr(exc, 'message', exc)}. "
                           "In lại từ mục Lệnh in.")
        self.error.show()
        self.done.show()

    def retry_failed(self) -> None:
        queue = self.services.print_queue
        run_in_background(lambda: [queue.retry(j.id) if j.status == "failed" else j for j in self.printed],
                          self._printed, self._print_failed, self)

    def ask_rating(self) -> None:
        """The satisfaction rating right after service, tied to this dossier and clerk."""
        from ui.lobby.rating import RatingScreen
        clerk = self.window_.clerk
        self.window_.go_home()
        self.window_.push(RatingScreen(self.window_, dossier_code=self.info.code, counter=clerk.name if clerk else None))

    def finish(self) -> None:
        self.window_.go_home()
