"""Dossier codes: the typed or scanned code normalised, and the day's sequence number
allocated inside the caller's transaction (unique across counters sharing a database)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import DossierSequence
from kiosk.text import nfc


def normalise_code(code: str) -> str:
    """A typed code, or the text a scanner reads from the receipt's QR ("code|procedure|date")."""
    return re.sub(r"\s", "", nfc(code).split("|")[0]).upper()


def next_sequence(s: Session, unit_code: str, day: date) -> int:
    """Increment the day's counter inside the caller's transaction and return it.

    One statement (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) on SQLite and
    PostgreSQL, so two counters sharing a database never get the same number.
    """
    table = DossierSequence.__table__
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return _next_sequence_locking(s, unit_code, day)
    stmt = insert(table).values(unit_code=unit_code, day=day, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.unit_code, table.c.day],
                                      set_={"last": table.c.last + 1})
    return s.execute(stmt.returning(table.c.last)).scalar_one()


def _next_sequence_locking(s: Session, unit_code: str, day: date) -> int:
    row = s.scalars(select(DossierSequence).where(DossierSequence.unit_code == unit_code,
                                                  DossierSequence.day == day).with_for_update()).first()
    if row is None:
        row = DossierSequence(unit_code=unit_code, day=day, last=0)
        s.add(row)
    row.last += 1
    s.flush()
    return row.last


def next_sequence_above(s: Session, unit_code: str, day: date, watermark=None) -> int:
    """`next_sequence`, but never at or below the high-water mark kept beside the database
    (kiosk.db.watermark): after a restore of an older backup, numbering continues after the
    highest number ever issued. The mark is raised before the caller commits."""
    n = next_sequence(s, unit_code, day)
    if watermark is None:
        return n
    floor = watermark.floor(unit_code, day)
    if n <= floor:
        n = floor + 1
        s.execute(DossierSequence.__table__.update()
                  .where(DossierSequence.unit_code == unit_code, DossierSequence.day == day)
                  .values(last=n))
    watermark.raise_to(unit_code, day, n)
    return n


def _ascii_digits(text: str) -> str:
    """Any decimal digit (full-width ０-９ from a phone keyboard, Arabic-Indic...) as 0-9."""
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text)


def lookup_code(text: str, unit_code: str) -> str:
    """What a citizen types or scans to look up a dossier, as the stored code: with or without
    hyphens and spaces, with or without the unit prefix, or the receipt's QR text
    ("code|procedure|date"). "hb 20261127 1" and "20261127001" -> "HB-20261127-001"."""
    unit = re.sub(r"[^A-Z0-9]", "", nfc(unit_code).upper())
    compact = re.sub(r"[^A-Z0-9]", "", _ascii_digits(unicodedata.normalize("NFKC", text)).split("|")[0].upper())
    m = re.fullmatch(rf"({re.escape(unit)})?(\d{{8}})(\d+)", compact) if unit else None
    if m is None:
        m = re.fullmatch(r"([A-Z][A-Z0-9]*?)(\d{8})(\d+)", compact)
    if m is None:
        # keep the hyphens of a code that does not look like ours: the lookup says it is not found
        return normalise_code(text)
    prefix = m.group(1) or unit
    return f"{prefix}-{m.group(2)}-{int(m.group(3)):03d}"
