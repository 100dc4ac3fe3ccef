"""How often each guide is used on this device. The views call `note_used` when a guide is
opened or shared; the media budget (app/services/media_store.py) keeps the videos of the most
used guides and leaves out those of the least used when space is short."""

from __future__ import annotations

from sqlmodel import select

from app.db import Store
from app.models import GuideUsage
from wire.clock import utcnow


def note_used(store: Store, code: str) -> None:
    with store.session() as session:
        row = session.get(GuideUsage, code) or GuideUsage(code=code)
        row.uses += 1
        row.last_used_at = utcnow()
        session.add(row)


def uses(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {row.code: row.uses for row in session.exec(select(GuideUsage))}
