"""What the counter checks about a procedure before receiving a dossier of it: that the
commune's one-stop counter receives it at all (the national list names another office,
e.g. Công an xã, for some), and its time limit in working days (about a hundred official
entries publish the time only in words: the clerk types the number read from the text)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kiosk.errors import ValidationError
from kiosk.text import nfc

if TYPE_CHECKING:  # the catalog package is imported on first use (kiosk/catalog/__init__.py)
    from kiosk.catalog import Catalog, Procedure

MAX_DAYS = 250  # as kiosk.catalog.schema.Channel.days


def check_received_here(proc: Procedure, catalog: Catalog) -> None:
    """Raise ValidationError, saying where the citizen should go, when another office
    receives `proc` (its `office`, set by the national list's import)."""
    if not proc.elsewhere:
        return
    referral = next((r for r in catalog.referrals.values() if proc.code in r.national_codes), None)
    where = f" Nơi nộp: {referral.where.strip()}" if referral else ""
    raise ValidationError("procedure", f"Thủ tục “{proc.name}” ({proc.code}) do {proc.office} tiếp nhận và giải "
                                       "quyết; Bộ phận Một cửa của Ủy ban nhân dân xã không nhận hồ sơ này. "
                                       f"Hướng dẫn người dân đến {proc.office}.{where}")


def receipt_days(proc: Procedure, typed: int | str | None) -> int:
    """The time limit of a dossier received now: the catalog's number, else the one the
    clerk `typed` (0 to 250 working days). Raises ValidationError (field processing_days)."""
    days = _as_days(typed)
    if proc.processing_days is not None:
        if days is not None and days != proc.processing_days:
            raise ValidationError("processing_days", f"Thủ tục này có thời hạn {proc.time_label} "
                                                     "trong danh mục; không nhập số ngày khác.")
        return proc.processing_days
    if days is None:
        raise ValidationError("processing_days", "Danh mục chưa ghi thời hạn giải quyết bằng số ngày "
                                                 f"(“{proc.processing_time_text[:160].rstrip('. ')}”). Hãy nhập số ngày làm việc "
                                                 "theo văn bản quy định để tính ngày hẹn trả.")
    stated = _stated_range(proc.processing_time_text)
    if stated and not stated[0] <= days <= stated[1]:  # a typo would print as the legal time limit
        raise ValidationError("processing_days", f"Danh mục ghi thời hạn từ {stated[0]} đến {stated[1]} ngày "
                                                 f"(“{proc.processing_time_text[:160].rstrip('. ')}”); số ngày nhập "
                                                 f"({days}) phải nằm trong khoảng đó.")
    return days


def _stated_range(text: str) -> tuple[int, int] | None:
    """The widest 'từ A đến B ngày' range the catalog's wording states, if any."""
    ranges = [(int(a), int(b)) for a, b in re.findall(r"từ\s+([0-9]{1,3})\s+(?:ngày\s+)?đến\s+([0-9]{1,3})\s+ngày",
                                                      nfc(text or ""), flags=re.IGNORECASE) if int(a) <= int(b)]
    return (min(a for a, _ in ranges), max(b for _, b in ranges)) if ranges else None


def _as_days(typed: int | str | None) -> int | None:
    if typed is None or (isinstance(typed, str) and not typed.strip()):
        return None
    if isinstance(typed, str) and re.fullmatch(r"[0-9]{1,4}", typed.strip()):  # ASCII: '²'.isdigit() too
        typed = int(typed.strip())
    if not isinstance(typed, int) or isinstance(typed, bool) or not 0 <= typed <= MAX_DAYS:
        raise ValidationError("processing_days", f"Số ngày làm việc phải là số nguyên từ 0 đến {MAX_DAYS} "
                                                 f"(nhận được “{str(typed)[:20]}”).")
    return typed
