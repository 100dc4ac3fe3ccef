"""The audit log: who did what, never with a household's personal data."""

from __future__ import annotations

from sqlmodel import Session

from server.models import AuditEntry


def record(session: Session, actor: str, action: str, target: str = "", **detail: object) -> None:
    session.add(AuditEntry(actor=actor, action=action, target=target, detail=dict(detail)))
