"""The QR code on the back of a chip CCCD card, as a 2D scanner types it.

The text is `ID|old ID|full name|ddmmyyyy birth|sex|address|ddmmyyyy issue date`
(reference/procedures.md, addendum). The old 9-digit ID may be empty or, with some
scanners or card versions, missing altogether; extra trailing fields are ignored.
The field order still needs confirming against a real scan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.errors import ValidationError
from kiosk.text import nfc, validate_cccd, validate_date, validate_name, validate_sex, validate_text

FIELD = "cccd_qr"
_PREFIX = "Mã QR trên thẻ căn cước"


@dataclass(frozen=True)
class CccdScan:
    """What the card says; nothing is stored until the citizen confirms it."""
    cccd: str
    old_id: str
    full_name: str
    date_of_birth: str  # dd/mm/yyyy
    sex: str  # Nam | Nữ
    address: str
    issue_date: str  # dd/mm/yyyy, '' when the card's QR has none

    @property
    def name(self) -> str:
        return self.full_name

    def as_applicant(self) -> dict[str, str]:
        """The keys of an applicant (DESIGN.md §4): full_name, date_of_birth, sex, cccd, address."""
        return {"full_name": self.full_name, "date_of_birth": self.date_of_birth, "sex": self.sex,
                "cccd": self.cccd, "address": self.address}


def _fail(reason: str) -> ValidationError:
    return ValidationError(FIELD, f"{_PREFIX}: {reason} Hãy quét lại hoặc nhập tay.")


def _split(text: str) -> list[str]:
    parts = [p.strip() for p in nfc(text).split("|")]
    if len(parts) == 6:  # the old ID field left out entirely
        parts.insert(1, "")
    if len(parts) < 7:
        raise _fail("không đủ thông tin (cần 7 mục ngăn cách bởi dấu “|”).")
    return parts[:7]


def _date(raw: str, label: str, today: date, past_only: bool) -> str:
    if not re.fullmatch(r"[0-9]{8}", raw):
        raise _fail(f"{label} phải gồm 8 chữ số ngàythángnăm, nhận được “{raw[:20]}”.")
    try:
        return validate_date(f"{raw[:2]}/{raw[2:4]}/{raw[4:]}", FIELD, label, past_only=past_only, today=today)
    except ValidationError as e:
        raise _fail(e.message) from None


def parse_cccd_qr(text: str, today: date | None = None) -> CccdScan:
    """Parse scanner text; raises ValidationError (Vietnamese) when it is not a CCCD QR."""
    today = today or date.today()
    cccd, old_id, name, dob_raw, sex_raw, address, issue_raw = _split(text or "")
    if old_id and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", old_id):
        raise _fail("số CMND cũ phải có 9 hoặc 12 chữ số.")
    try:
        dob = _date(dob_raw, "Ngày sinh", today, past_only=True)
        sex = validate_sex(sex_raw, FIELD)
        number = validate_cccd(cccd, FIELD, "Số CCCD", date_of_birth=date(int(dob[6:]), int(dob[3:5]), int(dob[:2])),
                               sex=sex, today=today)
        full_name = validate_name(name, FIELD, "Họ, chữ đệm, tên")
        address = validate_text(address, FIELD, "Nơi thường trú")
    except ValidationError as e:
        raise e if e.message.startswith(_PREFIX) else _fail(e.message) from None
    issue = _date(issue_raw, "Ngày cấp", today, past_only=True) if issue_raw else ""
    return CccdScan(number, old_id, full_name, dob, sex, address, issue)
