"""The widgets of one official form as it looks on paper: fields sharing a printed
line share a row (FormItem.inline), tables keep their columns, fixed text stays
where it is printed; each field has its caption, its widget and an error line
that appears only while the value is wrong."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from kiosk.catalog.schema import FieldType, FormItem, FormTemplate
from kiosk.prefill import is_relationship, is_uppercase, relationship_choices, slot_of
from kiosk.errors import ValidationError
from kiosk.text import parse_date
from kiosk.validation import field_label, is_person_name

VN_BUTTONS = {QDialogButtonBox.Ok: "Đồng ý", QDialogButtonBox.Cancel: "Hủy", QDialogButtonBox.Yes: "Có",
              QDialogButtonBox.No: "Không", QDialogButtonBox.Close: "Đóng", QDialogButtonBox.Save: "Lưu",
              QDialogButtonBox.Discard: "Bỏ", QDialogButtonBox.Apply: "Áp dụng", QDialogButtonBox.Retry: "Thử lại"}


def vn_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Every standard button of `box` in Vietnamese, Enter presses the focused one."""
    for which, text in VN_BUTTONS.items():
        b = box.button(which)
        if b is not None:
            b.setText(text)
    return box


class ButtonKeyGuard(QObject):
    """Enter (and Space) press the focused button only when the clerk means it:
    - a held Enter repeats: the repeats would press whatever button the first press moved the
      focus to (Enter on the last field focuses "Kiểm tra và xem lại", the review opens with
      the focus on "Tiếp nhận": a held key would receive the dossier before it is read back);
    - a CCCD scanned while a button has the focus types the card's text, spaces included, and
      ends with Enter: each would press the button (the review's "Tiếp nhận", the board's
      "Đồng ý") or tick a check box (a paper handed in). Enter or Space within TYPED_S of a
      typed character does nothing. On the form, whose scan box takes cards (`scan_box`), a
      card's first digit typed on a button moves the typing there, so the scan is read,
      not lost."""

    KEYS = (Qt.Key_Return, Qt.Key_Enter)
    TYPED_S = 1.0  # a scanner types a whole card in well under this; a deliberate Enter comes later

    def __init__(self, parent=None, scan_box: QLineEdit | None = None):
        super().__init__(parent)
        self.clock = time.monotonic
        self._typed_at = float("-inf")
        self.scan_box = scan_box

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() != QEvent.KeyPress:
            return False
        key = event.key()
        if key in self.KEYS or key == Qt.Key_Space:
            if event.isAutoRepeat() and key != Qt.Key_Space:  # a held Space clicks once anyway
                return True
            return self.clock() - self._typed_at < self.TYPED_S
        text = event.text()
        if text and text.isprintable():
            self._typed_at = self.clock()
            return scan_starts_here(obj, text, self.scan_box)
        return False


def scan_starts_here(obj: QWidget, text: str, box: QLineEdit | None) -> bool:
    """A digit typed on a widget that takes no digits (a button, a list): the start of a
    CCCD scanned there (its QR begins with the card's 12 digits). It moves to the scan box,
    and the rest of the card follows the focus; True: the key is taken."""
    if box is None or not text.isdigit() or obj is box or not box.isVisible():
        return False
    box.setFocus()
    box.setText(text)
    return True


def enter_presses_buttons(root: QWidget, scan_box: QLineEdit | None = None) -> None:
    """Enter/Return presses whichever button has the keyboard focus (QPushButton does it
    only when autoDefault is on, which Qt leaves off outside dialogs); a held Enter presses
    it once, and a card scanned onto a button presses nothing (ButtonKeyGuard)."""
    guard = ButtonKeyGuard(root, scan_box)
    for b in root.findChildren(QPushButton):
        b.setAutoDefault(True)
        b.installEventFilter(guard)
    for box in root.findChildren(QCheckBox):  # Space ticks: a card's spaces must not (the review's papers)
        box.installEventFilter(guard)


ERROR_STYLE = "color: #b00020; font-weight: 600;"
BAD_BORDER = "border: 2px solid #b00020;"


def error_line() -> QLabel:
    """The red line under a field; styled when first shown (a style sheet per widget costs a
    style pass, paid only by the few fields that ever show an error)."""
    err = QLabel("")
    err.setObjectName("FieldError")
    err.setWordWrap(True)
    err.hide()
    return err


def show_error_line(err: QLabel, message: str | None) -> None:
    if message and not err.styleSheet():
        err.setStyleSheet(ERROR_STYLE)
    err.setText(message or "")
    err.setVisible(bool(message))


def mark_bad(widget: QWidget, bad: bool) -> None:
    """Red border on a field with an error, changed only when it changes."""
    if bool(widget.property("bad")) != bad:
        widget.setProperty("bad", bad)
        widget.setStyleSheet(BAD_BORDER if bad else "")


