"""Vietnamese text: NFC normalisation, accent folding for search, validators.

Glossary: CCCD = căn cước công dân (12-digit personal ID number).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from kiosk.cccd_provinces import PROVINCE_CODES
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
# Digits are ASCII only: `\d` would also accept Arabic-Indic or full-width digits.

_NAME_PUNCT = " '-"
_CONTROL = ("Cc", "Cf", "Cs", "Co", "Cn")


def required(value: str, field: str, label: str) -> str:
    """NFC value; raises when empty."""
    v = nfc(value)
    if not v:
        raise ValidationError(field, f"{label}: chưa nhập.")
    return v


def validate_name(value: str, field: str = "full_name", label: str = "Họ, chữ đệm, tên") -> str:
    """A person's name: letters (any accent), single spaces, apostrophe or hyphen between letters."""
    v = " ".join(required(value, field, label).split())
    if len(v) > 100:
        raise ValidationError(field, f"{label}: quá dài (tối đa 100 ký tự).")
    letters_only = all(unicodedata.category(ch).startswith("L") or ch in _NAME_PUNCT for ch in v)
    if not letters_only or v[0] in _NAME_PUNCT or v[-1] in _NAME_PUNCT or re.search(r"[ '\-]{2}", v):
        raise ValidationError(field, f"{label}: chỉ được gồm chữ cái và dấu cách, không có chữ số hay ký hiệu.")
    return v


def validate_text(value: str, field: str = "text", label: str = "Nội dung", *, max_len: int = 300,
                  multiline: bool = False) -> str:
    """Free text: NFC, no control characters; single-line text gets its spaces collapsed."""
    v = nfc(value)
    if multiline:
        v = "\n".join(" ".join(line.split()) for line in v.replace("\r\n", "\n").split("\n"))
    else:
        v = " ".join(v.split())
    if len(v) > max_len:
        raise ValidationError(field, f"{label}: quá dài (tối đa {max_len} ký tự).")
    if any(unicodedata.category(ch) in _CONTROL and ch != "\n" for ch in v):
        raise ValidationError(field, f"{label}: có ký tự điều khiển hoặc ký tự không in được.")
    from kiosk.documents.fonts import BOLD, has_glyph  # lazy: the paper's font, loaded on first use
    if any(ch != "\n" and not has_glyph(ch, BOLD) for ch in set(v)):  # an emoji would print as a blank
        raise ValidationError(field, f"{label}: có biểu tượng (emoji) hoặc ký hiệu không in được trên giấy; "
                                     "hãy xóa ký hiệu đó.")
    return v


def parse_date(value: str, field: str = "date", label: str = "Ngày", *, today: date | None = None) -> date:
    """Parse dd/mm/yyyy (also '-' or '.' as separators), or the digits alone as a clerk types
    them fast: ddmmyyyy, or ddmmyy where yy is the latest year not after `today`'s (so
    "151126" is 15/11/2026 and "050358" is 05/03/1958)."""
    v = nfc(value)
    m = (re.fullmatch(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})", v)
         or re.fullmatch(r"([0-9]{2})([0-9]{2})([0-9]{4}|[0-9]{2})", v))
    if not m:
        raise ValidationError(field, f"{label}: cần ghi theo dạng ngày/tháng/năm, ví dụ 05/03/1958 (hoặc gõ liền 050358).")
    d, mth, y = (int(x) for x in m.groups())
    if len(m.group(3)) == 2:
        this_year = (today or date.today()).year
        y += this_year // 100 * 100
        if y > this_year:
            y -= 100
    try:
        result = date(y, mth, d)
    except ValueError:
        raise ValidationError(field, f"{label}: ngày {v} không có trên lịch.") from None
    if y < 1900:
        raise ValidationError(field, f"{label}: năm {y} không hợp lệ.")
    return result


def validate_date(value: str, field: str = "date", label: str = "Ngày", *, past_only: bool = False,
                  today: date | None = None) -> str:
    """A date as dd/mm/yyyy; `past_only` (births, deaths) refuses dates after `today`."""
    d = parse_date(value, field, label, today=today)
    if past_only and d > (today or date.today()):
        raise ValidationError(field, f"{label}: không được là ngày trong tương lai.")
    return d.strftime("%d/%m/%Y")


