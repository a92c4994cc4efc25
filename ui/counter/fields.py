"""The widgets of one official form as it looks on paper: fields sharing a printed
line share a row (FormItem.inline), tables keep their columns, fixed text stays
where it is printed; each field has its caption, its widget and an error line
that appears only while the value is wrong."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from kiosk.catalog.schema import FieldType, FormItem, FormTemplate
from kiosk.prefill import is_relationship, is_uppercase, relationship_choices, slot_of
from kiosk.validation import field_label

ERROR_STYLE = "color: #b00020; font-weight: 600;"
BAD_BORDER = "border: 2px solid #b00020;"
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


def enter_presses_buttons(root: QWidget) -> None:
    """Enter/Return presses whichever button has the keyboard focus (QPushButton does it
    only when autoDefault is on, which Qt leaves off outside dialogs)."""
    for b in root.findChildren(QPushButton):
        b.setAutoDefault(True)


def error_line() -> QLabel:
    err = QLabel("")
    err.setStyleSheet(ERROR_STYLE)
    err.setWordWrap(True)
    err.hide()
    return err


def caption_text(item: FormItem) -> str:
    return field_label(item).split(" (")[0] + (" *" if item.required else "")


class FieldEditor(QObject):
    """One form field: caption, widget, error line, with a uniform text interface.
    `on_change(editor)` follows every change; `on_leave(editor)` the loss of focus."""

    def __init__(self, form_id: str, item: FormItem, on_change, on_leave, caption: bool = True):
        super().__init__()
        self.form_id, self.item, self.slot = form_id, item, slot_of(item)
        self.upper = is_uppercase(item)
        self._on_leave = on_leave
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
                self.widget.setPlaceholderText("ngày/tháng/năm")
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
            self._on_leave(self)
        return False

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
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.widget.setStyleSheet(BAD_BORDER if message else "")

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


def build_form_box(form: FormTemplate, on_change, on_leave) -> tuple[QGroupBox, dict[str, FieldEditor]]:
    """The form's group box laid out as on paper, and its editors by key (printed order)."""
    box = QGroupBox(form.title)
    box.setToolTip(form.legal_source)
    lay = QVBoxLayout(box)
    lay.setSpacing(4)
    editors: dict[str, FieldEditor] = {}
    for kind, items in blocks(form):
        if kind == "text":
            item = items[0]
            text = QLabel(item.text)
            text.setWordWrap(True)
            if item.heading:
                text.setStyleSheet("font-weight: 700;")
            else:
                text.setStyleSheet("color: #555555;")
            lay.addWidget(text)
        elif kind == "table":
            grid = QGridLayout()
            grid.setHorizontalSpacing(8)
            for c, name in enumerate(form.table_columns):
                head = QLabel(name)
                head.setStyleSheet("font-weight: 700;")
                grid.addWidget(head, 0, c + 1)
            rows: dict[str, int] = {}
            for item in items:
                ed = FieldEditor(form.id, item, on_change, on_leave, caption=False)
                name = field_label(item).split(" (")[0]
                if name not in rows:
                    rows[name] = len(rows) + 1
                    grid.addWidget(QLabel(caption_text(item)), rows[name], 0)
                row = rows[name]
                grid.addWidget(ed.box, row, form.table_columns.index(item.column) + 1)
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
    return box, editors
