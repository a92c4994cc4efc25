"""Letters to citizens (thư chúc mừng, chia buồn, xin lỗi) from the catalog's
templates: filled from a dossier or by hand, recorded, printed through the queue.

A letter speaks for the unit in its heading (the configured issuing unit) and is signed
by the configured signer (`signer_authority`, `signer_title`, `signer_name`). It is never
printed with a gap: a missing field or signer refuses it with a message naming what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog import Catalog
from kiosk.catalog.schema import LetterTemplate
from kiosk.config import Settings
from kiosk.db.models import Dossier, Letter
from kiosk.errors import NotFoundError, ValidationError
from kiosk.printing import JobInfo, PrintQueue
from kiosk.services.audit import add_event
from kiosk.services.dossiers import DossierInfo, DossierService
from kiosk.text import nfc

GAP = "…"  # shown in the on-screen preview where a field is still empty; never printed


@dataclass(frozen=True)
class LetterInfo:
    id: int
    kind: str
    title: str
    recipient: str
    paragraphs: list[str]
    salutation: str
    signer: str  # authority and title, one per line
    dossier_code: str | None
    created_at: datetime
    signer_name: str = ""


def honorific(sex: str | None, date_of_birth: str | None, today: date) -> str:
    """How a letter addresses a person: "Ông" (man) or "Bà" (woman), "Em" under 18;
    "" when the sex is unknown (the clerk then writes it)."""
    s = nfc(sex or "").strip().casefold()
    kind = "Ông" if s in ("nam", "ông", "male", "m") else "Bà" if s in ("nữ", "bà", "female", "f") else ""
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", date_of_birth or "")
    if kind and m:
        try:
            born = date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return kind
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < 18:
            return "Em"
    return kind


def _formal(name: str) -> str:
    """'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân' -> 'cấp Giấy xác nhận tình trạng hôn nhân'
    (inside a sentence; no colloquial short name such as '(giấy độc thân)')."""
    name = re.sub(r"^\s*thủ tục\s+", "", nfc(name), flags=re.IGNORECASE).strip()
    return name[:1].lower() + name[1:]


def _from_dossier(source: str, d: DossierInfo, catalog: Catalog, today: date) -> str:
    a = d.applicant
    proc = catalog.procedure(d.procedure_code)
    values = {
        "applicant.full_name": a.full_name if a else "",
        "applicant.honorific": honorific(a.sex, a.date_of_birth, today) if a else "",
        "applicant.address": (a.address or "") if a else "",
        "applicant.village": (a.village or "") if a else "", "dossier.code": d.code,
        "dossier.received_date": f"{d.received_at:%d/%m/%Y}", "dossier.due_date": f"{d.due_date:%d/%m/%Y}",
        "dossier.new_due_date": f"{d.new_due_date:%d/%m/%Y}" if d.new_due_date else "",
        "dossier.postpone_reason": d.postpone_reason or "",
        "procedure.name": _formal(proc.name) if proc else d.procedure_code,
        "procedure.short_name": re.sub(r"\s*\([^)]*\)", "", proc.short_name) if proc else d.procedure_code,
    }
    return values[source]


class _Values(dict):
    """Placeholder values; a missing one is noted and shown as a gap on screen."""
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.missing: list[str] = []

    def __missing__(self, key):
        if key not in self.missing:
            self.missing.append(key)
        return GAP


class LetterService:
    def __init__(self, session_factory: sessionmaker[Session], catalog: Catalog, settings: Settings,
                 dossiers: DossierService, queue: PrintQueue, clock: Callable[[], datetime] = datetime.now):
        self._sf, self._catalog, self._settings = session_factory, catalog, settings
        self._dossiers, self._queue, self._now = dossiers, queue, clock

    def templates(self, procedure_code: str | None = None) -> list[LetterTemplate]:
        """All letter templates, or those offered for a dossier of `procedure_code`."""
        return [t for t in self._catalog.letters.values()
                if procedure_code is None or not t.procedures or procedure_code in t.procedures]

    def template(self, template_id: str) -> LetterTemplate:
        t = self._catalog.letters.get(template_id)
        if t is None:
            raise NotFoundError(f"Không có mẫu thư “{template_id}”.")
        return t

    def fill_from_dossier(self, template_id: str, dossier_code: str) -> dict[str, str]:
        """Values the dossier knows (name, how to address the person, dates, procedure);
        the rest stays for the clerk."""
        t = self.template(template_id)
        d = self._dossiers.get(dossier_code)
        today = self._now().date()
        return {f.key: _from_dossier(f.source, d, self._catalog, today) for f in t.fields if f.source}

    def _values(self, values: dict[str, str]) -> _Values:
        vals = _Values({k: " ".join(nfc(v).split()) for k, v in values.items() if nfc(v).strip()})
        vals.setdefault("commune", self._settings.commune_in_text)
        vals.setdefault("issuing_unit", self._settings.issuing_unit)
        h = vals.get("honorific", "")
        if h:
            vals["honorific"] = h[:1].upper() + h[1:].lower()
            vals["honorific_lower"] = h.lower()
            spouse = {"ông": "Bà", "bà": "Ông"}.get(h.lower())
            if spouse:
                vals["spouse_honorific"], vals["spouse_honorific_lower"] = spouse, spouse.lower()
        return vals

    def compose(self, template_id: str, values: dict[str, str]) -> tuple[str, list[str]]:
        """The salutation and paragraphs, with "…" where a field is still empty (on-screen preview)."""
        t = self.template(template_id)
        vals = self._values(values)
        return t.salutation.format_map(vals), [p.format_map(vals) for p in t.body]

    def missing(self, template_id: str, values: dict[str, str]) -> list[str]:
        """Labels of the fields the letter still needs, in the template's order."""
        t = self.template(template_id)
        vals = self._values(values)
        for text in [t.salutation, *t.body]:
            text.format_map(vals)
        labels = {f.key: f.label for f in t.fields}
        derived = {"honorific_lower": "honorific", "spouse_honorific": "honorific", "spouse_honorific_lower": "honorific"}
        keys = []
        for k in vals.missing:
            k = derived.get(k, k)
            if k not in keys:
                keys.append(k)
        order = [f.key for f in t.fields]
        return [labels.get(k, k) for k in sorted(keys, key=lambda k: order.index(k) if k in order else 99)]

    def _check(self, template_id: str, values: dict[str, str]) -> None:
        gaps = self.missing(template_id, values)
        if gaps:
            t = self.template(template_id)
            first = next((f.key for f in t.fields if f.label == gaps[0]), "letter")
            raise ValidationError(first, "Thư chưa in được vì còn thiếu: " + "; ".join(f"“{g}”" for g in gaps) + ".")
        for key, what in (("signer_title", "chức vụ"), ("signer_name", "họ tên")):
            if not getattr(self._settings, key).strip():
                raise ValidationError(key, f"Thư chưa in được: chưa ghi {what} người ký ({key}) trong config.toml.")

    def _signer(self) -> tuple[str, str]:
        s = self._settings
        lines = [x for x in (s.signer_authority.strip().upper(), s.signer_title.strip().upper()) if x]
        return "\n".join(lines), s.signer_name.strip()

    def draft(self, template_id: str, values: dict[str, str]) -> LetterInfo:
        """The letter as it would print, not recorded (print preview). Refuses gaps like `create`."""
        self._check(template_id, values)
        t = self.template(template_id)
        salutation, paragraphs = self.compose(template_id, values)
        signer, name = self._signer()
        return LetterInfo(0, t.kind, t.title, nfc(values.get("recipient", "")), paragraphs, salutation, signer, None,
                          self._now(), name)

    def create(self, template_id: str, values: dict[str, str], clerk_id: int | None = None,
               dossier_code: str | None = None) -> LetterInfo:
        """Record the letter (commits) and return it. Raises ValidationError naming every
        field still empty (nothing is recorded then)."""
        t = self.template(template_id)
        recipient = nfc(values.get("recipient", "")).strip()
        if not recipient:
            raise ValidationError("recipient", "Hãy ghi người nhận thư.")
        self._check(template_id, values)
        salutation, paragraphs = self.compose(template_id, values)
        signer, name = self._signer()
        with self._sf.begin() as s:
            dossier_id = None
            if dossier_code:
                dossier_id = s.scalar(select(Dossier.id).where(Dossier.code == self._dossiers.get(dossier_code).code))
            row = Letter(kind=t.kind, recipient_name=recipient, body="\n\n".join([salutation, *paragraphs]),
                         dossier_id=dossier_id, clerk_id=clerk_id, created_at=self._now())
            s.add(row)
            s.flush()
            add_event(s, "letter", clerk_id, f"{t.id} #{row.id}")
            return LetterInfo(row.id, t.kind, t.title, recipient, paragraphs, salutation, signer, dossier_code,
                              row.created_at, name)

    def pdf(self, letter: LetterInfo) -> bytes:
        from kiosk.documents.letter import render_letter
        return render_letter(letter.title, letter.salutation, letter.paragraphs, letter.signer, self._settings,
                             letter.created_at.date(), signer_name=letter.signer_name)

    def print(self, letter: LetterInfo, clerk_id: int | None = None) -> JobInfo:
        return self._queue.submit("letter", f"{letter.title} {letter.recipient}", self.pdf(letter), clerk_id=clerk_id)
