"""The applicant part of the writing screen (viết hộ): the requester's own fields, one
scan of the CCCD card's QR (confirmed by the citizen), or one pick of a known applicant,
each filling every field of that person on the procedure's forms (kiosk.prefill).

`ApplicantPart` is a mixin of ui.counter.write.WriteScreen: it uses the screen's
`_pending` build steps, `body`, `settings`, `services`, `_targets`, `_fill`, `_spread`,
`_changed`, `_update_summary` and `focus_first_empty`."""
from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from kiosk.cccd import parse_cccd_qr
from kiosk.errors import KioskError, ValidationError
from kiosk.prefill import APPLICANT_FACTS, PERSON_LABELS, REQUESTER, person_facts, slot_of
from kiosk.text import fold, parse_date
from kiosk.validation import validate_applicant
from ui.counter.fields import DATE_PLACEHOLDER, error_line, mark_bad, show_error_line
from ui.widgets.common import label

ISSUE_KEY = "cccd_issue_date"  # the card's issue date: builds the "Giấy tờ tùy thân" line, kept with the applicant
# a CCCD QR as the scanner types it: 12 digits, then six more fields separated by "|"
CARD_IN_FIELD = re.compile(r"[0-9]{12}\|[^|]*\|[^|]*\|[0-9]{8}\|[^|]*\|[^|]*\|[0-9]{0,8}$")
APPLICANT_FIELDS = [("full_name", "Họ, chữ đệm, tên"), ("date_of_birth", "Ngày sinh"),
                    ("sex", "Giới tính"), ("cccd", "Số CCCD / định danh"), ("phone", "Số điện thoại"),
                    ("address", "Nơi cư trú"), ("village", "Thôn"), (ISSUE_KEY, "Ngày cấp CCCD")]


def village_in(address: str, villages: list[str]) -> str:
    """The configured village named in an address ("Thôn 2, xã …" -> "Thôn 2")."""
    parts = [fold(p) for p in address.split(",")]
    return next((v for v in villages if fold(v) in parts), "")


