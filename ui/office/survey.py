"""Office tab "Khảo sát SIPAS": the satisfaction index of a period as bars by factor with
their respondent counts, the criteria sorted from the lowest, and the citizens' free-text
comments for the dialogue session. The figures come from kiosk.services.survey."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QTableWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from kiosk.services.reports import parse_period
from kiosk.services.survey import METHOD_LABEL
from ui.office.period import period_row, table_cell
from ui.widgets.common import label


METHOD_NOTE = f"Các chỉ số {METHOD_LABEL} (chưa đối chiếu công thức của QĐ 1001/QĐ-BNV)."


def pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%".replace(".", ",")


class SurveyTab(QWidget):
    def __init__(self, screen):
        super().__init__()
        self.screen = screen
        self.index = None
        lay = QVBoxLayout(self)
        lay.addLayout(period_row(self, "Xem chỉ số", self.build))
        self.summary = label("", "Heading")
        lay.addWidget(self.summary)
        self.bars_box = QWidget()
        self.bars = QGridLayout(self.bars_box)
        lay.addWidget(self.bars_box)
        lay.addWidget(label("Các tiêu chí, từ thấp nhất:"))
        self.criteria = QTableWidget()
        lay.addWidget(self.criteria, 2)
        lay.addWidget(label("Ý kiến ghi thêm của người dân (cho buổi đối thoại):"))
        self.comments = QTableWidget()
        lay.addWidget(self.comments, 1)
        self.status = label(METHOD_NOTE, "Note")
        lay.addWidget(self.status)
        self.factor_bars: dict[str, QProgressBar] = {}

    @property
    def services(self):
        return self.screen.services

    def build(self) -> None:
        survey = self.services.survey
        if survey is None or not survey.available:
            self.summary.setText("Chưa có danh sách tiêu chí khảo sát hợp lệ (forms_catalog/sipas).")
            return
        try:
            period = parse_period(self.custom.text().strip() or self.period.currentData())
        except KioskError as e:
            self.status.setText(e.message)
            return
        self.status.setText(METHOD_NOTE)  # a message of a bad period typed before goes
        start, end = (datetime.combine(d, datetime.min.time()) for d in (period.start, period.end))
        idx = self.index = survey.index(start, end)
        self.summary.setText(f"{period.label}: chỉ số hài lòng chung {pct(idx.index)}, "
                             f"{idx.respondents} người trả lời")
        self._bars(idx)
        self._criteria(idx)
        self._comments(survey.comments(start, end))

    def _bars(self, idx) -> None:
        while self.bars.count():
            w = self.bars.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.factor_bars = {}
        for i, f in enumerate(idx.factors):
            name = QLabel(f"{f.code}. {f.name}")
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(10 * f.index) if f.index is not None else 0)
            bar.setFormat(f"{pct(f.index)} · {f.respondents} người trả lời")
            bar.setAlignment(Qt.AlignCenter)
            self.factor_bars[f.code] = bar
            self.bars.addWidget(name, i, 0)
            self.bars.addWidget(bar, i, 1)
        self.bars.setColumnStretch(1, 1)

    def _criteria(self, idx) -> None:
        rows = sorted(idx.criteria, key=lambda c: (c.index is None, c.index if c.index is not None else 0, c.code))
        headers = ["Mã", "Tiêu chí", "Chỉ số (%)", "Người trả lời", "Không có ý kiến"]
        t = self.criteria
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setRowCount(len(rows))
        for i, c in enumerate(rows):
            for j, v in enumerate((c.code, c.wording, c.index, c.answered, c.no_opinion)):
                item = table_cell(v)
                if j == 2:
                    item.setText(pct(v).rstrip("%"))
                t.setItem(i, j, item)
        t.resizeColumnsToContents()

    def _comments(self, items) -> None:
        t = self.comments
        t.setColumnCount(3)
        t.setHorizontalHeaderLabels(["Ngày", "Lĩnh vực", "Ý kiến"])
        t.setRowCount(len(items))
        for i, c in enumerate(items):
            for j, v in enumerate((f"{c.at:%d/%m/%Y}", c.procedure_field or "", c.text)):
                t.setItem(i, j, table_cell(v))
        # a comment can be long (up to 2000 characters) or have several lines: the last
        # column takes the table's width and wraps, instead of running off to the right
        t.setWordWrap(True)
        t.resizeColumnsToContents()
        t.horizontalHeader().setStretchLastSection(True)
        t.setColumnWidth(2, max(0, t.viewport().width() - t.columnViewportPosition(2)))
        t.resizeRowsToContents()
