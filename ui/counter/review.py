"""Review before printing: every value read back (and read aloud where a voice
exists); then receive the dossier and print the filled form(s) and the receipt."""
from __future__ import annotations

import html

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QListWidget, QPushButton, QTextBrowser, QVBoxLayout

from kiosk.errors import KioskError, ValidationError
from kiosk.services.dossier_receipt import receipt_days
from ui.screen import Screen
from kiosk.services.dossiers import missing_required
from ui.counter.fields import enter_presses_buttons, error_line, mark_bad, show_error_line
from ui.counter.papers import PapersChecklist, ReturnChoice
from ui.counter.write import APPLICANT_FIELDS
from ui.widgets.common import label
from ui.worker import run_in_background

PRINT_AFTER_MS = 30  # the screen says "received" first, then the printing starts


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

    def __init__(self, window, writer, person: dict | None = None, forms: dict | None = None, *,
                 build: bool = True):
        """The review of `writer`'s visit. With `build=False` only the empty screen is made: the
        writer lays it out in short slices (`build_steps`) while the clerk types, and `fill` puts
        this visit's values in at Ctrl+Enter. It holds no personal data before `fill`."""
        super().__init__(window)
        self.setObjectName("Counter")
        self.writer = writer
        self.person: dict = {}
        self.forms: dict = {}
        self.lines: list[tuple[str, str]] = []
        self.proc = writer.proc
        self.title = f"Xem lại: {self.proc.short_name}"
        self.info = None
        self.filled = False
        self.built = False
        self.supplement_requested = False
        self._receiving = False
        self.printed = []
        self._steps = self._build()
        if build:
            self.finish_building()
        if person is not None:
            self.fill(person, forms or {})

    def build_steps(self):
        """The layout in slices of about 10 ms each (a generator: one slice per `next`)."""
        return self._steps

    def finish_building(self) -> None:
        for _ in self._steps:
            pass

    def _build(self):
        lay = QVBoxLayout(self)
        lay.addWidget(label("Đọc lại cho người dân nghe và kiểm tra từng dòng trước khi in:", "Heading"))
        self.view = QTextBrowser()
        lay.addWidget(self.view, 1)
        yield
        self.papers = PapersChecklist(self.proc)
        lay.addWidget(self.papers)
        yield
        villages = [v.name for v in self.services.config.settings.villages]
        self.return_choice = ReturnChoice(villages, None)
        self.days = self.days_note = self.days_error = None
        if self.proc.processing_days is None:  # the catalog gives the time only in words
            days_row = QHBoxLayout()
            self.days = QLineEdit()
            self.days.setMaximumWidth(120)
            self.days.setAccessibleName("Thời hạn giải quyết (số ngày làm việc)")
            days_row.addWidget(label("Thời hạn giải quyết (số ngày làm việc):", wrap=False))
            days_row.addWidget(self.days)
            self.days_note = label(f"Danh mục chỉ ghi: “{self.proc.processing_time_text[:160].rstrip('. ')}”. Đọc văn bản "
                                   "quy định và nhập số ngày để tính ngày hẹn trả.", "Note")
            days_row.addWidget(self.days_note, 1)
            # said beside the box: on a 768-px screen the message line under the buttons is below the screen
            self.days_error = error_line()
            days_row.addWidget(self.days_error, 1)
            self.days.textEdited.connect(lambda *_: self._show_days_error(None))
            lay.addLayout(days_row)
        opts = QHBoxLayout()  # one row with the return channel: the review fits a 1366×768 counter screen
        opts.addWidget(self.return_choice, 1)
        self.guided = QCheckBox("Đã hướng dẫn người dân nộp trực tuyến")
        opts.addWidget(self.guided)
        self.read = QPushButton("Đọc to")
        self.read.clicked.connect(self.read_aloud)
        self.read.setEnabled(self.services.speaker.available)
        if not self.services.speaker.available:
            self.read.setText("Đọc to (máy chưa cài giọng đọc)")
        lay.addLayout(opts)
        yield
        row = QHBoxLayout()
        self.edit = QPushButton("Sửa lại (Esc)")
        self.edit.clicked.connect(self.edit_again)
        self.receive = QPushButton(self._receive_text())
        self.receive.setObjectName("Primary")
        self.receive.clicked.connect(self.do_receive)
        self.preview = QPushButton("Xem trước bản in")
        self.preview.clicked.connect(self.show_preview)
        self.receive_later = QPushButton("Tiếp nhận, hẹn bổ sung")
        self.receive_later.setToolTip("Thiếu giấy tờ bắt buộc: vẫn tiếp nhận, ghi yêu cầu bổ sung và in phiếu "
                                      "yêu cầu bổ sung")
        self.receive_later.clicked.connect(self.do_receive_with_supplement)
        self.receive_later.hide()
        row.addWidget(self.edit)
        row.addWidget(self.preview)
        row.addWidget(self.read)
        row.addWidget(self.receive_later)
        row.addWidget(self.receive, 1)
        lay.addLayout(row)
        self.result = label("", "Good")
        self.result.hide()
        lay.addWidget(self.result)
        self.error = label("", "Warning")
        self.error.hide()
        lay.addWidget(self.error)
        self.jobs = QListWidget()
        self.jobs.setMaximumHeight(110)  # a few print jobs; the result and "Xong" stay on screen
        self.jobs.hide()
        lay.addWidget(self.jobs)
        yield
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
        # the Ctrl+Enter that opened this review, held a moment too long, must not receive it unread
        QShortcut(QKeySequence("Ctrl+Return"), self, self.do_receive).setAutoRepeat(False)
        QShortcut(QKeySequence("Escape"), self, self.edit_again)
        enter_presses_buttons(self)
        self.built = True

    def _receive_text(self) -> str:
        return ("In tờ khai và tiếp nhận hồ sơ (Ctrl+Enter)" if self.forms else
                "Tiếp nhận hồ sơ và in giấy tiếp nhận (Ctrl+Enter)")  # no form written here

    def fill(self, person: dict, forms: dict) -> None:
        """This visit's values, read back; the return channel defaults to the applicant's village.
        Once only: a review screen shows one visit's values, never another's."""
        if self.filled:
            raise RuntimeError("a review screen is filled once")
        self.finish_building()
        self.filled = True
        self.person, self.forms = person, forms
        self.lines = review_lines(person, forms, self.services.catalog)
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td style='font-size:130%'>{html.escape(v)}</td></tr>"
                       if v else f"<tr><td colspan=2><h3>{html.escape(k)}</h3></td></tr>" for k, v in self.lines)
        self.view.setHtml(f"<table cellpadding=4>{rows}</table>")
        self.return_choice.set_village(person.get("village"))
        self.receive.setText(self._receive_text())

    def shown(self) -> None:
        self.window().activateWindow()
        target = self.done if self.done.isVisible() else self.receive
        target.setFocus()

    @property
    def busy(self) -> bool:
        """Receiving or printing the receipt: the window must not close now."""
        return self._receiving and not self.done.isVisible()

    def edit_again(self) -> None:
        """Back to the form (Esc), but never once receiving has begun: the form would be
        received a second time, and a receipt still printing would be lost."""
        if not self._receiving and self.info is None:
            self.window_.back()

    def speech_text(self) -> str:
        return ". ".join(f"{k}: {v}" for k, v in self.lines if v)

    def read_aloud(self) -> None:
        if not self.services.speaker.say(self.speech_text(), private=True):  # personal data: never cached
            self.error.setText("Không phát được âm thanh.")
            self.error.show()

    def preview_pdf(self) -> bytes:
        """The forms exactly as they will print (the dossier code does not appear on forms)."""
        from kiosk.documents import render_forms
        clerk = self.window_.clerk
        forms = [(self.services.catalog.forms[fid], values) for fid, values in self.forms.items()]
        return render_forms(forms, self.services.config.settings, mode="filled",
                            proxy_clerk=clerk.name if clerk else None)

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
        """Receive with the papers ticked; refused while an always-required paper is unticked."""
        if self.info is not None:
            return
        if not self._return_ok():
            return
        missing = missing_required(self.proc, self.papers.documents())
        if missing:
            self.error.setText("Chưa đủ giấy tờ bắt buộc: " + "; ".join(missing) + ". Đánh dấu nếu người dân đã "
                               "nộp, hoặc bấm “Tiếp nhận, hẹn bổ sung” để nhận hồ sơ và in phiếu yêu cầu bổ sung.")
            self.error.show()
            self.receive_later.show()
            self.receive_later.setFocus()
            return
        self._receive([])

    def _return_ok(self) -> bool:
        """Post needs an address to send the result to (the receipt prints it)."""
        if self.return_choice.value()[0] == "post" and not (self.person.get("address") or "").strip():
            self.error.setText("Trả kết quả qua bưu điện cần địa chỉ nhận: bấm “Sửa lại (Esc)” và ghi Nơi cư trú "
                               "của người nộp, hoặc chọn cách nhận khác.")
            self.error.show()
            self.return_choice.via.setFocus()
            return False
        return True

    def do_receive_with_supplement(self) -> None:
        """Receive anyway, request every missing always-required paper, print the supplement slip."""
        if self.info is None and self._return_ok():
            self._receive(missing_required(self.proc, self.papers.documents()))

    def _receive(self, missing: list[str]) -> None:
        """Receive (and request the missing papers) off the UI thread: a durable commit on a busy
        disk never freezes the counter. The buttons stay off until it is done."""
        if self._receiving or not self._days_ok():
            return
        self._receiving = True
        clerk = self.window_.clerk
        clerk_id = clerk.id if clerk else None
        via, village = self.return_choice.value()
        writer = self.writer
        writer.received = True  # no draft is saved from now on
        writer._save_timer.stop()
        writer._draft_pool.waitForDone()
        self.receive.setEnabled(False)
        self.receive_later.setEnabled(False)
        ds, drafts, tickets = self.services.dossiers, self.services.drafts, self.services.tickets
        args = dict(proxy_written=bool(self.forms), guided_online=self.guided.isChecked(), form_values=self.forms,
                    documents=self.papers.documents(), return_via=via, return_village=village,
                    processing_days=self.days.text() if self.days is not None else None)
        draft_ids, ticket = list(writer.draft_ids.values()), writer.ticket

        def work():
            info = ds.receive_dossier(self.proc, self.person, clerk_id, **args)
            problem = None
            if missing:
                try:
                    info = ds.request_supplement(info.code, missing, clerk_id=clerk_id)
                except KioskError as e:  # received all the same; the board can still ask for the papers
                    problem = e.message
            for draft_id in draft_ids:
                try:
                    drafts.discard_draft(draft_id)
                except KioskError:
                    pass
            if ticket is not None:
                tickets.mark_served(ticket.id)
            return info, problem
        run_in_background(work, lambda r: self._received(r, missing), self._receive_failed, self)

    def _days_ok(self) -> bool:
        """The working days typed for a procedure the catalog gives no number for (kiosk's rule)."""
        if self.days is None:
            return True
        try:
            receipt_days(self.proc, self.days.text())
        except ValidationError as e:
            self._show_days_error(e.message)
            self.days.setFocus()
            return False
        return True

    def _show_days_error(self, message: str | None) -> None:
        show_error_line(self.days_error, message)
        mark_bad(self.days, bool(message))
        self.days_note.setVisible(not message)

    def _receive_failed(self, exc) -> None:
        self._receiving = False
        self.writer.received = False
        self.receive.setEnabled(True)
        self.receive_later.setEnabled(True)
        self.error.setText(getattr(exc, "message", None) or "Chưa tiếp nhận được hồ sơ; hãy thử lại.")
        self.error.show()
        self.receive.setFocus()

    def _received(self, result, missing: list[str]) -> None:
        with self.window_.building():  # the result, the print jobs and "Xong" laid out at once
            self._show_received(result, missing)

    def _show_received(self, result, missing: list[str]) -> None:
        self.info, problem = result
        self.supplement_requested = bool(missing) and problem is None
        if problem:
            self.error.setText(f"Đã tiếp nhận nhưng chưa ghi được yêu cầu bổ sung: {problem}")
        self.writer.draft_ids.clear()
        clerk = self.window_.clerk
        self.papers.setEnabled(False)
        self.return_choice.setEnabled(False)
        self.edit.setEnabled(False)
        self.error.setVisible(bool(problem))
        self.view.hide()  # read back already: room for the result, the print jobs and "Xong" on a 768-px screen
        self.result.setText(f"Đã tiếp nhận hồ sơ {self.info.code}. Hẹn trả: {self.info.due_date:%d/%m/%Y}. "
                            + ("Đang in tờ khai và giấy tiếp nhận…" if self.forms else "Đang in giấy tiếp nhận…"))
        self.result.show()
        name = clerk.name if clerk else ""
        code, clerk_id, printouts = self.info.code, clerk.id if clerk else None, self.services.printouts
        slip = self.supplement_requested

        def print_all():
            jobs = printouts.print_received(code, clerk_id, name)
            return jobs + ([printouts.print_slip(code, "supplement", clerk_id, name)] if slip else [])
        # printing (reportlab, in a worker) starts once the result is drawn: a worker holding the
        # GIL while the screen repaints makes each of the repaint's Python calls wait for it
        QTimer.singleShot(PRINT_AFTER_MS, self, lambda: run_in_background(print_all, self._printed,
                                                                          self._print_failed, self))

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
                                + ("Đã in tờ khai (mời người dân ký) và giấy tiếp nhận." if self.forms
                                   else "Đã in giấy tiếp nhận."))

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
        # handing the screen over locks the counter: no path back without the PIN
        self.window_.hand_to_citizen(RatingScreen(self.window_, dossier_code=self.info.code,
                                                  counter=clerk.name if clerk else None))

    def finish(self) -> None:
        self.window_.go_home()
