"""High-water mark of the sequence numbers ever issued (dossier codes, register numbers).

A file beside the database (`dossier-codes.json` in the data dir) keeps, for each
counter key and day, the highest number ever handed out. Restoring an older backup
rolls the database's `dossier_sequence` back, but not this file: the next receipt
continues after the highest code already printed on a receipt, so a code is never
issued twice (a receipt's QR never opens another citizen's dossier).

The file is read and raised inside the caller's database transaction (which holds
SQLite's write lock, so two processes on one PC never race on it), written to a
temporary name and renamed: a crash leaves the old or the new file, never half of one.
At receive it is not fsynced (that would double the cost of a receipt): the database
itself is durable, and `db restore` raises the mark from the database durably before
replacing it. A file left empty by a power cut is read as "no mark" (logged): the
database still holds the numbers. It holds no personal data.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "dossier-codes.json"


def _key(unit_code: str, day: date) -> str:
    return f"{unit_code}|{day.isoformat()}"


class CodeWatermark:
    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): int(v) for k, v in data.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError) as e:
            # e.g. emptied by a power cut: the database still holds the numbers it issued
            log.warning("code watermark %s unreadable, ignored: %s", self.path, e)
            return {}

    def floor(self, unit_code: str, day: date) -> int:
        """The highest number ever issued for this key and day (0 if none)."""
        return self.read().get(_key(unit_code, day), 0)

    def raise_to(self, unit_code: str, day: date, number: int) -> None:
        self.merge({_key(unit_code, day): number}, durable=False)

    def merge(self, marks: dict[str, int], durable: bool = True) -> None:
        """Raise every given key to at least the given number (fsynced when `durable`)."""
        data = self.read()
        changed = False
        for k, v in marks.items():
            if v > data.get(k, 0):
                data[k] = int(v)
                changed = True
        if not changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, sort_keys=True)
                f.flush()
                if durable:
                    os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise


def marks_of_rows(rows) -> dict[str, int]:
    """{key: last} from (unit_code, day, last) rows of dossier_sequence."""
    out: dict[str, int] = {}
    for unit, day, last in rows:
        if isinstance(day, str):
            day = date.fromisoformat(day[:10])
        out[_key(unit, day)] = max(out.get(_key(unit, day), 0), int(last))
    return out
