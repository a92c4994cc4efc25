"""Vietnamese number and date words, as written on civil-status papers.

'02/09/2026' -> 'ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu'.
"""
from __future__ import annotations

import re
from datetime import date

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _tens(n: int, inside: bool) -> str:
    """Words for 0 < n < 100; `inside` means hundreds were written before (adds 'linh')."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return ("linh " if inside else "") + DIGITS[unit]
    head = "mười" if tens == 1 else DIGITS[tens] + " mươi"
    if unit == 0:
        return head
    if unit == 5:
        tail = "lăm"
    elif unit == 1 and tens > 1:
        tail = "mốt"
    elif unit == 4 and tens > 1:
        tail = "tư"
    else:
        tail = DIGITS[unit]
    return f"{head} {tail}"


def _hundreds(n: int, full: bool) -> str:
    """Words for 0 < n < 1000; `full` writes 'không trăm' (after a higher group)."""
    h, rest = divmod(n, 100)
    parts = []
    if h or full:
        parts.append(f"{DIGITS[h]} trăm")
    if rest:
        parts.append(_tens(rest, inside=bool(parts)))
    return " ".join(parts)


def number_words(n: int) -> str:
    """0 <= n < 10**12 in words: 2026 -> 'hai nghìn không trăm hai mươi sáu'."""
    if not 0 <= n < 10**12:
        raise ValueError(n)
    if n == 0:
        return DIGITS[0]
    groups = [(n // 10**9, "tỷ"), (n // 10**6 % 1000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")]
    words: list[str] = []
    for value, unit in groups:
        if value:
            words.append(_hundreds(value, full=bool(words)))
            if unit:
                words.append(unit)
    return " ".join(words)


def month_words(m: int) -> str:
    return "tư" if m == 4 else number_words(m)


def date_words(d: date) -> str:
    return f"ngày {number_words(d.day)} tháng {month_words(d.month)} năm {number_words(d.year)}"


_DATE_RE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*")


def parse_dmy(value: str) -> date | None:
    """dd/mm/yyyy (also '-' or '.') -> date; None when it is not a real date."""
    m = _DATE_RE.fullmatch(value or "")
    if not m:
        return None
    d, mth, y = (int(x) for x in m.groups())
    try:
        return date(y, mth, d)
    except ValueError:
        return None


def date_value_words(value: str) -> str | None:
    """Words for a dd/mm/yyyy string, or None when it does not parse."""
    d = parse_dmy(value)
    return date_words(d) if d else None
