"""Liberation Serif (Times-metric, full Vietnamese, OFL) registered once per process.

Every canvas must be created with `initialFontName=REGULAR`; otherwise reportlab
adds an unembedded Helvetica reference to the PDF (tech-notes pitfall 11).
"""
from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_done = False


def ensure_fonts() -> None:
    """Register the four faces and the family (so <b>/<i> work in Paragraphs); idempotent."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        for name, file in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
            addMapping(FAMILY, bold, italic, name)
        _done = True


def has_glyph(char: str, font: str = REGULAR) -> bool:
    """True when `font` has a glyph for the single character `char`."""
    ensure_fonts()
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)
