"""Review step: the papers handed in (a checklist of the procedure's documents) and the
return channel chosen at receipt."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox)

from kiosk.errors import ValidationError
from kiosk.text import fold, validate_text

KIND_TEXT = {"always": "bắt buộc", "conditional": "tùy trường hợp", "show": "xuất trình", "extra": "thêm"}
SHOWN_CHARS = 100  # a paper's name on one line of the checklist at 1366 px
RETURN_CHOICES = [("counter", "Tại quầy"), ("village-head", "Qua trưởng thôn"), ("post", "Qua bưu điện"),
                  ("online", "Trực tuyến")]


def _spin(value: int) -> QSpinBox:
    s = QSpinBox()
    s.setRange(0, 99)
    s.setValue(value)
    s.setFixedWidth(70)
    return s


class PapersChecklist(QGroupBox):
    """Always-required papers ticked, conditional ones unticked, shown-only ones marked
    "xuất trình"; originals and copies per paper; free extra items."""

    def __init__(self, proc):
        super().__init__("Giấy tờ người dân nộp (đánh dấu những gì đã nhận)")
        self.grid = QGridLayout(self)
        self.grid.setVerticalSpacing(2)
        for c, text in enumerate(("Giấy tờ", "Loại", "Bản chính", "Bản sao")):
            head = QLabel(text)
            head.setStyleSheet("font-weight: 700;")
            self.grid.addWidget(head, 0, c)
        self.rows: list[tuple[QCheckBox, str, QSpinBox, QSpinBox]] = []
        for d in proc.required_documents:
            self._add(d.name, d.kind, d.note)
        self.extra = QLineEdit()
        self.extra.setPlaceholderText("Giấy tờ khác người dân nộp thêm (Enter để thêm)")
        self.extra.returnPressed.connect(self.add_extra)
        self.add_button = QPushButton("Thêm")
        self.add_button.clicked.connect(self.add_extra)
        self.extra_row = QHBoxLayout()
        self.extra_row.addWidget(self.extra, 1)
        self.extra_row.addWidget(self.add_button)
        self.grid.addLayout(self.extra_row, 1000, 0, 1, 4)
        self.message = QLabel("")
        self.message.setObjectName("Warning")
        self.message.setWordWrap(True)
        self.message.hide()
        self.grid.addWidget(self.message, 1001, 0, 1, 4)

    def _add(self, name: str, kind: str, note: str = "") -> None:
        # the national list names some papers in whole sentences: shortened on screen, whole in the tooltip
        shown = name if len(name) <= SHOWN_CHARS else name[:SHOWN_CHARS - 1].rstrip() + "…"
        box = QCheckBox(shown + (" (xuất trình, không nộp)" if kind == "show" else ""))
        box.setChecked(kind in ("always", "show", "extra"))
        box.setToolTip("\n".join(x for x in (name if shown != name else "", note) if x))
        originals = _spin(0 if kind == "show" else 1)
        copies = _spin(0)
        r = len(self.rows) + 1
        self.grid.addWidget(box, r, 0)
        kind_label = QLabel(KIND_TEXT.get(kind, kind))
        kind_label.setToolTip(note)
        self.grid.addWidget(kind_label, r, 1)
        self.grid.addWidget(originals, r, 2)
        self.grid.addWidget(copies, r, 3)
        self.rows.append((box, kind, originals, copies))
        self._names = getattr(self, "_names", []) + [name]
        if kind != "show":  # a paper handed in is at least one original or copy: the box says so
            for spin in (originals, copies):
                spin.valueChanged.connect(lambda _v, b=box, o=originals, c=copies: b.setChecked(o.value() + c.value() > 0))
            box.toggled.connect(lambda on, o=originals, c=copies: on and o.value() + c.value() == 0 and o.setValue(1))

    def add_extra(self) -> None:
        """Add the typed free item; refused (text kept) when it would not print or repeats a listed paper."""
        raw = self.extra.text()
        if not raw.strip():
            return
        try:
            name = validate_text(raw, "documents", "Giấy tờ khác")
        except ValidationError as e:
            self.message.setText(e.message)
            self.message.show()
            return
        same = next((i for i, n in enumerate(self._names) if fold(n) == fold(name)), None)
        if same is not None:
            self.rows[same][0].setChecked(True)
            self.message.setText(f"“{self._names[same]}” đã có trong danh sách; đã đánh dấu giấy tờ đó.")
            self.message.show()
            return
        self.message.hide()
        self._add(name, "extra")
        self.extra.clear()

    def row(self, name: str) -> tuple[QCheckBox, str, QSpinBox, QSpinBox]:
        return self.rows[self._names.index(name)]

    def documents(self) -> list[dict]:
        """What is ticked, as receive_dossier(documents=...) takes it."""
        return [{"name": name, "originals": o.value(), "copies": c.value()}
                for name, (box, kind, o, c) in zip(self._names, self.rows)
                if box.isChecked() and (kind == "show" or o.value() + c.value() > 0)]


class ReturnChoice(QGroupBox):
    """How the result goes back: counter, village head (the applicant's village), post, online."""

    def __init__(self, villages: list[str], applicant_village: str | None):
        super().__init__("Nhận kết quả")
        row = QHBoxLayout(self)
        self.via = QComboBox()
        for value, text in RETURN_CHOICES:
            self.via.addItem(text, value)
        self.village = QComboBox()
        self.village.addItems(villages)
        self.set_village(applicant_village)
        row.addWidget(self.via)
        row.addWidget(QLabel("Thôn:"))
        row.addWidget(self.village)
        row.addStretch(1)
        self.via.currentIndexChanged.connect(self._sync)
        self._sync()

    def set_village(self, applicant_village: str | None) -> None:
        """The village head of the applicant's village, when it is one of the commune's."""
        if applicant_village and self.village.findText(applicant_village) >= 0:
            self.village.setCurrentText(applicant_village)

    def _sync(self) -> None:
        self.village.setEnabled(self.via.currentData() == "village-head")

    def value(self) -> tuple[str, str | None]:
        via = self.via.currentData()
        return via, (self.village.currentText() if via == "village-head" else None)
