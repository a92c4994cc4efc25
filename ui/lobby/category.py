"""The procedures of one category, as big buttons."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.screen import Screen
from ui.widgets.common import big_button, label, scroll


def open_procedure(window, code: str) -> None:
    from ui.lobby.procedure import ProcedureScreen
    proc = window.services.catalog.procedure(code)
    if proc is not None:
        window.push(ProcedureScreen(window, proc))


def procedure_button(window, proc):
    when = "trả ngay trong ngày" if proc.processing_days == 0 else f"{proc.processing_days} ngày làm việc"
    b = big_button(f"{proc.short_name}\n{when}", name="Category")
    b.clicked.connect(lambda _=False, c=proc.code: open_procedure(window, c))
    return b


def by_use(procedures, counts: dict[str, int]):
    """Most received first in this commune; catalog order among equals (and without history)."""
    order = {p.code: i for i, p in enumerate(procedures)}
    return sorted(procedures, key=lambda p: (-counts.get(p.code, 0), order[p.code]))


class CategoryScreen(Screen):
    def __init__(self, window, category_id: str):
        super().__init__(window)
        cat = next(c for c in self.services.catalog.categories if c.id == category_id)
        self.title = cat.title
        self.procedures = by_use(self.services.catalog.in_category(category_id),
                                 self.services.dossiers.received_counts())
        lay = QVBoxLayout(self)
        lay.addWidget(label("Chạm vào thủ tục bạn cần:", "Heading"))
        inner = QWidget()
        col = QVBoxLayout(inner)
        self.buttons = []
        for p in self.procedures:
            b = procedure_button(window, p)
            self.buttons.append(b)
            col.addWidget(b)
        col.addStretch(1)
        lay.addWidget(scroll(inner), 1)

    def speech_text(self) -> str:
        return f"{self.title}. Chạm vào thủ tục bạn cần: " + ", ".join(p.short_name for p in self.procedures)
