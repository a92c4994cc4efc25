"""Dotted-leader field lines: "Họ, chữ đệm, tên: ....NGUYỄN VĂN A........".

A line group (a field plus the `inline` fields after it) is a list of tokens:
label words, value words, slots (a dotted blank, optionally holding a short
value: "Số lượng: ..2.. bản") and check boxes. Tokens flow greedily over the
content width; a value too long for its line continues on the next dotted
line, and dots fill every gap that belongs to a value, up to the right margin.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.documents.fonts import BOLD, REGULAR, width as text_width
from kiosk.documents.layout import Sheet, nfc, split_long_word

BOX = "□"  # U+25A1 exists in Liberation Serif; ☒ does not, so a cross is drawn over it


@dataclass(frozen=True)
class Tok:
    kind: str  # "label" | "value" | "slot" | "box"
    text: str = ""
    sep: str = "space"  # what comes before it on the same line: space | dots | gap | none
    min_w: float = 0.0  # slots: the dotted width when blank
    checked: bool = False
    tab: float = 0.0  # first token of the k-th inline field: start at k/n of the width if room
    glue: bool = False  # keep on the same line as the token before (names, dates), when possible


@dataclass(frozen=True)
class LineStyle:
    size: float = 12.5
    label_font: str = REGULAR
    value_font: str = BOLD
    leading_factor: float = 1.55
    dotted: bool = True  # False: plain "label: value" lines (slips, sheets)

    @property
    def leading(self) -> float:
        return self.size * self.leading_factor


@dataclass
class _Placed:
    tok: Tok
    x0: float
    x1: float


def words(kind: str, text: str, sep: str = "space", *, keep: bool = False) -> list[Tok]:
    """One token per word; the first keeps `sep`, the rest are separated by spaces.
    `keep` moves the whole text to the next line rather than splitting it (a name)."""
    parts = nfc(text).split()
    return [Tok(kind, w, sep if i == 0 else "space", glue=keep and i > 0) for i, w in enumerate(parts)]


def _run_start(line: list[_Placed]) -> int:
    """Index where the glued run ending the line starts."""
    j = len(line) - 1
    while j > 0 and line[j].tok.glue:
        j -= 1
    return j


def _width(tok: Tok, st: LineStyle) -> float:
    if tok.kind == "label":
        return text_width(tok.text, st.label_font, st.size)
    if tok.kind == "value":
        return text_width(tok.text, st.value_font, st.size)
    if tok.kind == "box":
        return st.size * 0.85
    return max(tok.min_w, text_width(tok.text, st.value_font, st.size) + st.size * 1.2)


def _sep_width(sep: str, st: LineStyle) -> float:
    space = text_width(" ", REGULAR, st.size)
    return {"space": space, "dots": st.size * 1.6 if st.dotted else space,
            "gap": st.size * 1.8, "none": 0.0}[sep]


def _split(tok: Tok, st: LineStyle, limit: float) -> list[Tok]:
    """A single word wider than the line is cut into pieces (long codes, URLs, runaway typing)."""
    font = st.label_font if tok.kind == "label" else st.value_font
    pieces = split_long_word(tok.text, font, st.size, limit)
    return [replace(tok, text=p, sep=tok.sep if i == 0 else "none") for i, p in enumerate(pieces)]


def break_lines(toks: list[Tok], st: LineStyle, width: float) -> list[list[_Placed]]:
    """Greedy line breaking; separators vanish at the start of a line."""
    lines: list[list[_Placed]] = [[]]
    x = 0.0
    queue = list(toks)
    while queue:
        tok = queue.pop(0)
        w = _width(tok, st)
        if w > width and tok.kind in ("label", "value"):
            queue[:0] = _split(tok, st, width)
            continue
        line = lines[-1]
        sep = _sep_width(tok.sep, st) if line else 0.0
        if line and tok.tab and x + sep < tok.tab * width:
            sep = tok.tab * width - x
        if line and x + sep + w > width:
            j = _run_start(line) if tok.glue else 0
            if j > 0 and line[-1].x1 - line[j].x0 + sep + w <= width:
                queue[:0] = [p.tok for p in line[j:]] + [tok]  # carry the glued run down
                del line[j:]
                lines.append([])
                x = 0.0
                continue
            lines.append([])
            x, sep = 0.0, 0.0
        lines[-1].append(_Placed(tok, x + sep, x + sep + min(w, width)))
        x += sep + w
    return [line for line in lines if line]


def _fills(line: list[_Placed], nxt: Tok | None) -> bool:
    """Dots run to the right margin after a value, or before a value continuing below."""
    last = line[-1].tok
    return last.kind in ("value", "slot") or (nxt is not None and nxt.sep == "dots"
                                              and nxt.kind in ("value", "slot"))


def flow(sheet: Sheet, toks: list[Tok], st: LineStyle, *, extra_lines: int = 0, indent: float = 0.0) -> None:
    """Lay `toks` out at the cursor, one dotted line after another; `extra_lines` adds
    empty dotted lines (room to write a multi-line answer by hand)."""
    lines = break_lines(toks, st, sheet.width - indent)
    for i, line in enumerate(lines):
        nxt = lines[i + 1][0].tok if i + 1 < len(lines) else None
        sheet.need(st.leading)
        sheet.mark_line()
        sheet.y += st.leading
        _draw_line(sheet, line, sheet.y - st.leading * 0.3, st, fill=st.dotted and _fills(line, nxt),
                   left=sheet.left + indent)
    for _ in range(extra_lines):
        sheet.need(st.leading)
        sheet.mark_line()
        sheet.y += st.leading
        _dots(sheet, sheet.left, sheet.right, sheet.y - st.leading * 0.3)


def _dots(sheet: Sheet, x0: float, x1: float, baseline: float) -> None:
    if x1 - x0 >= 3:
        sheet.line(x0, baseline - 0.6, x1, baseline - 0.6, width=0.9, dotted=True)


def _merge(line: list[_Placed]) -> list[_Placed]:
    """Join words of one label or value run into one string: one text operation per run,
    and text that copies out with its spaces."""
    out: list[_Placed] = []
    for p in line:
        last = out[-1] if out else None
        if last and p.tok.sep == "space" and p.tok.kind == last.tok.kind and p.tok.kind in ("label", "value"):
            out[-1] = _Placed(replace(last.tok, text=f"{last.tok.text} {p.tok.text}"), last.x0, p.x1)
        else:
            out.append(p)
    return out


def _draw_line(sheet: Sheet, line: list[_Placed], baseline: float, st: LineStyle, *, fill: bool,
               left: float) -> None:
    pad = st.size * 0.3
    prev: _Placed | None = None
    for p in _merge(line):
        if st.dotted and prev is not None and p.tok.sep == "dots" and p.tok.kind != "slot":
            start = prev.x1 if prev.tok.kind == "slot" and not prev.tok.text else prev.x1 + pad
            _dots(sheet, left + start, left + p.x0 - pad, baseline)
        _draw_tok(sheet, p, left, baseline, st)
        prev = p
    if fill:
        _dots(sheet, left + line[-1].x1 + pad, sheet.right, baseline)


def _draw_tok(sheet: Sheet, p: _Placed, left: float, baseline: float, st: LineStyle) -> None:
    tok, x = p.tok, left + p.x0
    if tok.kind == "label":
        sheet.text(x, baseline, tok.text, st.label_font, st.size)
    elif tok.kind == "value":
        sheet.text(x, baseline, tok.text, st.value_font, st.size)
    elif tok.kind == "slot":
        _dots(sheet, x, left + p.x1, baseline)
        if tok.text:
            w = text_width(tok.text, st.value_font, st.size)
            sheet.text(x + (p.x1 - p.x0 - w) / 2, baseline, tok.text, st.value_font, st.size)
    else:
        draw_box(sheet, x, baseline, st.size, tok.checked)


def draw_box(sheet: Sheet, x: float, baseline: float, size: float, checked: bool) -> None:
    """The □ glyph (0.6 em square on the baseline) scaled to about a capital's height,
    with a bold X inside when ticked."""
    g = size * 1.35
    sheet.text(x, baseline, BOX, REGULAR, g)
    if checked:
        xs = g * 0.62
        cx, cy = x + g * 0.301, baseline - g * 0.299
        sheet.text(cx - xs * 0.362, cy + xs * 0.327, "X", BOLD, xs)
