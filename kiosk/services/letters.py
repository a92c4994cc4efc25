"""Letters to citizens (thư chúc mừng, chia buồn, xin lỗi) from the catalog's
templates: filled from a dossier or by hand, recorded, printed through the queue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class LetterInfo:
    id: int
    kind: str
    title: str
    recipient: str
    paragraphs: list[str]
    salutation: str
    signer: str
    dossier_code: str | None
    created_at: datetime


class _Blank(dict):
    def __missing__(self, key):  # an unfilled placeholder prints as a dotted gap
        return "…………"


def _from_dossier(source: str, d: DossierInfo, catalog: Catalog) -> str:
    a = d.applicant
    proc = catalog.procedure(d.procedure_code)
    values = {
        "applicant.full_name": a.full_name if a else "", "applicant.address": (a.address or "") if a else "",
        "applicant.village": (a.village or "") if a else "", "dossier.code": d.code,
        "dossier.received_date": f"{d.received_at:%d/%m/%Y}", "dossier.due_date": f"{d.due_date:%d/%m/%Y}",
        "dossier.new_due_date": f"{d.new_due_date:%d/%m/%Y}" if d.new_due_date else "",
        "dossier.postpone_reason": d.postpone_reason or "",
        "procedure.name": proc.name if proc else d.procedure_code,
        "procedure.short_name": proc.short_name if proc else d.procedure_code,
    }
    return values[source]


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
        """Values the dossier knows (name, dates, procedure); the rest stays for the clerk."""
        t = self.template(template_id)
        d = self._dossiers.get(dossier_code)
        return {f.key: _from_dossier(f.source, d, self._catalog) for f in t.fields if f.source}

    def compose(self, template_id: str, values: dict[str, str]) -> tuple[str, list[str]]:
        t = self.template(template_id)
        vals = _Blank({k: nfc(v) for k, v in values.items() if nfc(v)})
        vals.setdefault("commune", self._settings.commune_in_text)
        vals.setdefault("issuing_unit", self._settings.issuing_unit)
        return t.salutation.format_map(vals), [p.format_map(vals) for p in t.body]

    def create(self, template_id: str, values: dict[str, str], clerk_id: int | None = None,
               dossier_code: str | None = None) -> LetterInfo:
        """Record the letter (commits) and return it; the recipient is required."""
        t = self.template(template_id)
        recipient = nfc(values.get("recipient", ""))
        if not recipient:
            raise ValidationError("recipient", "Hãy ghi người nhận thư.")
        salutation, paragraphs = self.compose(template_id, values)
        with self._sf.begin() as s:
            dossier_id = None
            if dossier_code:
                dossier_id = s.scalar(select(Dossier.id).where(Dossier.code == self._dossiers.get(dossier_code).code))
            row = Letter(kind=t.kind, recipient_name=recipient, body="\n\n".join([salutation, *paragraphs]),
                         dossier_id=dossier_id, clerk_id=clerk_id, created_at=self._now())
            s.add(row)
            s.flush()
            add_event(s, "letter", clerk_id, f"{t.id} #{row.id}")
            return LetterInfo(row.id, t.kind, t.title, recipient, paragraphs, salutation, t.signer, dossier_code,
                              row.created_at)

    def pdf(self, letter: LetterInfo) -> bytes:
        from kiosk.documents.letter import render_letter
        return render_letter(letter.title, letter.salutation, letter.paragraphs, letter.signer, self._settings,
                             letter.created_at.date())

    def print(self, letter: LetterInfo, clerk_id: int | None = None) -> JobInfo:
        return self._queue.submit("letter", f"{letter.title} {letter.recipient}", self.pdf(letter), clerk_id=clerk_id)
