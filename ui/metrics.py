"""Sizes in millimetres, from the screen's physical DPI (DESIGN.md §5).

Body text is sized so that its capital letters are at least 5 mm tall on the
actual screen; touch targets are at least 15 mm.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

BODY_CAP_MM = 5.0
TOUCH_MM = 15.0
LARGE_TEXT_FACTOR = 1.35


@dataclass(frozen=True)
class Metrics:
    dpi: float
    family: str
    large_text: bool = False

    def mm(self, value: float) -> int:
        return round(value * self.dpi / 25.4)

    def font_px_for_cap(self, cap_mm: float) -> int:
        """Smallest pixel size whose capital height is at least `cap_mm` (measured with the real font)."""
        target = self.mm(cap_mm)
        f = QFont(self.family)
        px = max(8, int(target / 0.75))
        for _ in range(60):
            f.setPixelSize(px)
            if QFontMetricsF(f).capHeight() >= target:
                return px
            px += 1
        return px

    @property
    def scale(self) -> float:
        return LARGE_TEXT_FACTOR if self.large_text else 1.0

    @property
    def body_px(self) -> int:
        return self.font_px_for_cap(BODY_CAP_MM * self.scale)

    @property
    def title_px(self) -> int:
        return self.font_px_for_cap(7.0 * self.scale)

    @property
    def small_px(self) -> int:  # counter screens (keyboard users at arm's length)
        return self.font_px_for_cap(2.6 * self.scale)

    @property
    def line_px(self) -> int:
        """Line height of body text."""
        f = QFont(self.family)
        f.setPixelSize(self.body_px)
        return round(QFontMetricsF(f).lineSpacing())

    @property
    def touch_px(self) -> int:
        return self.mm(TOUCH_MM * max(1.0, self.scale * 0.9))

    def with_large_text(self, on: bool) -> "Metrics":
        return Metrics(self.dpi, self.family, on)


def screen_dpi() -> float:
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen else 96.0
    # virtual screens report nonsense sizes; fall back to a 23.8" Full HD monitor's 92.6 dpi
    return dpi if 60 <= dpi <= 400 else 92.6
