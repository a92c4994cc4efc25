"""The base class of every kiosk page. Screens import it from here, never from ui.app
(the window module imports the screens)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.app import KioskWindow


class Screen(QWidget):
    """A page of the kiosk. `audience` is 'lobby' (touch, idle reset) or 'counter'."""
    title = ""
    audience = "lobby"

    def __init__(self, window: "KioskWindow"):
        super().__init__()
        self.window_ = window
        self.services = window.services

    def speech_text(self) -> str:
        """What "Đọc to" reads on this screen."""
        return self.title

    def reset(self) -> None:
        """Forget every input (idle reset)."""

    def shown(self) -> None:
        """Called each time the screen comes (back) to the front."""
