"""What the office tabs share: the period picker (a list of usual periods, or one typed
as 2026-W47, 2026-11, 2026-Q4, 2026) and read-only table cells."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QTableWidgetItem


def period_choices(today: date) -> list[tuple[str, str]]:
    iso = today.isocalendar()
    last_week = (today - timedelta(days=7)).isocalendar()
    q = (today.month - 1) // 3 + 1
    return [(f"Tuần này ({iso.year}-W{iso.week:02d})", f"{iso.year}-W{iso.week:02d}"),
            (f"Tuần trước ({last_week.year}-W{last_week.week:02d})", f"{last_week.year}-W{last_week.week:02d}"),
            (f"Tháng này ({today:%m/%Y})", f"{today.year}-{today.month:02d}"),
            (f"Quý này (quý {q}/{today.year})", f"{today.year}-Q{q}"),
            (f"Năm nay ({today.year})", f"{today.year}")]


def period_row(tab, button_text: str, on_show: Callable[[], None]) -> QHBoxLayout:
    """The picker row; sets `tab.period`, `tab.custom` and `tab.show_button`."""
    row = QHBoxLayout()
    tab.period = QComboBox()
    for text, key in period_choices(date.today()):
        tab.period.addItem(text, key)
    tab.custom = QLineEdit()
    tab.custom.setPlaceholderText("hoặc gõ kỳ: 2026-W47, 2026-11, 2026-Q4, 2026")
    tab.show_button = QPushButton(button_text)
    tab.show_button.setObjectName("Primary")
    tab.show_button.clicked.connect(on_show)
    tab.custom.returnPressed.connect(on_show)
    for w in (tab.period, tab.custom, tab.show_button):
        row.addWidget(w)
    return row


def table_cell(value) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    if isinstance(value, (int, float)):
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
    return item
