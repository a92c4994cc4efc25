"""A small flow-layout engine over reportlab's canvas.

A `Sheet` collects drawing operations page by page, with y measured downwards
from the top of the page, and breaks pages automatically. Nothing touches a
canvas until `to_pdf()`, so a sheet with no fixed height (80 mm thermal paper)
gets exactly the height its content needs. Every string goes through
`Sheet.text`, which NFC-normalises it and records its box, so `overflows()`
can prove that nothing is drawn beyond the margins.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Callable

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR, ensure_fonts, width as text_width

A4 = (210 * mm, 297 * mm)
A5 = (148 * mm, 210 * mm)
ROLL_80 = (80 * mm, None)  # thermal roll: height follows the content

Decorator = Callable[[rl_canvas.Canvas, int, tuple[float, float]], None]


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


@dataclass(frozen=True)
class Margins:
    top: float
    right: float
    bottom: float
    left: float


@dataclass(frozen=True)
class TextOp:
    x: float
    y: float  # baseline, from the top of the page
    text: str
    font: str
    size: float
    width: float
    gray: float = 0.0
    word_space: float = 0.0  # extra space after each " " (justified lines)

    def draw(self, c, page_h: float) -> None:
        c.setFont(self.font, self.size)
        c.setFillGray(self.gray)
        if self.word_space:
            t = c.beginText(self.x, page_h - self.y)
            t.setFont(self.font, self.size)
            t.setWordSpace(self.word_space)
            t.textOut(self.text)
            t.setWordSpace(0)  # Tw outlives ET: without this every later line is stretched too
            c.drawText(t)
        else:
            c.drawString(self.x, page_h - self.y, self.text)


@dataclass(frozen=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6
    dotted: bool = False

    def draw(self, c, page_h: float) -> None:
        c.setLineWidth(self.width)
        if self.dotted:
            c.setLineCap(1)
            c.setDash([0.01, 2.6])
        c.line(self.x1, page_h - self.y1, self.x2, page_h - self.y2)
        if self.dotted:
            c.setDash([])
            c.setLineCap(0)


@dataclass(frozen=True)
class FillOp:
    x: float
    y: float  # top edge
    w: float
    h: float
    gray: float

    def draw(self, c, page_h: float) -> None:
        c.setFillGray(self.gray)
        c.rect(self.x, page_h - self.y - self.h, self.w, self.h, stroke=0, fill=1)
        c.setFillGray(0)


@dataclass(frozen=True)
class RectOp:
    x: float
    y: float  # top edge
    w: float
    h: float
    width: float = 0.6

    def draw(self, c, page_h: float) -> None:
        c.setLineWidth(self.width)
        c.rect(self.x, page_h - self.y - self.h, self.w, self.h, stroke=1, fill=0)


@dataclass(frozen=True)
class ImageOp:
    png: bytes
    x: float
    y: float  # top edge
    w: float
    h: float

    def draw(self, c, page_h: float) -> None:
        c.drawImage(ImageReader(io.BytesIO(self.png)), self.x, page_h - self.y - self.h, self.w, self.h)


@dataclass(frozen=True)
class QrOp:
    """A QR code drawn as vector rectangles (one per horizontal run of dark modules): sharp at
    any printer resolution, and no PNG to encode or embed."""
    data: str
    x: float
    y: float  # top edge
    size: float  # side, quiet zone excluded

    def draw(self, c, page_h: float) -> None:
        from kiosk.qr import qr_matrix, qr_runs
        n = len(qr_matrix(self.data))
        m = self.size / n
        top = page_h - self.y
        path = c.beginPath()
        for r, col, length in qr_runs(self.data):
            path.rect(self.x + col * m, top - (r + 1) * m, length * m + 0.01, m + 0.01)
        c.setFillGray(0)
        c.drawPath(path, stroke=0, fill=1)


def relayout(build: Callable[[frozenset[int]], "Sheet"], rounds: int = 4) -> "Sheet":
    """`build(forced_breaks)` until no block asks for an earlier page break."""
    forced: frozenset[int] = frozenset()
    sheet = build(forced)
    for _ in range(rounds):
        if sheet.wanted_breaks <= forced:
            break
        forced = forced | frozenset(sheet.wanted_breaks)
        sheet = build(forced)
    return sheet


def _shifted(op, dy: float):
    """The same drawing operation `dy` lower on the page."""
    if isinstance(op, LineOp):
        return replace(op, y1=op.y1 + dy, y2=op.y2 + dy)
    return replace(op, y=op.y + dy)


def split_long_word(word: str, font: str, size: float, limit: float) -> list[str]:
    """Cut a word wider than `limit` into pieces that fit (URLs, codes, long typing)."""
    pieces, cur = [], ""
    for ch in word:
        if cur and text_width(cur + ch, font, size) > limit:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    return pieces + [cur] if cur else pieces


def wrap(text: str, font: str, size: float, width: float, first_width: float | None = None) -> list[str]:
    """Greedy word wrap measured with the real font; the first line may be narrower."""
    limit = first_width if first_width is not None else width
    space = text_width(" ", font, size)
    lines: list[str] = []
    cur, cur_w = "", 0.0
    for word in nfc(text).split():
        w = text_width(word, font, size)
        if cur and cur_w + space + w <= limit:
            cur, cur_w = f"{cur} {word}", cur_w + space + w
            continue
        if cur or (not lines and w > limit and w <= width):
            lines.append(cur)  # an empty first line when even one word misses the narrow start
            limit = width
        if w > limit:
            *done, word = split_long_word(word, font, size, limit) or [""]
            lines.extend(done)
            if done:
                limit = width
            w = text_width(word, font, size)
        cur, cur_w = word, w
    if cur or not lines:
        lines.append(cur)
    return lines


def wrap_balanced(text: str, font: str, size: float, width: float) -> list[str]:
    """Wrap into as few lines as greedy wrapping needs, but with lines of even length
    (centred headings: no lonely last word)."""
    lines = wrap(text, font, size, width)
    if len(lines) < 2:
        return lines
    lo, hi = width * 0.4, width
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(wrap(text, font, size, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(text, font, size, hi)


def fit_size(text: str, font: str, size: float, width: float, minimum: float = 6.0) -> float:
    """The largest size <= `size` at which `text` fits on one line of `width`."""
    w = text_width(nfc(text), font, size)
    return size if w <= width else max(minimum, size * width / w * 0.999)


@dataclass
class Sheet:
    """Pages of drawing operations with a cursor `y` (from the top) and automatic page breaks."""
    page_w: float
    page_h: float | None  # None: one page that grows with its content (thermal roll)
    margins: Margins
    title: str = ""
    pages: list[list] = field(default_factory=lambda: [[]])
    y: float = 0.0
    on_page: Callable[["Sheet"], None] | None = None  # draws a running header on each page
    # (page index, op index, y) at the top of each line of content: what `need(keep=...)`
    # may carry to the next page together with a block that must not stand alone
    line_marks: list[tuple[int, int, float]] = field(default_factory=list)
    # line numbers (index into line_marks) that must start a page, and those a block asked
    # for because it would otherwise have too few lines with it (see `keep_company`)
    forced_breaks: frozenset[int] = frozenset()
    wanted_breaks: set[int] = field(default_factory=set)
    signature_page: int = 0  # where the main signature block ended (documents that record it)

    def start(self) -> "Sheet":
        """Run the page header on the first page (call once `on_page` is set)."""
        self._header()
        return self

    def _header(self) -> None:
        """The running header is not content: its lines are not marked."""
        if self.on_page:
            n = len(self.line_marks)
            self.on_page(self)
            del self.line_marks[n:]

    def __post_init__(self) -> None:
        ensure_fonts()
        self.y = self.margins.top

    # --- geometry ---
    @property
    def left(self) -> float:
        return self.margins.left

    @property
    def right(self) -> float:
        return self.page_w - self.margins.right

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def bottom(self) -> float:
        return float("inf") if self.page_h is None else self.page_h - self.margins.bottom

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def fits(self, height: float) -> bool:
        return self.y + height <= self.bottom

    def need(self, height: float, keep: int = 0) -> bool:
        """Start a new page unless `height` still fits; True when a page was started.
        `keep` > 0: the last `keep` lines of content go to the new page too, so the block
        that follows (a signature) never stands alone on it."""
        if self.fits(height) or self.y <= self.margins.top + 0.01:
            return False
        marks = [m for m in self.line_marks if m[0] == len(self.pages) - 1]
        if keep and len(marks) > keep:
            self.carry_from(marks[-keep])
            return True
        self.new_page()
        return True

    def mark_line(self) -> None:
        """Note that a line of content starts at the cursor (see `need(keep=...)`); a line
        listed in `forced_breaks` starts a new page."""
        page = len(self.pages) - 1
        if len(self.line_marks) in self.forced_breaks and any(m[0] == page for m in self.line_marks):
            self.new_page()
            page += 1
        self.line_marks.append((page, len(self.pages[-1]), self.y))

    def keep_company(self, keep: int) -> None:
        """Called where a block (a signature) starts: when it starts a page with fewer than
        `keep` lines of content above it, ask for an earlier page break (`wanted_breaks`);
        `relayout` lays the document out again with it."""
        page = len(self.pages) - 1
        on_page = sum(1 for m in self.line_marks if m[0] == page)
        if page > 0 and on_page < keep and len(self.line_marks) >= keep:
            self.wanted_breaks.add(len(self.line_marks) - keep)

    def carry_from(self, mark: tuple[int, int, float]) -> None:
        """Move everything drawn since `mark` to a new page, shifted up to its top."""
        page, index, y0 = mark
        moved = self.pages[-1][index:]
        del self.pages[-1][index:]
        moved_marks = [m for m in self.line_marks if m[0] == page and m[1] >= index]
        self.line_marks = [m for m in self.line_marks if not (m[0] == page and m[1] >= index)]
        end = self.y
        self.new_page()
        dy = self.y - y0
        base = len(self.pages[-1])
        self.pages[-1].extend(_shifted(op, dy) for op in moved)
        self.line_marks += [(page + 1, base + m[1] - index, m[2] + dy) for m in moved_marks]
        self.y = end + dy

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.margins.top
        self._header()

    def advance(self, dy: float) -> None:
        self.y += dy

    # --- drawing (recorded, replayed by to_pdf) ---
    def text(self, x: float, y: float, s: str, font: str = REGULAR, size: float = 12, gray: float = 0.0) -> float:
        s = nfc(s)
        w = text_width(s, font, size)
        if s:
            self.pages[-1].append(TextOp(x, y, s, font, size, w, gray))
        return w

    def text_aligned(self, s: str, y: float, font: str, size: float, align: str = "left",
                     x0: float | None = None, x1: float | None = None) -> float:
        x0 = self.left if x0 is None else x0
        x1 = self.right if x1 is None else x1
        w = text_width(nfc(s), font, size)
        x = {"left": x0, "center": (x0 + x1 - w) / 2, "right": x1 - w}[align]
        return self.text(x, y, s, font, size)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6, dotted: bool = False) -> None:
        if x2 - x1 > 0.5 or abs(y2 - y1) > 0.5:
            self.pages[-1].append(LineOp(x1, y1, x2, y2, width, dotted))

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.6) -> None:
        self.pages[-1].append(RectOp(x, y, w, h, width))

    def fill(self, x: float, y: float, w: float, h: float, gray: float) -> None:
        """A filled rectangle without an outline (chart bars, legend keys)."""
        self.pages[-1].append(FillOp(x, y, w, h, gray))

    def image(self, png: bytes, x: float, y: float, w: float, h: float) -> None:
        self.pages[-1].append(ImageOp(png, x, y, w, h))

    def qr(self, data: str, x: float, y: float, size: float, border: int = 2) -> None:
        """A QR code in the square (x, y, size), with `border` white modules of quiet zone inside it."""
        from kiosk.qr import qr_matrix
        module = size / (len(qr_matrix(data)) + 2 * border)
        self.pages[-1].append(QrOp(data, x + border * module, y + border * module, size - 2 * border * module))

    def paragraph(self, text: str, font: str = REGULAR, size: float = 12, *, align: str = "left",
                  leading: float | None = None, indent: float = 0.0, first_indent: float = 0.0,
                  x0: float | None = None, x1: float | None = None, balanced: bool = False) -> int:
        """Wrapped text at the cursor, breaking pages between lines; returns the line count.
        `balanced` evens out the line lengths (centred titles); align "justify" stretches all
        lines but the last to both edges."""
        x0 = (self.left if x0 is None else x0) + indent
        x1 = self.right if x1 is None else x1
        leading = leading or size * 1.35
        if balanced:
            lines = wrap_balanced(text, font, size, x1 - x0)
        else:
            lines = wrap(text, font, size, x1 - x0, first_width=x1 - x0 - first_indent)
        for i, line in enumerate(lines):
            self.need(leading)
            self.mark_line()
            self.y += leading
            start = x0 + (first_indent if i == 0 else 0)
            if align == "justify":
                self._justified(line, self.y - leading * 0.25, font, size, start, x1, last=i == len(lines) - 1)
            else:
                self.text_aligned(line, self.y - leading * 0.25, font, size, align, start, x1)
        return len(lines)

    def _justified(self, line: str, y: float, font: str, size: float, x0: float, x1: float, last: bool) -> None:
        """A line stretched to both margins by word spacing (NĐ 30 body text); the last line
        of a paragraph stays flush left."""
        line = nfc(line)
        spaces = line.count(" ")
        w = text_width(line, font, size)
        ws = 0.0 if last or not spaces else max(0.0, (x1 - x0 - w) / spaces)
        if ws > size * 0.8:  # a line with one or two words: do not spread it over the whole width
            ws = 0.0
        if line:
            self.pages[-1].append(TextOp(x0, y, line, font, size, w + ws * spaces, 0.0, ws))

    def rule(self, length: float, y: float | None = None, x_center: float | None = None, width: float = 0.6) -> None:
        """A short centred horizontal rule (under the national motto, under a unit name)."""
        y = self.y if y is None else y
        xc = (self.left + self.right) / 2 if x_center is None else x_center
        self.line(xc - length / 2, y, xc + length / 2, y, width)

    # --- checks and output ---
    def text_ops(self):
        for page_no, ops in enumerate(self.pages):
            for op in ops:
                if isinstance(op, TextOp):
                    yield page_no, op

    def overflows(self, tolerance: float = 0.5) -> list[tuple[int, TextOp]]:
        """Text drawn outside the margins (should always be empty)."""
        bottom = self.bottom
        return [(p, op) for p, op in self.text_ops()
                if op.x < self.left - tolerance or op.x + op.width > self.right + tolerance
                or op.y - op.size < self.margins.top - op.size * 0.3 - tolerance or op.y > bottom + tolerance]

    def used_height(self) -> float:
        return self.y + self.margins.bottom

    def to_pdf(self, decorate: Decorator | None = None) -> bytes:
        """Replay the pages onto a reportlab canvas; `decorate` draws under each page (watermark)."""
        page_h = self.page_h if self.page_h is not None else self.used_height()
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=(self.page_w, page_h), initialFontName=REGULAR,
                             initialFontSize=12, invariant=1, pageCompression=1)
        c.setTitle(nfc(self.title))
        c.setCreator("Kiosk Một cửa")
        for page_no, ops in enumerate(self.pages):
            if decorate:
                decorate(c, page_no, (self.page_w, page_h))
            for op in ops:
                op.draw(c, page_h)
            c.showPage()
        c.save()
        return buf.getvalue()


__all__ = ["A4", "A5", "ROLL_80", "BOLD", "ITALIC", "REGULAR", "Margins", "Sheet", "TextOp",
           "fit_size", "nfc", "relayout", "split_long_word", "wrap", "wrap_balanced"]
