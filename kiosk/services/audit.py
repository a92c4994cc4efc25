"""Audit log: logins, prints, dossier views, exports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import AuditEvent


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    clerk_id: int | None
    action: str
    detail: str | None


def add_event(session: Session, action: str, clerk_id: int | None = None, detail: str | None = None) -> None:
    """Add an event inside the caller's unit of work (commits with it)."""
    session.add(AuditEvent(at=datetime.now(), clerk_id=clerk_id, action=action, detail=detail))


class AuditService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    def record(self, action: str, clerk_id: int | None = None, detail: str | None = None) -> None:
        with self._sf.begin() as s:
            add_event(s, action, clerk_id, detail)

    def recent(self, limit: int = 100) -> list[AuditEntry]:
        with self._sf() as s:
            rows = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit))
            return [AuditEntry(r.at, r.clerk_id, r.action, r.detail) for r in rows]