def validate_phone(value: str, field: str = "phone", label: str = "Số điện thoại") -> str:
    """Mobile 0[35789]xxxxxxxx (10 digits) or landline 02xxxxxxxxx (11 digits); +84/84 become 0."""
    v = re.sub(r"[\s.\-()]", "", nfc(value))
    if v.startswith("+84"):
        v = "0" + v[3:]
    elif v.startswith("84") and len(v) in (11, 12):
        v = "0" + v[2:]
    if not re.fullmatch(r"0[0-9]{9,10}", v):
        raise ValidationError(field, f"{label}: cần 10 chữ số, bắt đầu bằng số 0 (ví dụ 0912345678); "
                                     "số máy bàn có 11 chữ số, bắt đầu bằng 02.")
    if v.startswith("02"):
        if len(v) != 11:
            raise ValidationError(field, f"{label}: số máy bàn phải có 11 chữ số (mã vùng 02x và số máy).")
    elif v[1] not in "35789" or len(v) != 10:
        raise ValidationError(field, f"{label}: đầu số {v[:3]} không phải số di động hay cố định của Việt Nam.")
    return v


def validate_sex(value: str, field: str = "sex", label: str = "Giới tính") -> str:
    """'Nam' or 'Nữ' (also accepts 'nu', 'NỮ', NFD input)."""
    key = fold(nfc(value))
    if key == "nam":
        return "Nam"
    if key == "nu":
        return "Nữ"
    raise ValidationError(field, f"{label}: chỉ ghi “Nam” hoặc “Nữ”.")


def validate_cccd(value: str, field: str = "cccd", label: str = "Số CCCD", *, date_of_birth: date | None = None,
                  sex: str | None = None, today: date | None = None) -> str:
    """12-digit personal ID number (số định danh cá nhân): province code, century/sex digit,
    two digits of the birth year, six random digits (Thông tư 59/2021/TT-BCA).

    With `date_of_birth` the century digit and year digits must match it; with `sex`
    ('Nam'/'Nữ') the parity of the century digit must match it (even = male).
    """
    v = re.sub(r"\s", "", nfc(value))
    if not re.fullmatch(r"[0-9]{12}", v):
        raise ValidationError(field, f"{label}: cần đúng 12 chữ số.")
    if v[:3] not in PROVINCE_CODES:
        raise ValidationError(field, f"{label}: 3 chữ số đầu ({v[:3]}) không phải mã tỉnh, thành phố "
                                     "nơi đăng ký khai sinh.")
    digit, yy = int(v[3]), int(v[4:6])
    first_year = 1900 + 100 * (digit // 2)
    if date_of_birth is not None:
        _check_birth_year(v, date_of_birth.year, field, label)
    elif first_year + yy > (today or date.today()).year:
        raise ValidationError(field, f"{label}: chữ số thứ 4 và thứ 5–6 ({v[3:6]}) cho năm sinh "
                                     f"{first_year + yy}, chưa tới; hãy kiểm tra lại số.")
    if sex is not None:
        female = digit % 2 == 1
        if validate_sex(sex) != ("Nữ" if female else "Nam"):
            raise ValidationError(field, f"{label}: chữ số thứ 4 ({digit}) là của người "
                                         f"{'nữ' if female else 'nam'}, không khớp giới tính đã ghi.")
    return v


def _check_birth_year(v: str, year: int, field: str, label: str) -> None:
    digit, yy = int(v[3]), int(v[4:6])
    century_digit = 2 * ((year - 1900) // 100)
    if digit not in (century_digit, century_digit + 1):
        raise ValidationError(field, f"{label}: chữ số thứ 4 ({digit}) không khớp năm sinh {year} "
                                     f"(người sinh năm {year} có chữ số thứ 4 là {century_digit} nếu là nam, "
                                     f"{century_digit + 1} nếu là nữ).")
    if yy != year % 100:
        raise ValidationError(field, f"{label}: chữ số thứ 5–6 ({v[4:6]}) phải là hai số cuối của "
                                     f"năm sinh ({year % 100:02d}).")


def now_local() -> datetime:
    return datetime.now()
