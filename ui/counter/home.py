"""Counter home: the assistance queue (call the next ticket, mark it served)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from ui.app import Screen
from ui.widgets.common import label


class CounterHome(Screen):
    title = "Quầy Một cửa"
    audience = "counter"

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("Counter")
        clerk = window.clerk
        self.title = f"Quầy Một cửa – {clerk.name}"
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(label("Số đang chờ (ưu tiên xếp trước):"), 1)
        self.office = QPushButton("Báo cáo, góp ý")
        self.office.clicked.connect(self.open_office)
        self.office.setVisible(clerk.role in ("head", "admin"))
        top.addWidget(self.office)
        self.lock = QPushButton("Khóa quầy (Ctrl+L)")
        self.lock.clicked.connect(window.show_lobby)
        top.addWidget(self.lock)
        lay.addLayout(top)
        self.queue = QListWidget()
        lay.addWidget(self.queue, 1)
        row = QHBoxLayout()
        self.call = QPushButton("Gọi số tiếp theo (F2)")
        self.call.setObjectName("Primary")
        self.call.clicked.connect(self.call_next)
        self.served = QPushButton("Đã phục vụ xong (F3)")
        self.served.clicked.connect(self.mark_served)
        self.served.setEnabled(False)
        row.addWidget(self.call)
        row.addWidget(self.served)
        lay.addLayout(row)
        self.current_label = label("", "Heading")
        lay.addWidget(self.current_label)
        self.current = None
        QShortcut(QKeySequence("F2"), self, self.call_next)
        QShortcut(QKeySequence("F3"), self, self.mark_served)
        QShortcut(QKeySequence("Ctrl+L"), self, window.show_lobby)
        self._refresh_timer = QTimer(self, interval=5000)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start()
        self.refresh()

    def open_office(self) -> None:
        from ui.office.home import OfficeHome
        self.window_.push(OfficeHome(self.window_))

    def refresh(self) -> None:
        self.queue.clear()
        for t in self.services.tickets.waiting():
            proc = self.services.catalog.procedure(t.procedure_code) if t.procedure_code else None
            text = f"{t.label}   {t.created_at:%H:%M}   {proc.short_name if proc else ''}"
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, t.id)
            self.queue.addItem(item)

    def call_next(self) -> None:
        t = self.services.tickets.call_next(clerk_id=self.window_.clerk.id)
        if t is None:
            self.current_label.setText("Không còn ai chờ.")
            return
        self.current = t
        proc = self.services.catalog.procedure(t.procedure_code) if t.procedure_code else None
        self.current_label.setText(f"Đang phục vụ số {t.label}" + (f" – {proc.short_name}" if proc else ""))
        self.served.setEnabled(True)
        if self.services.speaker.available:
            self.services.speaker.say(f"Mời số {t.label[1:].lstrip('0')} đến quầy.")
        self.refresh()

    def mark_served(self) -> None:
        if self.current is None:
            return
        self.services.tickets.mark_served(self.current.id)
        self.current_label.setText(f"Đã phục vụ xong số {self.current.label}.")
        self.current = None
        self.served.setEnabled(False)