DATE_PLACEHOLDER = "ngày/tháng/năm, gõ liền 151126 được"


def normalise_date(widget: QLineEdit, event=None) -> None:
    """A date typed as digits alone ("151126") is shown as read ("15/11/2026") when the field
    is left: the clerk sees the date the paper will carry. Left as typed when it does not parse,
    or when only the window or a popup took the focus ("150319" may become "15031998")."""
    if event is not None and event.reason() in (Qt.ActiveWindowFocusReason, Qt.PopupFocusReason):
        return
    text = widget.text().strip()
    try:
        shown = f"{parse_date(text):%d/%m/%Y}" if text else ""
    except ValidationError:
        return
    if shown and shown != widget.text():
        widget.setText(shown)


def bold(widget: QWidget) -> QWidget:
    f = widget.font()
    f.setBold(True)
    widget.setFont(f)
    return widget


def caption_text(item: FormItem) -> str:
    return field_label(item).split(" (")[0] + (" *" if item.required else "")


class FieldEditor(QObject):
    """One form field: caption, widget, error line, with a uniform text interface.
    `on_change(editor)` follows every change; `on_leave(editor)` the loss of focus."""

    def __init__(self, form_id: str, item: FormItem, on_change, on_leave, caption: bool = True):
        super().__init__()
        self.form_id, self.item, self.slot = form_id, item, slot_of(item)
        self.upper = is_uppercase(item)
        self.is_name = is_person_name(item)
        self._on_leave = on_leave
        self.on_enter = None  # set by the screen: what Enter does in this field
        self._completer = None
        t = item.type
        if t == FieldType.CHOICE:
            self.widget = QComboBox()
            self.widget.addItem("")
            self.widget.addItems(item.choices)
            self.widget.currentTextChanged.connect(lambda *_: on_change(self))
        elif is_relationship(item):  # free text with the usual answers one keystroke away
            self.widget = QComboBox()
            self.widget.setEditable(True)
            self.widget.addItem("")
            self.widget.addItems(relationship_choices(item))
            self.widget.setInsertPolicy(QComboBox.NoInsert)
            self.widget.currentTextChanged.connect(lambda *_: on_change(self))
        elif t == FieldType.CHECKBOX:
            self.widget = QCheckBox("Có")
            self.widget.toggled.connect(lambda *_: on_change(self))
        elif t == FieldType.MULTILINE:
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setMaximumHeight(70)
            self.widget.textChanged.connect(lambda: on_change(self))
        else:
            self.widget = QLineEdit()
            if t == FieldType.DATE:
                self.widget.setPlaceholderText(DATE_PLACEHOLDER)
            elif self.upper:
                self.widget.setPlaceholderText("CHỮ IN HOA (tự đổi)")
                self.widget.textEdited.connect(self._to_upper)
            self.widget.textChanged.connect(lambda *_: on_change(self))
        tip = item.hint or ""
        self.widget.setToolTip(tip)
        self.widget.setAccessibleName(field_label(item))
        self.widget.installEventFilter(self)
        self.caption = QLabel(caption_text(item)) if caption else None
        if self.caption is not None:
            self.caption.setBuddy(self.widget)
            self.caption.setToolTip(tip)
        self.error = error_line()
        self.box = QWidget()  # caption and widget on one line, the error under them
        col = QVBoxLayout(self.box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        line = QHBoxLayout()
        line.setSpacing(6)
        if self.caption is not None:
            line.addWidget(self.caption)
        line.addWidget(self.widget, 1)
        col.addLayout(line)
        col.addWidget(self.error)
        self.box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Maximum)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.FocusOut and obj is self.widget:
            if event.reason() not in (Qt.ActiveWindowFocusReason, Qt.PopupFocusReason):  # really left, not a popup
                if self.item.type == FieldType.DATE and isinstance(self.widget, QLineEdit):
                    normalise_date(self.widget, event)
                self._settle_case()
            self._on_leave(self)
        elif (event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter)
              and not event.modifiers() & ~Qt.KeypadModifier and not isinstance(self.widget, QPlainTextEdit)
              and self.on_enter is not None):
            self.on_enter(self)  # Enter: on to the next field that needs typing
            return True
        return False

    def suggest(self, values: list[str]) -> None:
        """Offer these values as the clerk types (completed in place; Tab or Enter keeps it)."""
        if not isinstance(self.widget, QLineEdit):
            return
        values = list(dict.fromkeys(v for v in values if v))
        if self._completer is None:
            self._completer = QCompleter(self.widget)
            self._completer.setCaseSensitivity(Qt.CaseInsensitive)
            self._completer.setCompletionMode(QCompleter.InlineCompletion)
            self._model = QStringListModel(self._completer)
            self._completer.setModel(self._model)
            self.widget.setCompleter(self._completer)
        if self._model.stringList() != values:
            self._model.setStringList(values)

    def _settle_case(self) -> None:
        """Typed fast in lower case: a value completed in place takes the suggestion's writing
        ("tr" + completion gave "trạm y tế …"), and a person's name its capitals ("lê thị mai")."""
        w = self.widget
        if not isinstance(w, QLineEdit) or self.upper:
            return
        text = w.text()
        if self._completer is not None:
            match = next((v for v in self._model.stringList() if v.casefold() == text.casefold()), None)
            if match is not None and match != text:
                w.setText(match)
                return
        if self.is_name and text.strip() and text == text.lower():
            w.setText(" ".join(word[:1].upper() + word[1:] for word in text.split(" ")))

    def _to_upper(self, text: str) -> None:
        up = text.upper()
        if up != text:
            pos = self.widget.cursorPosition()
            self.widget.setText(up)
            self.widget.setCursorPosition(pos)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QCheckBox):
            return "Có" if w.isChecked() else ""
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        return w.text()

    def set_text(self, value: str) -> None:
        w = self.widget
        if self.upper and isinstance(w, QLineEdit):
            value = value.upper()
        if isinstance(w, QComboBox):
            if w.isEditable():
                if w.currentText() != value:
                    w.setCurrentText(value)
            else:
                w.setCurrentIndex(max(w.findText(value), 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value) and value.strip().lower() not in ("không", "0", "false"))
        elif isinstance(w, QPlainTextEdit):
            if w.toPlainText() != value:
                w.setPlainText(value)
        elif w.text() != value:
            w.setText(value)

    def show_error(self, message: str | None) -> None:
        show_error_line(self.error, message)
        mark_bad(self.widget, bool(message))

    @property
    def has_error(self) -> bool:
        return bool(self.error.text())


