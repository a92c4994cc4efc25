"""'Nhờ cán bộ giúp – lấy số thứ tự': choose the kind of ticket, then the number,
shown large on screen whether or not the paper came out. The same person going
back and tapping again sees the same number (the window keeps it until the idle
wipe); "Người khác lấy số" takes a new one."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.widgets.common import big_button, label
from ui.worker import run_in_background

# kind -> (button words, priority)
TICKET_KINDS = {
    "normal": ("Lấy số thường", False),
    "elderly": ("Người cao tuổi (ưu tiên)", True),
    "disabled": ("Người khuyết tật (ưu tiên)", True),
    "pregnant": ("Phụ nữ mang thai (ưu tiên)", True),
}


def print_failed_text(ticket_label: str, counter: str) -> str:
    """Plain words for a citizen when the ticket could not be printed (never the printer's error)."""
    return (f"Máy in đang trục trặc. Bác nhớ số {ticket_label} và chờ gọi, "
            f"hoặc đến quầy số {counter} để được giúp.")


class TicketScreen(Screen):
    title = "Lấy số chờ cán bộ"

    def __init__(self, window, proc=None):
        super().__init__(window)
        self.proc = proc
        self.ticket = None
        self.print_job = None
        m = window.metrics
        lay = QVBoxLayout(self)
        lay.setSpacing(m.mm(3))
        self.question = label("Cán bộ sẽ gọi số của bạn và giúp bạn làm giấy tờ. Bạn thuộc trường hợp nào?",
                              "Heading")
        lay.addWidget(self.question)
        grid = QGridLayout()
        grid.setSpacing(m.mm(3))
        self.kind_buttons = {}
        for i, (kind, (words, priority)) in enumerate(TICKET_KINDS.items()):
            b = big_button(words, name="Category")
            if not priority:
                b.setObjectName("PrimaryTile")
            b.clicked.connect(lambda _=False, k=kind: self.take(k))
            self.kind_buttons[kind] = b
            if m.one_column or i == 0:
                grid.addWidget(b, i, 0, 1, 1 if m.one_column else 3)
            else:
                grid.addWidget(b, 1, i - 1)
        lay.addLayout(grid)
        # kept for callers and tests that speak of "normal" and "priority"
        self.normal = self.kind_buttons["normal"]
        self.priority = self.kind_buttons["elderly"]
        self.number = label("", "TicketNumber")
        self.number.setAlignment(Qt.AlignCenter)
        self.number.setAccessibleName("Số thứ tự của bạn")
        self.number.hide()
        lay.addWidget(self.number, 0, Qt.AlignHCenter)
        self.kind_label = label("", "Heading")  # "Số ưu tiên – người cao tuổi": what the clerk will see too
        self.kind_label.setAlignment(Qt.AlignCenter)
        self.kind_label.hide()
        lay.addWidget(self.kind_label)
        self.after = label("", "Note")
        self.after.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.after)
        self.outcome = label("", "Info")
        self.outcome.hide()
        lay.addWidget(self.outcome)
        self.another = big_button("Người khác lấy số mới")
        self.another.clicked.connect(self.new_person)
        self.another.hide()
        lay.addWidget(self.another, 0, Qt.AlignHCenter)
        lay.addStretch(1)
        kept = getattr(window, "session_ticket", None)
        if kept is not None:
            self._show(kept, printed=None)

    def take(self, kind: str = "normal") -> None:
        if isinstance(kind, bool):  # take(priority: bool), the old form
            kind = "elderly" if kind else "normal"
        code = self.proc.code if self.proc is not None else None
        try:
            self.ticket = self.services.tickets.take_ticket(code, kind=kind)
        except KioskError as e:  # "Máy đang bận…": said here, the kinds stay for another tap
            self._set_outcome(e.message, "Warning")
            return
        self.window_.session_ticket = self.ticket
        self._show(self.ticket, printed=False)
        self._set_outcome("Đang in phiếu số ở máy in nhỏ…", "Info")
        run_in_background(lambda: self.services.printouts.print_ticket(self.ticket),
                          self._printed, self._print_error, self)
        if self.services.speaker.available:
            self.services.speaker.say(self.speech_text())

    def _show(self, ticket, printed) -> None:
        self.ticket = ticket
        for b in self.kind_buttons.values():
            b.hide()
        # the procedure the number was taken for (a kept number may come from another screen)
        proc = self.proc if self.proc is not None and self.proc.code == ticket.procedure_code else None
        if proc is None and ticket.procedure_code:
            proc = self.services.catalog.procedure(ticket.procedure_code)  # None when gone from the catalog
        what = f" ({proc.short_name})" if proc is not None else ""
        self.question.setText(f"Số của bạn{what}:")
        self.number.setText(ticket.label)
        self.number.show()
        self.kind_label.setText(f"Số {ticket.kind_words}")
        self.kind_label.show()
        self.after.setText("Mời bạn ngồi chờ. Khi số này được gọi, mời đến quầy.")
        self.another.show()
        self._changed_in_place()
        # the kind tapped may have been further down (a small screen in "Chữ to"): bring the
        # number into view once the page has laid out without the kind buttons
        QTimer.singleShot(0, self, self._reveal_number)
        if printed is None:
            self._set_outcome("Bạn đã lấy số này rồi. Nhớ số trên màn hình và chờ gọi.", "Info")

    def _reveal_number(self) -> None:
        from ui.widgets.touch import TouchScroll
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, TouchScroll):
            holder = holder.parentWidget()
        if holder is not None and self.number.isVisible():
            holder.ensureWidgetVisible(self.question, 0, 0)
            holder.ensureWidgetVisible(self.number, 0, 0)

    def _set_outcome(self, text: str, style: str) -> None:
        self.outcome.setObjectName(style)
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        self.outcome.setText(text)
        self.outcome.show()

    def _printed(self, job) -> None:
        self.print_job = job
        if job is not None and job.status == "done":
            self._set_outcome("Mời bạn lấy phiếu số ở máy in nhỏ.", "Good")
        else:
            self._print_error(None)

    def _print_error(self, _exc) -> None:
        counter = self.services.config.settings.help_counter
        self._set_outcome(print_failed_text(self.ticket.label, counter), "Warning")

    def new_person(self) -> None:
        self.window_.session_ticket = None
        self.ticket = None
        self.question.setText("Cán bộ sẽ gọi số của bạn và giúp bạn làm giấy tờ. Bạn thuộc trường hợp nào?")
        for w in (self.number, self.kind_label, self.another, self.outcome):
            w.hide()
        self.after.setText("")
        for b in self.kind_buttons.values():
            b.show()
        self._changed_in_place()

    def _changed_in_place(self) -> None:
        """The buttons changed under the finger: a double tap's second touch presses nothing
        (the window's TapGuard, as after a change of screen)."""
        guard = getattr(self.window_, "tap_guard", None)
        if guard is not None:
            guard.screen_changed(True)

    def speech_text(self) -> str:
        if self.ticket:
            digits = " ".join(self.ticket.label[1:].lstrip("0") or "0")
            kind = "ưu tiên" if self.ticket.priority else ""
            text = f"Số của bạn là số {kind} {digits}. Mời bạn ngồi chờ, khi được gọi mời đến quầy."
            if self.outcome.objectName() == "Warning":
                text += " " + self.outcome.text()
            return text
        return self.question.text() + " " + ", ".join(w for w, _ in TICKET_KINDS.values())
