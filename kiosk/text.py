"""Vietnamese text: NFC normalisation, accent folding for search, validators.

Glossary: CCCD = căn cước công dân (12-digit personal ID number).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from kiosk.errors import ValidationError


def nfc(text: str | None) -> str:
    """NFC form of `text` with surrounding white space removed ('' for None)."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, accent-free form used for search: 'Đăng ký' -> 'dang ky'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.lower()
    stripped = re.sub(r"[^0-9a-z]+", " ", stripped)
    return " ".join(stripped.split())


# --- validators: each returns the normalised value or raises ValidationError ---

_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


def validate_name(value: str, field: str = "full_name", label: str = "Họ, chữ đệm, tên") -> str:
    v = " ".join(nfc(value).split())
    if not v:
        raise ValidationError(field, f"{label}: chưa nhập.")
    if len(v) > 100:
        raise ValidationError(field, f"{label}: quá dài (tối đa 100 ký tự).")
    if not _NAME_RE.match(v):
        raise ValidationError(field, f"{label}: chỉ được gồm chữ cái và dấu cách, không có chữ số hay ký hiệu.")
    return v


def parse_date(value: str, field: str = "date", label: str = "Ngày") -> date:
    """Parse dd/mm/yyyy (also accepts '-' or '.' as separators)."""
    v = nfc(value)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", v)
    if not m:
        raise ValidationError(field, f"{label}: cần ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1958.")
    d, mth, y = (int(x) for x in m.groups())
    try:
        result = date(y, mth, d)
    except ValueError:
        raise ValidationError(field, f"{label}: ngày {v} không có trên lịch.") from None
    if y < 1900:
        raise ValidationError(field, f"{label}: năm {y} không hợp lệ.")
    return result


def validate_date(value: str, field: str = "date", label: str = "Ngày", *, past_only: bool = False,
                  today: date | None = None) -> str:
    d = parse_date(value, field, label)
    if past_only and d > (today or date.today()):
        raise ValidationError(field, f"{label}: không được là ngày trong tương lai.")
    return d.strftime("%d/%m/%Y")


def validate_phone(value: str, field: str = "phone", label: str = "Số điện thoại") -> str:
    v = re.sub(r"[\s.\-()]", "", nfc(value))
    if v.startswith("+84"):
        v = "0" + v[3:]
    elif v.startswith("84") and len(v) == 11:
        v = "0" + v[2:]
    if not re.fullmatch(r"0\d{9}", v):
        raise ValidationError(field, f"{label}: cần 10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678).")
    if v[1] not in "35789" and not v.startswith("02"):
        raise ValidationError(field, f"{label}: đầu số {v[:3]} không phải số di động hay cố định của Việt Nam.")
    return v


def validate_cccd(value: str, field: str = "cccd", label: str = "Số CCCD") -> str:
    v = re.sub(r"\s", "", nfc(value))
    if not v.isdigit() or len(v) != 12:
        raise ValidationError(field, f"{label}: cần đúng 12 chữ số.")
    return v


def now_local() -> datetime:
    return datetime.now()
