"""The procedures of one category, as big buttons.

A tile may hold hundreds of entries of the national list ("Thủ tục khác", "Đất đai"): one
button each would take seconds to build and an endless scroll to read. "Thủ tục khác" (the tile
of every field no other tile lists) first lists its fields ("Nông nghiệp · 19 thủ tục");
a list longer than PAGE_SIZE is shown a page at a time, curated entries first."""
from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.catalog.search import fast_fold
from ui.screen import Screen
from ui.widgets.common import big_button, label, scroll

PAGE_SIZE = 20
SHORT_SCREEN_MM = 160  # the 10" 1280x800 tablet is 135 mm tall; every other supported screen is taller


def open_procedure(window, code: str) -> None:
    from ui.lobby.procedure import ProcedureScreen
    proc = window.services.catalog.procedure(code)
    if proc is not None:
        window.push(ProcedureScreen(window, proc))


def procedure_button(window, proc):
    if proc.office:  # an official entry another office receives (cư trú: Công an xã), as search says
        second = f"Làm ở nơi khác: {proc.office}"
    else:
        second = proc.time_label + ("" if proc.has_guide else " · thông tin chính thức")
    b = big_button(f"{proc.short_name}\n{second}", name="Category")
    b.clicked.connect(lambda _=False, c=proc.code: open_procedure(window, c))
    return b


def by_use(procedures, counts: dict[str, int]):
    """Most received first in this commune; catalog order among equals (and without history)."""
    order = {p.code: i for i, p in enumerate(procedures)}
    return sorted(procedures, key=lambda p: (-counts.get(p.code, 0), order[p.code]))


class CategoryScreen(Screen):
    """`field_name`: only the entries of that field (a tile's field chosen from its list)."""

    def __init__(self, window, category_id: str, field_name: str | None = None):
        super().__init__(window)
        cat = next(c for c in self.services.catalog.categories if c.id == category_id)
        self.category_id, self.field_name = category_id, field_name
        self.title = f"{cat.title}: {field_name}" if field_name else cat.title
        # most received in this commune first; catalog order (curated first) among equals
        self.procedures = by_use(self.services.catalog.in_category(category_id),
                                 self.services.dossiers.received_counts())
        if field_name:
            self.procedures = [p for p in self.procedures if p.field == field_name]
        counts = Counter(p.field for p in self.procedures)
        self.fields = (sorted(counts, key=fast_fold)
                       if cat.other and field_name is None and len(counts) > 1 and len(self.procedures) > PAGE_SIZE
                       else [])
        self.page, self.on_page, self.buttons = 0, [], []
        self.prev_button = self.next_button = None
        lay = QVBoxLayout(self)
        lay.addWidget(label("Chạm vào lĩnh vực bạn cần:" if self.fields else "Chạm vào thủ tục bạn cần:", "Heading"))
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        m = window.metrics
        if m.large_text and m.height_mm < SHORT_SCREEN_MM:
            # a list scrolling inside the scrolling page ran off the bottom of a 10" screen in
            # "Chữ to", its own "Xem thêm" cut off under the page's: here the page alone scrolls
            self.column.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(inner, 1)
        else:
            lay.addWidget(scroll(inner), 1)
        if self.fields:
            for f in self.fields:
                b = big_button(f"{f}\n{counts[f]} thủ tục", name="Category")
                b.clicked.connect(lambda _=False, f=f: window.push(CategoryScreen(window, category_id, f)))
                self.buttons.append(b)
                self.column.addWidget(b)
            self.column.addStretch(1)
            return
        if len(self.procedures) > PAGE_SIZE:
            row = QHBoxLayout()
            self.prev_button = big_button("◀ Trang trước")
            self.next_button = big_button("Trang sau ▶")
            self.page_label = label("", "Heading")
            self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
            self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
            row.addWidget(self.prev_button)
            row.addWidget(self.page_label, 1)
            row.addWidget(self.next_button)
            lay.addLayout(row)
        self.show_page(0)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.procedures) // PAGE_SIZE))

    def show_page(self, page: int) -> None:
        self.page = min(max(page, 0), self.pages - 1)
        for b in self.buttons:
            self.column.removeWidget(b)
            b.deleteLater()
        while self.column.count():  # the stretch
            self.column.takeAt(0)
        self.on_page = self.procedures[self.page * PAGE_SIZE:(self.page + 1) * PAGE_SIZE]
        self.buttons = [procedure_button(self.window_, p) for p in self.on_page]
        for b in self.buttons:
            self.column.addWidget(b)
        self.column.addStretch(1)
        if self.next_button is not None:
            self.page_label.setText(f"Trang {self.page + 1}/{self.pages} · {len(self.procedures)} thủ tục")
            self.prev_button.setEnabled(self.page > 0)
            self.next_button.setEnabled(self.page < self.pages - 1)

    def speech_text(self) -> str:
        if self.fields:
            return f"{self.title}. Chạm vào lĩnh vực bạn cần: " + ", ".join(self.fields)
        page = f" Trang {self.page + 1} trên {self.pages}." if self.pages > 1 else ""
        return f"{self.title}.{page} Chạm vào thủ tục bạn cần: " + ", ".join(p.short_name for p in self.on_page)
