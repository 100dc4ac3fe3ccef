"""The outbox: records waiting to be pushed. Written in the same transaction as the record."""

from __future__ import annotations

from sqlmodel import Session, func, select

from app.db import Store
from app.models import OutboxEntry
from wire.clock import utcnow


def enqueue(session: Session, record_type: str, record_id: str, payload: dict) -> None:
    """Queue the record's newest version; an entry already waiting is replaced and its version
    bumped, so one record is pushed once, with its latest state."""
    entry = session.exec(
        select(OutboxEntry).where(
            OutboxEntry.record_type == record_type, OutboxEntry.record_id == record_id
        )
    ).first()
    if entry is None:
        session.add(OutboxEntry(record_type=record_type, record_id=record_id, payload=payload))
        return
    entry.payload = payload
    entry.version += 1
    entry.updated_at = utcnow()
    session.add(entry)


def pending_count(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(OutboxEntry)).one()


def pending(store: Store, limit: int = 100) -> list[OutboxEntry]:
    """The oldest entries first."""
    with store.session() as session:
        return list(session.exec(select(OutboxEntry).order_by(OutboxEntry.id).limit(limit)))