def blocks(template: FormTemplate) -> list[tuple[str, list[FormItem]]]:
    """Items grouped as printed (as kiosk.documents.forms lays them out): fixed text, a
    line (a field and its inline followers) or a run of table cells."""
    out: list[tuple[str, list[FormItem]]] = []
    for item in template.items:
        if item.text is not None:
            out.append(("text", [item]))
        elif template.layout == "table" and item.column:
            if out and out[-1][0] == "table":
                out[-1][1].append(item)
            else:
                out.append(("table", [item]))
        elif item.inline and out and out[-1][0] == "line":
            out[-1][1].append(item)
        else:
            out.append(("line", [item]))
    return out


def form_box(form: FormTemplate, on_change, on_leave):
    """The form's (empty) group box, its editors dict and a generator that lays out one
    printed block per step, as on paper, adding its editors (printed order) to the dict:
    the screen builds a long form a few blocks per event-loop turn and never stalls."""
    box = QGroupBox(form.title)
    box.setToolTip(form.legal_source)
    lay = QVBoxLayout(box)
    lay.setSpacing(4)
    editors: dict[str, FieldEditor] = {}

    def steps():
        for kind, items in blocks(form):
            if kind == "text":
                item = items[0]
                text = QLabel(item.text)
                text.setWordWrap(True)
                lay.addWidget(bold(text) if item.heading else text)
            elif kind == "table":
                grid = QGridLayout()
                grid.setHorizontalSpacing(8)
                for c, name in enumerate(form.table_columns):
                    grid.addWidget(bold(QLabel(name)), 0, c + 1)
                rows: dict[str, int] = {}
                for item in items:
                    ed = FieldEditor(form.id, item, on_change, on_leave, caption=False)
                    name = field_label(item).split(" (")[0]
                    if name not in rows:
                        rows[name] = len(rows) + 1
                        grid.addWidget(QLabel(caption_text(item)), rows[name], 0)
                    grid.addWidget(ed.box, rows[name], form.table_columns.index(item.column) + 1)
                    editors[item.key] = ed
                lay.addLayout(grid)
            else:
                row = QHBoxLayout()
                row.setSpacing(12)
                for item in items:
                    ed = FieldEditor(form.id, item, on_change, on_leave)
                    row.addWidget(ed.box, 2 if item.type in (FieldType.TEXT, FieldType.MULTILINE) else 1)
                    editors[item.key] = ed
                lay.addLayout(row)
            yield [editors[i.key] for i in items if i.is_field]

    return box, editors, steps()


def build_form_box(form: FormTemplate, on_change, on_leave) -> tuple[QGroupBox, dict[str, FieldEditor]]:
    """The whole form box at once."""
    box, editors, steps = form_box(form, on_change, on_leave)
    for _ in steps:
        pass
    return box, editors
