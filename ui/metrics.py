"""Sizes in millimetres, from the screen's physical DPI (DESIGN.md §5).

Body text is sized so that its capital letters are at least 5 mm tall on the
actual screen; touch targets are at least 15 mm. The DPI is injected (tests and
screenshots pass the DPI of each supported screen); on a real kiosk it comes
from the screen, or from KIOSK_SCREEN_DPI when the screen reports a wrong size.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

BODY_CAP_MM = 5.0
TOUCH_MM = 15.0
LARGE_TEXT_FACTOR = 1.35

# The screens communes buy (issue 10): (width, height, physical DPI, name)
SUPPORTED_SCREENS = (
    (1080, 1920, 69.0, "32in-portrait"),
    (1920, 1080, 102.0, "21in-fullhd"),
    (1366, 768, 100.0, "15in-aio"),
    (1280, 1024, 96.0, "17in-sxga"),
    (1280, 800, 150.0, "10in-tablet"),
)


@dataclass(frozen=True)
class Metrics:
    dpi: float
    family: str
    large_text: bool = False
    screen_px: tuple[int, int] = (1920, 1080)  # the screen the window fills

    def mm(self, value: float) -> int:
        return round(value * self.dpi / 25.4)

    @property
    def portrait(self) -> bool:
        return self.screen_px[1] > self.screen_px[0]

    @property
    def width_mm(self) -> float:
        return self.screen_px[0] * 25.4 / self.dpi

    @property
    def height_mm(self) -> float:
        return self.screen_px[1] * 25.4 / self.dpi

    @property
    def keyboard_beside(self) -> bool:
        """Low landscape screens (15.6" 1366x768) put the on-screen keyboard beside the results."""
        return not self.one_column and self.height_mm < 230

    @property
    def short(self) -> bool:
        """A screen so low (1280x800 at 150 dpi is 135 mm tall) that a page whose own words say
        what it is (the survey's progress bar) gives up the top bar's title row."""
        return not self.portrait and self.height_mm < 150

    @property
    def one_column(self) -> bool:
        """Portrait kiosks and small screens (a 10" tablet) put everything in one column."""
        return self.portrait or self.width_mm < 260

    def font_px_for_cap(self, cap_mm: float) -> int:
        """Smallest pixel size whose capital height is at least `cap_mm` (measured with the real font)."""
        target = value = cap_mm * self.dpi / 25.4
        f = QFont(self.family)
        px = max(8, int(value / 0.75))
        for _ in range(80):
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
        return self.font_px_for_cap(6.0 * self.scale)

    @property
    def huge_px(self) -> int:
        """Ticket number and countdown: digits at least 20 mm tall."""
        return self.font_px_for_cap(20.0)

    @property
    def small_px(self) -> int:  # counter screens (keyboard users at arm's length)
        return self.font_px_for_cap(2.6)

    @property
    def line_px(self) -> int:
        """Line height of body text."""
        f = QFont(self.family)
        f.setPixelSize(self.body_px)
        return round(QFontMetricsF(f).lineSpacing())

    @property
    def touch_px(self) -> int:
        return self.mm(TOUCH_MM)

    def with_large_text(self, on: bool) -> "Metrics":
        return replace(self, large_text=on)


def screen_dpi(env: dict | None = None) -> float:
    """The primary screen's physical DPI; KIOSK_SCREEN_DPI overrides it (a screen whose EDID lies)."""
    env = os.environ if env is None else env
    try:
        forced = float(env.get("KIOSK_SCREEN_DPI", "") or 0)
    except ValueError:
        forced = 0
    if 40 <= forced <= 400:
        return forced
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen else 96.0
    # virtual screens report nonsense sizes; fall back to a 23.8" Full HD monitor's 92.6 dpi
    return dpi if 60 <= dpi <= 400 else 92.6
