"""What the device does when the server confirms a push: confirmed entries leave the outbox,
unless the record was edited while the push was in flight (its entry's version moved on, so
the newer version goes up next time); confirmed help sessions become synced, so read-only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import delete

from app.db import Store
from app.models import OutboxEntry
from app.services import sessions
from wire.clock import utcnow


@dataclass(frozen=True)
class Sent:
    """An outbox entry as it was read for a push."""

    entry_id: int
    record_type: str
    record_id: str
    version: int


def sent(entries: list[OutboxEntry]) -> list[Sent]:
    return [Sent(e.id, e.record_type, e.record_id, e.version) for e in entries]


def settle(store: Store, pushed: list[Sent], stored_ids: set[str]) -> int:
    """Remove the entries the server confirmed and that did not change since; answers how many
    left the outbox."""
    removed = 0
    now = utcnow()
    with store.session() as session:
        for entry in pushed:
            if entry.record_id not in stored_ids:
                continue
            result = session.exec(
                delete(OutboxEntry).where(
                    OutboxEntry.id == entry.entry_id, OutboxEntry.version == entry.version
                )
            )
            if result.rowcount == 0:
                continue  # edited meanwhile: the newer version waits for the next push
            removed += 1
            if entry.record_type == "help_session":
                sessions.mark_synced(session, entry.record_id, now)
    return removed
