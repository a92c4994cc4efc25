"""Pieces of the official layout (Nghị định 30/2020/NĐ-CP): national heading, unit
heading, place-and-date line, signature blocks and the fingerprint box.

Glossary: Quốc hiệu và Tiêu ngữ = national heading; cơ quan chủ quản / cơ quan
ban hành = parent unit / issuing unit; điểm chỉ = fingerprint in place of a signature.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR, width as text_width
from kiosk.documents.layout import Sheet, nfc, wrap, wrap_balanced

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FINGERPRINT = "Điểm chỉ (nếu không ký được)"

_PREFIX = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


def place_name(commune_name: str) -> str:
    """'Xã Hòa Bình' -> 'Hòa Bình' (the place written before the date, NĐ 30/2020)."""
    return _PREFIX.sub("", nfc(commune_name).strip())


def commune_phrase(commune_name: str) -> str:
    """'Xã Hòa Bình' -> 'xã Hòa Bình' (inside a sentence: 'Ủy ban nhân dân xã Hòa Bình')."""
    name = nfc(commune_name).strip()
    m = _PREFIX.match(name)
    return m.group(1).lower() + name[m.end(1):] if m else name


def date_text(d: date) -> str:
    """'ngày 05 tháng 02 năm 2026': days below 10 and months 1-2 get a leading zero (NĐ 30/2020)."""
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def place_date(commune_name: str, d: date) -> str:
    return f"{place_name(commune_name)}, {date_text(d)}"


def _lines(sheet: Sheet, lines: list[str], font: str, size: float, x0: float, x1: float,
           y: float, leading: float) -> float:
    """Centred lines from baseline `y` downwards; returns the last baseline."""
    for i, line in enumerate(lines):
        sheet.text_aligned(line, y + i * leading, font, size, "center", x0, x1)
    return y + (len(lines) - 1) * leading


def national_block(sheet: Sheet, size: float, x0: float, x1: float, y: float) -> float:
    """'CỘNG HÒA ...' / 'Độc lập - Tự do - Hạnh phúc' and the rule as long as the motto.

    `y` is the top; returns the y just under the rule."""
    leading = size * 1.3
    nat = fit(NATIONAL, BOLD, size, x1 - x0)
    motto_size = min(size + 1, fit(MOTTO, BOLD, size + 1, x1 - x0))
    base = y + size
    sheet.text_aligned(NATIONAL, base, BOLD, nat, "center", x0, x1)
    base += leading
    sheet.text_aligned(MOTTO, base, BOLD, motto_size, "center", x0, x1)
    rule_y = base + size * 0.5
    sheet.rule(text_width(MOTTO, BOLD, motto_size), rule_y, (x0 + x1) / 2)
    return rule_y + 1


def fit(text: str, font: str, size: float, width: float) -> float:
    w = text_width(nfc(text), font, size)
    return size if w <= width else size * width / w * 0.995


def unit_block(sheet: Sheet, parent: str, unit: str, size: float, x0: float, x1: float, y: float) -> float:
    """Parent unit (regular) over the issuing unit (bold), both upper case and wrapped,
    with a short rule (a third of the last line) under it; returns the y under the rule."""
    leading = size * 1.3
    base = y + size
    if parent:
        lines = wrap_balanced(nfc(parent).upper(), REGULAR, size, x1 - x0)
        base = _lines(sheet, lines, REGULAR, size, x0, x1, base, leading) + leading
    lines = wrap_balanced(nfc(unit).upper(), BOLD, size, x1 - x0)
    base = _lines(sheet, lines, BOLD, size, x0, x1, base, leading)
    rule_y = base + size * 0.5
    last_w = text_width(lines[-1], BOLD, size)
    sheet.rule(max(last_w / 3, 12 * mm), rule_y, (x0 + x1) / 2)
    return rule_y + 1


def official_heading(sheet: Sheet, parent: str, unit: str, size: float, *, dated: str | None = None,
                     number: str | None = None) -> None:
    """The two-column heading: units on the left, national heading on the right, then
    the 'Số: ...' / place-and-date row. Both columns start on the same baseline."""
    gap = 3 * mm
    right_w = max(text_width(NATIONAL, BOLD, size), text_width(dated or "", ITALIC, size)) + 2 * mm
    right_w = min(right_w, sheet.width * 0.62)
    split = sheet.right - right_w
    top = sheet.y
    left_end = unit_block(sheet, parent, unit, size, sheet.left, split - gap, top)
    right_end = national_block(sheet, size, split, sheet.right, top)
    sheet.y = max(left_end, right_end) + size * 0.5
    if dated or number:
        sheet.y += size * 1.3
        if number:
            sheet.text_aligned(number, sheet.y, REGULAR, fit(number, REGULAR, size, split - gap - sheet.left),
                               "center", sheet.left, split - gap)
        if dated:
            sheet.text_aligned(dated, sheet.y, ITALIC, fit(dated, ITALIC, size, right_w), "center", split, sheet.right)
        sheet.y += size * 0.4


def national_heading(sheet: Sheet, size: float) -> None:
    """Forms: the national heading alone, centred on the page."""
    sheet.y = national_block(sheet, size, sheet.left, sheet.right, sheet.y) + size * 0.5


@dataclass(frozen=True)
class Signer:
    title: str  # "Người yêu cầu" (printed in capitals)
    note: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    name: str = ""  # printed under the signature space when known


@dataclass(frozen=True)
class _Column:
    x0: float
    x1: float
    title: list[str]
    note: list[str]
    name: list[str]


def _columns(sheet: Sheet, signers: list[Signer], size: float, single_right: bool) -> list[_Column]:
    n = len(signers)
    if n == 1 and single_right:
        bounds = [(sheet.left + sheet.width / 2, sheet.right)]
    else:
        step = sheet.width / n
        bounds = [(sheet.left + i * step, sheet.left + (i + 1) * step) for i in range(n)]
    cols = []
    for s, (x0, x1) in zip(signers, bounds):
        w = x1 - x0 - 2 * mm
        title = [line for part in nfc(s.title).upper().split("\n") for line in wrap_balanced(part, BOLD, size, w)]
        cols.append(_Column(x0, x1, title,
                            wrap(s.note, ITALIC, size * 0.92, w) if s.note else [],
                            wrap(nfc(s.name), BOLD, size, w) if s.name else []))
    return cols


def signatures(sheet: Sheet, signers: list[Signer], size: float, *, space: float = 24 * mm,
               dated: str | None = None, fingerprint: bool = False, single_right: bool = True,
               keep: int = 2) -> None:
    """Signature blocks (kept together on one page), the place/date line above them and,
    when asked, a fingerprint box beside a single signer or under each of several.
    When the block needs a new page, the last `keep` lines of content go with it: a
    signature never stands alone on a page."""
    if not signers:
        return
    leading, single = size * 1.3, len(signers) == 1
    cols = _columns(sheet, signers, size, single_right=single_right)
    rows = max(len(c.title) + len(c.note) for c in cols)
    names = max(len(c.name) for c in cols)
    boxes_below = fingerprint and not single
    sheet.need((leading if dated else 0) + rows * leading + space + names * leading + size
               + (_BOX_H + leading * 2 if boxes_below else 0), keep=keep)
    if keep:
        sheet.keep_company(keep)
    if dated:
        sheet.y += leading
        x0 = cols[-1].x0 if single else sheet.left + sheet.width / 2
        sheet.text_aligned(dated, sheet.y, ITALIC, fit(dated, ITALIC, size, sheet.right - x0), "center", x0, sheet.right)
    top = sheet.y + size * 0.4
    _titles(sheet, cols, top, size)
    box_end = 0.0
    if fingerprint and single:
        box_end = _fingerprint_box(sheet, sheet.left, sheet.left + sheet.width / 2, top, size)
    name_y = top + rows * leading + space
    for c in cols:
        _lines(sheet, c.name, BOLD, size, c.x0, c.x1, name_y, leading)
    sheet.y = max(name_y + max(names - 1, 0) * leading + size * 0.5, box_end + size * 0.5)
    if boxes_below:
        top = sheet.y + leading * 0.5
        for c in cols:
            _fingerprint_box(sheet, c.x0, c.x1, top, size)
        sheet.y = top + _BOX_H + leading * 1.5


def _titles(sheet: Sheet, cols: list[_Column], top: float, size: float) -> None:
    """'NGƯỜI YÊU CẦU' (bold) over '(Ký, ghi rõ họ, chữ đệm, tên)' (italic), per column."""
    leading = size * 1.3
    for c in cols:
        y = _lines(sheet, c.title, BOLD, size, c.x0, c.x1, top + size, leading) + leading
        _lines(sheet, c.note, ITALIC, size * 0.92, c.x0, c.x1, y, leading)


_BOX_W, _BOX_H = 20 * mm, 22 * mm


def _fingerprint_box(sheet: Sheet, x0: float, x1: float, top: float, size: float) -> float:
    """A 20 x 22 mm box with its caption above it, centred in [x0, x1]; returns its bottom."""
    small, w, h = size * 0.8, _BOX_W, _BOX_H
    cap = wrap(FINGERPRINT, ITALIC, small, x1 - x0 - 2 * mm)
    y = top + small
    y = _lines(sheet, cap, ITALIC, small, x0, x1, y, small * 1.25)
    xc = (x0 + x1) / 2
    sheet.rect(xc - w / 2, y + small * 0.6, w, h, 0.5)
    return y + small * 0.6 + h
