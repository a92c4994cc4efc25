"""Writing a form on the citizen's behalf (viết hộ): applicant data (typed, found,
or scanned from the CCCD card's QR), the official form's fields in order with
their hints, saved as a draft on every change; then the review screen."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from kiosk.catalog.schema import FieldType
from kiosk.cccd import parse_cccd_qr
from kiosk.errors import KioskError, ValidationError
from kiosk.validation import validate_applicant, validate_form_values
from ui.screen import Screen
from ui.widgets.common import label, scroll

APPLICANT_FIELDS = [("full_name", "Họ, chữ đệm, tên"), ("date_of_birth", "Ngày sinh (ngày/tháng/năm)"),
                    ("sex", "Giới tính"), ("cccd", "Số CCCD / định danh"), ("phone", "Số điện thoại"),
                    ("address", "Nơi cư trú"), ("village", "Thôn")]
APPLICANT_PREFIX = "_applicant."  # applicant data kept in the first form's draft
DRAFT_DELAY_MS = 300


class FieldEditor:
    """One form field: its widget, hint and error line, with a uniform text interface."""

    def __init__(self, item, on_change):
        self.item = item
        t = item.type
        if t == FieldType.CHOICE:
            self.widget = QComboBox()
            self.widget.addItem("")
            self.widget.addItems(item.choices)
            self.widget.currentTextChanged.connect(on_change)
        elif t == FieldType.CHECKBOX:
            self.widget = QCheckBox("Có")
            self.widget.toggled.connect(on_change)
        elif t == FieldType.MULTILINE:
            self.widget = QPlainTextEdit()
            self.widget.setTabChangesFocus(True)
            self.widget.setMaximumHeight(90)
            self.widget.textChanged.connect(on_change)
        else:
            self.widget = QLineEdit()
            if t == FieldType.DATE:
                self.widget.setPlaceholderText("ngày/tháng/năm, ví dụ 05/03/1958")
            self.widget.textChanged.connect(on_change)
        self.widget.setToolTip(item.hint)
        self.error = QLabel("")
        self.error.setObjectName("Warning")
        self.error.setWordWrap(True)
        self.error.hide()

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
        if isinstance(w, QComboBox):
            i = w.findText(value)
            w.setCurrentIndex(max(i, 0))
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


class WriteScreen(Screen):
    audience = "counter"

    def __init__(self, window, proc, ticket=None, drafts=()):
        super().__init__(window)
        self.setObjectName("Counter")
        self.proc, self.ticket = proc, ticket
        self.title = f"Viết hộ: {proc.short_name}"
        self.forms = self.services.catalog.forms_of(proc)
        self.may_write = proc.proxy_writing.allowed
        self.draft_ids: dict[str, int] = {}
        self.received = False  # once the dossier is received, nothing is saved as a draft again
        self._auto: dict[tuple[str, str], str] = {}  # field -> value it was last filled with automatically
        self._loading = False
        outer = QVBoxLayout(self)
        outer.addWidget(label(proc.name, "Heading"))
        if not self.may_write:
            outer.addWidget(label(f"Thủ tục này không được viết hộ. Lý do: {proc.proxy_writing.reason} "
                                  "Hãy in mẫu để người dân tự chép; vẫn có thể tiếp nhận hồ sơ bên dưới.", "Warning"))
            sample = QPushButton("In mẫu cho người dân chép")
            sample.clicked.connect(self.print_sample)
            outer.addWidget(sample)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self._applicant_box()
        self.editors: dict[str, dict[str, FieldEditor]] = {}
        if self.may_write:
            for form in self.forms:
                self._form_box(form)
        self.body.addStretch(1)
        outer.addWidget(scroll(body), 1)
        row = QHBoxLayout()
        self.summary = label("", "Warning")
        self.summary.hide()
        outer.addWidget(self.summary)
        self.saved = label("", "Note")
        row.addWidget(self.saved, 1)
        self.review_button = QPushButton("Kiểm tra và xem lại (Ctrl+Enter)")
        self.review_button.setObjectName("Primary")
        self.review_button.clicked.connect(self.review)
        row.addWidget(self.review_button)
        outer.addLayout(row)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.review)
        self._save_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._save_timer.timeout.connect(self.save_drafts)
        for d in drafts:
            self._load_draft(d)

    # --- building ---------------------------------------------------------------------
    def _applicant_box(self) -> None:
        box = QGroupBox("Người nộp hồ sơ")
        form = QFormLayout(box)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText("Đặt mã QR mặt sau CCCD dưới máy quét (hoặc bỏ qua)")
        self.scan.returnPressed.connect(self.read_scan)
        form.addRow("Quét CCCD:", self.scan)
        self.scan_confirm = QWidget()
        confirm = QHBoxLayout(self.scan_confirm)
        self.scan_text = label("")
        self.scan_ok = QPushButton("Người dân xác nhận đúng – điền vào")
        self.scan_no = QPushButton("Không đúng")
        self.scan_ok.clicked.connect(self.accept_scan)
        self.scan_no.clicked.connect(self.reject_scan)
        confirm.addWidget(self.scan_text, 1)
        confirm.addWidget(self.scan_ok)
        confirm.addWidget(self.scan_no)
        self.scan_confirm.hide()
        form.addRow(self.scan_confirm)
        self.scan_error = label("", "Warning")
        self.scan_error.hide()
        form.addRow(self.scan_error)
        find = QHBoxLayout()
        self.find = QLineEdit()
        self.find.setPlaceholderText("Tìm người đã từng nộp: số CCCD hoặc họ tên (không dấu cũng được)")
        self.find.returnPressed.connect(self.find_applicant)
        find.addWidget(self.find, 1)
        self.found = QListWidget()
        self.found.setMaximumHeight(90)
        self.found.itemActivated.connect(self.use_found)
        self.found.hide()
        form.addRow("Tìm:", self.find)
        form.addRow(self.found)
        self.applicant: dict[str, QLineEdit | QComboBox] = {}
        for key, text in APPLICANT_FIELDS:
            if key == "sex":
                w = QComboBox()
                w.addItems(["", "Nam", "Nữ"])
                w.currentTextChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
            elif key == "village":
                w = QComboBox()
                w.addItems([""] + [v.name for v in self.services.config.settings.villages])
                w.currentTextChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
            else:
                w = QLineEdit()
                w.textChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
            self.applicant[key] = w
            err = QLabel("")
            err.setObjectName("Warning")
            err.hide()
            w.setProperty("error_label", err)
            form.addRow(text + ":", w)
            form.addRow(err)
        self.body.addWidget(box)

    def _form_box(self, form) -> None:
        box = QGroupBox(f"{form.title} ({form.legal_source})")
        lay = QFormLayout(box)
        editors = {}
        for item in form.items:
            if not item.is_field:
                lay.addRow(label(item.text, "Heading" if item.heading else "Note"))
                continue
            ed = FieldEditor(item, lambda *_a, f=form.id, k=item.key: self._field_changed(f, k))
            who = f" [{item.column}]" if item.column else ""
            caption = QLabel(f"{item.label}{who}{' *' if item.required else ''}")
            caption.setWordWrap(True)
            lay.addRow(caption, ed.widget)
            if item.hint:
                lay.addRow("", label(item.hint, "Note"))
            lay.addRow("", ed.error)
            editors[item.key] = ed
        self.editors[form.id] = editors
        self.body.addWidget(box)

    # --- data flow ----------------------------------------------------------------------
    def applicant_values(self) -> dict[str, str]:
        out = {}
        for key, w in self.applicant.items():
            v = w.currentText() if isinstance(w, QComboBox) else w.text()
            if v.strip():
                out[key] = v
        return out

    def form_values(self) -> dict[str, dict[str, str]]:
        return {fid: {k: ed.text() for k, ed in eds.items() if ed.text().strip()} for fid, eds in self.editors.items()}

    def _set_applicant(self, key: str, value: str) -> None:
        w = self.applicant[key]
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findText(value), 0))
        else:
            w.setText(value)

    def _fill_linked(self, targets, value: str) -> None:
        """Fill fields that are empty or still hold what was filled in automatically."""
        for fid, key in targets:
            ed = self.editors[fid][key]
            if not ed.text() or ed.text() == self._auto.get((fid, key)):
                self._auto[(fid, key)] = value
                ed.set_text(value)

    def _applicant_changed(self, key: str, value: str) -> None:
        targets = [(fid, k) for fid, eds in self.editors.items() for k, ed in eds.items()
                   if ed.item.applicant == key]
        self._fill_linked(targets, value)
        self._changed()

    def _field_changed(self, form_id: str, key: str) -> None:
        # data typed once is reused by the same field in the visit's other forms
        value = self.editors[form_id][key].text()
        others = [(fid, key) for fid, eds in self.editors.items() if fid != form_id and key in eds]
        if others and not self._loading:
            self._fill_linked(others, value)
        self._changed()

    def _changed(self) -> None:
        if not self._loading:
            self._save_timer.start()

    def save_drafts(self) -> None:
        """Saved as the clerk types: a crash or power cut loses nothing typed before it."""
        if not self.forms or not self.may_write or self.received:
            return
        values = self.form_values()
        first = self.forms[0].id
        values[first] = {**values[first], **{APPLICANT_PREFIX + k: v for k, v in self.applicant_values().items()}}
        clerk = self.window_.clerk
        try:
            for fid, vals in values.items():
                self.draft_ids[fid] = self.services.drafts.save_draft(clerk.id if clerk else None, self.proc.code,
                                                                      fid, vals, self.draft_ids.get(fid))
        except KioskError as e:
            self.saved.setText(f"Chưa lưu được bản nháp: {e.message}")
            return
        self.saved.setText("Đã lưu nháp")

    def _load_draft(self, draft) -> None:
        self._loading = True
        try:
            self.draft_ids[draft.form_id] = draft.id
            for key, value in draft.values.items():
                if key.startswith(APPLICANT_PREFIX):
                    self._set_applicant(key[len(APPLICANT_PREFIX):], value)
                elif key in self.editors.get(draft.form_id, {}):
                    self.editors[draft.form_id][key].set_text(value)
        finally:
            self._loading = False

    # --- CCCD scan and known applicants -------------------------------------------------
    def read_scan(self) -> None:
        text = self.scan.text()
        self.scan.clear()  # the raw card text is never kept
        try:
            self._scan = parse_cccd_qr(text)
        except ValidationError as e:
            self.scan_error.setText(e.message)
            self.scan_error.show()
            return
        s = self._scan
        self.scan_error.hide()
        self.scan_text.setText(f"Đọc được: {s.full_name}, sinh {s.date_of_birth}, {s.sex}, số {s.cccd}, {s.address}. "
                               "Hỏi lại người dân trước khi điền.")
        self.scan_confirm.show()
        self.scan_ok.setFocus()

    def accept_scan(self) -> None:
        for key, value in self._scan.as_applicant().items():
            self._set_applicant(key, value)
        self.reject_scan()

    def reject_scan(self) -> None:
        self._scan = None
        self.scan_confirm.hide()
        self.scan_text.setText("")

    def find_applicant(self) -> None:
        self.found.clear()
        clerk = self.window_.clerk
        try:  # at least 4 letters or 6 digits; each search is audited
            people = self.services.dossiers.find_applicants(self.find.text(), clerk_id=clerk.id if clerk else None)
        except KioskError as e:
            self.saved.setText(e.message)
            return
        for p in people:
            item = QListWidgetItem(f"{p.full_name} – {p.date_of_birth or '?'} – {p.cccd or 'không có CCCD'} – "
                                   f"{p.village or p.address or ''}")
            item.setData(Qt.UserRole, p)
            self.found.addItem(item)
        self.found.setVisible(bool(people))
        if not people:
            self.saved.setText("Không tìm thấy người nào.")

    def use_found(self, item) -> None:
        p = item.data(Qt.UserRole)
        for key in ("full_name", "date_of_birth", "sex", "cccd", "phone", "address", "village"):
            value = getattr(p, key) or ""
            if value:
                self._set_applicant(key, value)
        self.found.hide()

    # --- validation and review -----------------------------------------------------------
    def review(self) -> None:
        today = date.today()
        villages = [v.name for v in self.services.config.settings.villages]
        person, errors = validate_applicant(self.applicant_values(), today, villages)
        for key, w in self.applicant.items():
            msg = next((e.message for e in errors if e.field == key), None)
            err = w.property("error_label")
            err.setText(msg or "")
            err.setVisible(bool(msg))
        clean_forms = {}
        all_errors = list(errors)
        for form in self.forms if self.may_write else []:
            clean, errs = validate_form_values(form, self.form_values()[form.id], today)
            for key, ed in self.editors[form.id].items():
                ed.show_error(next((e.message for e in errs if e.field == key), None))
            clean_forms[form.id] = clean
            all_errors += errs
        if all_errors:
            self.summary.setText(f"Còn {len(all_errors)} chỗ cần sửa (ghi màu đỏ bên trên).")
            self.summary.show()
            return
        self.summary.hide()
        self._save_timer.stop()
        self.save_drafts()
        from ui.counter.review import ReviewScreen
        self.window_.push(ReviewScreen(self.window_, self, person, clean_forms))

    def print_sample(self) -> None:
        from ui.worker import run_in_background
        run_in_background(lambda: self.services.printouts.print_sample(self.proc.code),
                          lambda jobs: self.saved.setText("Đã in mẫu."),
                          lambda e: self.saved.setText(getattr(e, "message", "Chưa in được mẫu.")), self)
