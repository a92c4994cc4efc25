"""Rotating log file in the data dir; ID and phone numbers are masked before writing."""
from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

_CCCD = re.compile(r"(?<!\d)(\d{3})\d{6}(\d{3})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(0\d{2})\d{4}(\d{3})(?!\d)")


def mask_personal(text: str) -> str:
    """'068095001234' -> '068******234', '0912345678' -> '091****678'."""
    return _PHONE.sub(r"\1****\2", _CCCD.sub(r"\1******\2", text))


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_personal(super().format(record))


class _OwnerOnlyHandler(logging.handlers.RotatingFileHandler):
    """Files it starts (also at rotation) are owner-only; a log it cannot write (a full disk)
    is said once on stderr in Vietnamese, without Python's "--- Logging error ---" traceback
    (which would print the unmasked arguments of the log call)."""
    _told = False

    def _open(self):
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        return os.fdopen(fd, self.mode if "a" in self.mode else "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        if not _OwnerOnlyHandler._told:
            _OwnerOnlyHandler._told = True
            try:
                sys.stderr.write(f"(Không ghi được nhật ký vào {self.baseFilename}: ổ đĩa đầy hoặc không ghi được.)\n")
            except Exception:
                pass


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / "kiosk.log"
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = _OwnerOnlyHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.handlers = [h for h in root.handlers if not isinstance(h, logging.handlers.RotatingFileHandler)]
    root.addHandler(handler)
    return path