class ApplicantPart:
    """The requester's fields, the CCCD scan and the known-applicant search (mixin)."""

    def _applicant_box(self) -> None:
        box = QGroupBox("Người nộp hồ sơ (người yêu cầu)")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText("Đặt mã QR mặt sau CCCD dưới máy quét")
        self.scan.returnPressed.connect(self.read_scan)
        self.scan_for = QComboBox()  # whose card it is
        named = {slot_of(i).person for f in (self.forms if self.may_write else []) for i in f.fields
                 if slot_of(i).fact == "name"} - {REQUESTER, None}
        persons = [REQUESTER] + sorted(named, key=lambda p: list(PERSON_LABELS).index(p) if p in PERSON_LABELS else 99)
        for p in persons:
            self.scan_for.addItem(PERSON_LABELS.get(p, p), p)
        self.scan_for.setToolTip("Thẻ của ai: điền vào các dòng của người đó")
        scan_row = QHBoxLayout()
        scan_row.addWidget(QLabel("Quét CCCD:"))
        scan_row.addWidget(self.scan, 3)
        scan_row.addWidget(QLabel("thẻ của"))
        scan_row.addWidget(self.scan_for, 1)
        grid.addLayout(scan_row, 0, 0, 1, 6)
        self.scan_confirm = QWidget()
        confirm = QHBoxLayout(self.scan_confirm)
        confirm.setContentsMargins(0, 0, 0, 0)
        self.scan_text = label("")
        self.scan_ok = QPushButton("Người dân xác nhận đúng – điền vào (Enter)")
        self.scan_no = QPushButton("Không đúng")
        self.scan_ok.clicked.connect(self.accept_scan)
        self.scan_no.clicked.connect(lambda: (self.reject_scan(), self.scan.setFocus()))  # scan the right card
        confirm.addWidget(self.scan_text, 1)
        confirm.addWidget(self.scan_ok)
        confirm.addWidget(self.scan_no)
        self.scan_confirm.hide()
        grid.addWidget(self.scan_confirm, 1, 0, 1, 6)
        self.scan_error = label("", "Warning")
        self.scan_error.hide()
        grid.addWidget(self.scan_error, 2, 0, 1, 6)
        self.find = QLineEdit()
        self.find.setPlaceholderText("hoặc tìm người đã từng nộp: số CCCD hoặc họ tên (không dấu cũng được), Enter")
        self.find.returnPressed.connect(self.find_applicant)
        grid.addWidget(QLabel("Tìm:"), 3, 0)
        grid.addWidget(self.find, 3, 1, 1, 5)
        self.found = QListWidget()
        self.found.setMaximumHeight(90)
        self.found.itemActivated.connect(self.use_found)
        self.found.hide()
        grid.addWidget(self.found, 4, 0, 1, 6)
        # three lines, as a clerk reads a card: name, birth, sex / card number, issue date, phone / residence, village
        lines = [[("full_name", 5), ("date_of_birth", 2), ("sex", 2)], [("cccd", 3), (ISSUE_KEY, 3), ("phone", 3)],
                 [("address", 6), ("village", 2)]]
        texts = dict(APPLICANT_FIELDS + [(ISSUE_KEY, "Ngày cấp")], full_name="Họ tên", cccd="Số CCCD",
                     phone="Điện thoại")

        def steps():  # laid out right after the screen shows (see _build_some)
            for row_index, line_keys in enumerate(lines, start=5):
                line = QHBoxLayout()
                line.setSpacing(10)
                for key, stretch in line_keys:
                    line.addLayout(self._applicant_cell(key, texts[key]), stretch)
                grid.addLayout(line, row_index, 0, 1, 6)
                yield []
        self._pending.append(steps())
        self.body.addWidget(box)

    def _applicant_cell(self, key: str, text: str) -> QVBoxLayout:
        if key == "sex":
            w = QComboBox()
            w.addItems(["", "Nam", "Nữ"])
            w.currentTextChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
        elif key == "village":
            w = QComboBox()
            w.addItems([""] + [v.name for v in self.settings.villages])
            w.currentTextChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
        else:
            w = QLineEdit()
            if key in ("date_of_birth", ISSUE_KEY):
                w.setPlaceholderText("ngày/tháng/năm")  # the narrow box: the whole hint in its tooltip
                w.setToolTip(DATE_PLACEHOLDER)
            w.textChanged.connect(lambda v, k=key: self._applicant_changed(k, v))
        w.setAccessibleName(text)
        if self._initial_applicant.get(key):
            self._loading = True
            try:
                self._set_widget(w, self._initial_applicant[key])
            finally:
                self._loading = False
        w.installEventFilter(self)
        sample = {"date_of_birth": "00/00/0000", ISSUE_KEY: "00/00/0000", "cccd": "000000000000",
                  "phone": "0000000000", "sex": "Nữ ▾"}.get(key)
        if sample:  # a whole value visible without scrolling inside the box
            w.setMinimumWidth(w.fontMetrics().horizontalAdvance(sample) + 24)
        self._applicant[key] = w
        err = error_line()
        w.setProperty("error_label", err)
        w.setProperty("applicant_key", key)
        cap = QLabel(text + ":")
        cap.setBuddy(w)
        cell = QVBoxLayout()
        cell.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(cap)
        line.addWidget(w, 1)
        cell.addLayout(line)
        cell.addWidget(err)
        return cell

    def applicant_values(self) -> dict[str, str]:
        out = {}
        for key, w in self.applicant.items():
            v = w.currentText() if isinstance(w, QComboBox) else w.text()
            if v.strip():
                out[key] = v
        return out

    def _set_applicant(self, key: str, value: str) -> None:
        self._set_widget(self.applicant[key], value)

    @staticmethod
    def _set_widget(w, value: str) -> None:
        if isinstance(w, QComboBox):
            w.setCurrentIndex(max(w.findText(value), 0))
        else:
            w.setText(value)

    def requester_facts(self) -> dict[str, str]:
        issue = self.applicant[ISSUE_KEY].text().strip()
        try:
            issue = f"{parse_date(issue):%d/%m/%Y}" if issue else ""
        except ValidationError:
            issue = ""
        return person_facts(self.applicant_values(), issue)

    def _applicant_changed(self, key: str, value: str) -> None:
        if self._loading:
            return
        facts = self.requester_facts()
        changed = {APPLICANT_FACTS.get(key)} if key in APPLICANT_FACTS else set()
        if key in ("cccd", ISSUE_KEY):
            changed |= {"id", "id_date", "id_place", "id_number"}
        if key == "date_of_birth":
            changed.add("birth_year")
        for fact in changed - {None}:
            value = facts.get(fact, "")
            for ed in self._targets(REQUESTER, fact):
                self._fill(ed, value)
        if key == "address" and not self.applicant["village"].currentText():
            v = village_in(value, [v.name for v in self.settings.villages])
            if v:
                self._set_applicant("village", v)
        self._recheck_applicant(key)
        self._changed()

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
        who = self.scan_for.currentText()
        self.scan_text.setText(f"Thẻ của {who.lower()}: {s.full_name}, sinh {s.date_of_birth}, {s.sex}, số {s.cccd}"
                               f"{', cấp ngày ' + s.issue_date if s.issue_date else ''}, {s.address}. "
                               "Hỏi lại người dân trước khi điền.")
        self.scan_confirm.show()
        self.scan_ok.setFocus()

    def accept_scan(self) -> None:
        s = self._scan
        if s is None:
            return
        person = self.scan_for.currentData()
        if person == REQUESTER:
            for key, value in s.as_applicant().items():
                self._set_applicant(key, value)
            self._set_applicant(ISSUE_KEY, s.issue_date)
        else:
            self._spread(person, person_facts(s.as_applicant(), s.issue_date))
        self.reject_scan()
        self.focus_first_empty()

    def reject_scan(self) -> None:
        self._scan = None
        self.scan_confirm.hide()
        self.scan_text.setText("")
        if self.scan_for.count():
            self.scan_for.setCurrentIndex(0)

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
        if people:
            self.found.setCurrentRow(0)
            self.found.setFocus()
        else:
            self.saved.setText("Không tìm thấy người nào.")

    def use_found(self, item) -> None:
        p = item.data(Qt.UserRole)
        for key in ("full_name", "date_of_birth", "sex", "cccd", "phone", "address", "village"):
            value = getattr(p, key) or ""
            if value:
                self._set_applicant(key, value)
        if p.cccd:  # the issue date belongs to this card: never another person's left in the box
            self._set_applicant(ISSUE_KEY, p.cccd_issue_date or "")
        for key in ("date_of_birth", "cccd", ISSUE_KEY):  # a stored record can be wrong (a birth date fixed later)
            if self.applicant[key].text().strip():
                self._check_applicant(key)
        self.found.hide()
        self.focus_first_empty()

    def _recheck_applicant(self, key: str) -> None:
        w = self.applicant.get(key)
        if w is not None and w.property("error_label") is not None and (
                w.property("error_label").text() or self._checked):
            self._check_applicant(key)

    def _card_typed_into(self, ed) -> bool:
        """The scanner types a card's QR into whatever has the focus: read there, it is a card
        of that field's person (scanned, confirmed as usual), and the field keeps what it had."""
        text = ed.text()
        m = CARD_IN_FIELD.search(text)
        if m is None or not isinstance(ed.widget, QLineEdit):
            return False
        payload = m.group(0)
        if ed.upper:  # the capitals field changed the card's name: back to the card's writing
            parts = payload.split("|")
            parts[2] = parts[2].title()
            payload = "|".join(parts)
        ed.set_text(text[:m.start()])
        index = self.scan_for.findData(ed.slot.person or REQUESTER)
        self.scan_for.setCurrentIndex(max(index, 0))
        self.scan.setText(payload)
        self.read_scan()
        if not self.scan_confirm.isVisible():
            self._focus(self.scan)
        return True

    def _check_applicant(self, key: str) -> None:
        villages = [v.name for v in self.settings.villages]
        _, errors = validate_applicant(self.applicant_values(), date.today(), villages)
        self._show_applicant_error(key, next((e.message for e in errors if e.field == key), None))
        self._update_summary()

    def _show_applicant_error(self, key: str, msg: str | None) -> None:
        w = self.applicant[key]
        show_error_line(w.property("error_label"), msg)
        mark_bad(w, bool(msg))
