"""What the command line reads and writes: JSON input files (size-limited, UTF-8, Vietnamese
errors), "--at" times, and owner-only output files written under a temporary name."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.files import write_durably


def parse_at(value: str | None, now: datetime | None = None) -> datetime | None:
    """--at "dd/mm/yyyy HH:MM": when the event really happened; never in the future."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2})[:hg](\d{2})\s*", value)
    try:
        at = datetime(int(m[3]), int(m[2]), int(m[1]), int(m[4]), int(m[5])) if m else None
    except ValueError:
        at = None
    if at is None:
        raise KioskError(f"--at “{value}” không hợp lệ: ghi ngày giờ dạng dd/mm/yyyy HH:MM, ví dụ “27/11/2026 09:15”.")
    if at > (now or datetime.now()) + timedelta(minutes=5):
        raise KioskError(f"--at {at:%d/%m/%Y %H:%M} là thời điểm chưa tới; chỉ nhập bù việc đã xảy ra.")
    return at


def write_private(dest: Path, data: bytes) -> None:
    """A file that may name citizens (a receipt, Mẫu 07, a report): owner-only from the first byte,
    under a hidden temporary name until complete; a full disk leaves nothing behind."""
    import errno
    if dest.exists() and not dest.is_file():  # /dev/stdout, a pipe: written as it is
        try:
            with open(dest, "wb") as f:
                f.write(data)
            return
        except OSError as e:
            raise KioskError(f"Không ghi được tệp {dest}: {e.strerror}.") from None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        write_durably(dest, data)
    except OSError as e:
        if e.errno == errno.ENOSPC:
            raise KioskError(f"Ổ đĩa đã đầy, chưa ghi được tệp {dest}; không có tệp dở dang nào được để lại.") from None
        raise KioskError(f"Không ghi được tệp {dest}: {e.strerror}.") from None


MAX_JSON_BYTES = 1_000_000


def read_json_list(path: Path) -> list:
    """A JSON array from a UTF-8 file (the papers handed in); KioskError (Vietnamese) otherwise."""
    data = _read_json(path)
    if not isinstance(data, list):
        raise KioskError(f"Tệp {path} phải chứa một danh sách JSON dạng "
                         "[{\"name\": \"...\", \"originals\": 1, \"copies\": 0}, ...].")
    return data


def read_json_object(path: Path) -> dict:
    """A JSON object from a UTF-8 file; KioskError (Vietnamese) for anything else."""
    data = _read_json(path)
    if not isinstance(data, dict):
        raise KioskError(f"Tệp {path} phải chứa một đối tượng JSON dạng {{\"full_name\": \"...\", ...}}.")
    return data


def _read_json(path: Path):
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise KioskError(f"Tệp {path} quá lớn (tối đa {MAX_JSON_BYTES // 1000} KB).")
        raw = path.read_bytes()
    except OSError as e:
        raise KioskError(f"Không đọc được tệp {path}: {e.strerror or e}.") from None
    try:
        text = raw.decode("utf-8-sig")  # Notepad may add a byte-order mark
    except UnicodeDecodeError:
        raise KioskError(f"Tệp {path} không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise KioskError(f"Tệp {path} không phải JSON hợp lệ (lỗi ở dòng {e.lineno}, cột {e.colno}).") from None
    except RecursionError:
        raise KioskError(f"Tệp {path} lồng quá nhiều tầng, không đọc được.") from None
    return data
