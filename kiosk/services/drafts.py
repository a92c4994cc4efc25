"""Half-filled forms (bản nháp) a clerk is typing for a citizen.

Every save commits at once (SQLite synchronous=FULL), so a crash or power cut loses
nothing typed before the last save. Values are kept as typed (NFC), not validated:
validation happens when the dossier is received, which turns the draft into the
dossier's FilledForm (DossierService.receive_dossier(..., draft_ids=[...])).
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog import Catalog
from kiosk.db.models import Clerk, FilledForm
from kiosk.errors import NotFoundError, ValidationError
from kiosk.text import nfc

MAX_VALUE_LENGTH = 5000


@dataclass(frozen=True)
class DraftInfo:
    id: int
    clerk_id: int | None
    procedure_code: str
    form_id: str
    values: dict[str, str]
    created_at: datetime
    updated_at: datetime


def _info(row: FilledForm) -> DraftInfo:
    return DraftInfo(row.id, row.clerk_id, row.procedure_code, row.form_id, json.loads(row.values_json or "{}"),
                     row.created_at, row.updated_at)


def _clean_values(values: Mapping[str, Any]) -> dict[str, str]:
    """Keys and values as NFC strings, spaces kept as typed; empty values dropped."""
    if not isinstance(values, Mapping):
        raise ValidationError("values", "Giá trị bản nháp phải là một nhóm ô: giá trị.")
    clean = {}
    for key, value in values.items():
        if value is None:
            continue
        text = unicodedata.normalize("NFC", str(value))
        if len(text) > MAX_VALUE_LENGTH:
            raise ValidationError(str(key), f"Ô “{key}”: quá dài (tối đa {MAX_VALUE_LENGTH} ký tự).")
        if text.strip():
            clean[nfc(str(key))] = text
    return clean


class DraftService:
    def __init__(self, session_factory: sessionmaker[Session], catalog: Catalog,
                 clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._catalog = catalog
        self._now = clock

    def save_draft(self, clerk_id: int | None, procedure_code: str, form_id: str, values: Mapping[str, Any],
                   draft_id: int | None = None) -> int:
        """Create (no `draft_id`) or overwrite a draft; commits; returns its id.
        Raises NotFoundError for an unknown procedure/form or a draft already used or discarded."""
        self._check_form(procedure_code, form_id)
        clean = json.dumps(_clean_values(values), ensure_ascii=False)
        now = self._now()
        with self._sf.begin() as s:
            if clerk_id is not None and s.get(Clerk, clerk_id) is None:
                raise NotFoundError(f"Không tìm thấy tài khoản cán bộ số {clerk_id}.")
            row = self._open(s, draft_id) if draft_id is not None else None
            if row is None:
                row = FilledForm(is_draft=True, created_at=now)
                s.add(row)
            row.clerk_id, row.procedure_code, row.form_id = clerk_id, procedure_code, form_id
            row.values_json, row.updated_at = clean, now
            s.flush()
            return row.id

    def load_draft(self, draft_id: int) -> DraftInfo:
        with self._sf() as s:
            return _info(self._open(s, draft_id))

    def open_drafts(self, clerk_id: int | None) -> list[DraftInfo]:
        """The clerk's unfinished drafts, most recently saved first."""
        with self._sf() as s:
            owner = FilledForm.clerk_id.is_(None) if clerk_id is None else FilledForm.clerk_id == clerk_id
            rows = s.scalars(select(FilledForm).where(FilledForm.is_draft.is_(True), FilledForm.dossier_id.is_(None),
                                                      owner).order_by(FilledForm.updated_at.desc(),
                                                                      FilledForm.id.desc()))
            return [_info(r) for r in rows]

    def discard_draft(self, draft_id: int) -> None:
        """Delete a draft for good; commits."""
        with self._sf.begin() as s:
            s.delete(self._open(s, draft_id))

    def _check_form(self, procedure_code: str, form_id: str) -> None:
        proc = self._catalog.procedure(procedure_code)
        if proc is None:
            raise NotFoundError(f"Không có thủ tục mã “{procedure_code}” trong danh mục.")
        if form_id not in proc.forms or form_id not in self._catalog.forms:
            raise NotFoundError(f"Thủ tục “{proc.short_name}” không có mẫu “{form_id}”.")

    @staticmethod
    def _open(s: Session, draft_id: int) -> FilledForm:
        row = s.get(FilledForm, draft_id)
        if row is None or not row.is_draft or row.dossier_id is not None:
            raise NotFoundError(f"Không tìm thấy bản nháp số {draft_id} (có thể đã nộp hoặc đã xóa).")
        return row
