"""Clerk PIN unlock: pick your name, type the PIN (keyboard or on-screen pad)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.errors import KioskError
from ui.screen import Screen
from ui.widgets.common import big_button, label


class UnlockScreen(Screen):
    title = "Cán bộ đăng nhập"

    def __init__(self, window):
        super().__init__(window)
        lay = QVBoxLayout(self)
        self.clerks = self.services.accounts.list_clerks()
        if not self.clerks:
            if self.window_.station is None:  # the counter PC: its administrator reads this
                lay.addWidget(label("Chưa có tài khoản cán bộ. Người quản trị tạo tài khoản bằng lệnh:\n"
                                    ".venv/bin/python main.py clerk add \"Họ tên\"", "Warning"))
            else:  # the lobby: citizens read this, never a shell command
                lay.addWidget(label("Chưa có tài khoản cán bộ trên máy này. Xin mời hỏi cán bộ ở quầy.",
                                    "Warning"))
        lay.addWidget(label("Chọn tên của bạn:"))
        self.who = QComboBox()
        for c in self.clerks:
            self.who.addItem(c.name, c.id)
        lay.addWidget(self.who)
        # above the PIN, not under the keypad: on a short screen (1280×800) the bottom is off-screen
        self.error = label("", "Warning")
        self.error.hide()
        lay.addWidget(self.error)
        lay.addWidget(label("Mã PIN:"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setMaxLength(12)
        self.pin.setInputMethodHints(Qt.ImhDigitsOnly)
        self.pin.returnPressed.connect(self.submit)
        lay.addWidget(self.pin)
        pad = QGridLayout()
        for i, d in enumerate("123456789"):
            b = QPushButton(d)
            b.setObjectName("Key")
            b.setFocusPolicy(Qt.NoFocus)
            b.clicked.connect(lambda _=False, ch=d: self.pin.insert(ch))
            pad.addWidget(b, i // 3, i % 3)
        zero, back = QPushButton("0"), QPushButton("⌫")
        for b in (zero, back):
            b.setObjectName("Key")
            b.setFocusPolicy(Qt.NoFocus)
        zero.clicked.connect(lambda: self.pin.insert("0"))
        back.clicked.connect(self.pin.backspace)
        pad.addWidget(back, 3, 0)
        pad.addWidget(zero, 3, 1)
        lay.addLayout(pad)
        self.ok = big_button("Mở khóa", primary=True)
        self.ok.clicked.connect(self.submit)
        lay.addWidget(self.ok)
        lay.addStretch(1)
        self.pin.setFocus()
        station = self.window_.station
        until = self.services.accounts.station_locked_until(station) if station else None
        if until is not None:  # the lobby kiosk's PIN entry is closed for a while (wrong PINs)
            self.error.setText(f"Máy này tạm khóa đăng nhập cán bộ đến {until:%H:%M} do nhập sai mã PIN "
                               "nhiều lần. Hãy đăng nhập ở máy quầy.")
            self.error.show()

    def shown(self) -> None:
        """The PIN is typed at once: at the counter's start and after it locked itself the clerk
        types it without a click (the focus was on the page or on "Quay lại")."""
        self.pin.setFocus()

    def submit(self) -> None:
        clerk_id = self.who.currentData()
        pin = self.pin.text()
        self.pin.clear()
        if clerk_id is None:
            return
        if not pin:  # "Mở khóa" tapped before typing: nothing to check, nothing counted
            self.error.setText("Hãy nhập mã PIN rồi chạm “Mở khóa”.")
            self.error.show()
            self._reveal_error()
            return
        try:
            clerk = self.services.accounts.unlock(clerk_id, pin, station=self.window_.station)
        except KioskError as e:
            self.error.setText(e.message)
            self.error.show()
            self._reveal_error()
            return
        if clerk.must_change_pin:  # a PIN of fewer than 6 digits: a new one first
            from ui.change_pin import ChangePinScreen
            self.window_.push(ChangePinScreen(self.window_, clerk, pin))
            return
        self.window_.enter_counter(clerk)

    def _reveal_error(self) -> None:
        """Scroll the page (a TouchScroll) so the message is on screen, once it is laid out."""
        from PySide6.QtWidgets import QApplication, QScrollArea
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QScrollArea):
            holder = holder.parentWidget()
        if holder is not None:
            QApplication.sendPostedEvents(None, QEvent.LayoutRequest)
            holder.ensureWidgetVisible(self.error, 0, 0)

    def reset(self) -> None:
        self.pin.clear()
