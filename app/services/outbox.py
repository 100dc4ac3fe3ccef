"""The outbox: records waiting to be pushed. Written in the same transaction as the record;
an entry keeps the record's type and its payload as JSON (wire.records)."""

from __future__ import annotations

import json

from sqlmodel import Session, col, func, select

from app.db import Store
from app.models import OutboxEntry
from app.services import set_aside
from wire.clock import utcnow
from wire.records import Payload, PushRecord, read_record


def enqueue(session: Session, record: Payload) -> None:
    """Queue the record's newest version; an entry already waiting is replaced and its version
    bumped, so one record is pushed once, with its latest state."""
    record_type, record_id, payload = record.record_type, record.id, record.model_dump(mode="json")
    # A fixed version replaces the one set aside.
    set_aside.forget(session, record_type, [record_id])
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


def pending(store: Store, limit: int = 100, after: int = 0) -> list[OutboxEntry]:
    """The oldest entries first (those after entry `after`)."""
    with store.session() as session:
        return list(
            session.exec(
                select(OutboxEntry)
                .where(OutboxEntry.id > after)
                .order_by(OutboxEntry.id)
                .limit(limit)
            )
        )


def by_ids(store: Store, ids: list[int]) -> list[OutboxEntry]:
    """These entries as they are now (those still waiting), oldest first."""
    with store.session() as session:
        statement = select(OutboxEntry).where(col(OutboxEntry.id).in_(ids))
        return list(session.exec(statement.order_by(OutboxEntry.id)))


def record(entry: OutboxEntry) -> PushRecord:
    """The entry's record as it is pushed, read from its JSON and checked as the server checks
    it (entries kept by every schema since the first still read); raises RuleBroken."""
    return read_record(entry.record_type, json.dumps(entry.payload))
