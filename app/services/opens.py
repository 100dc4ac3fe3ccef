"""Guide pages opened from the device's local guide server, counted per guide and Vietnam day
(nothing about the phone that opened it) and queued for the central figures."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from app.db import Store
from app.ids import uuid7
from app.models import GuideOpens
from app.services import device_clock, outbox
from wire.clock import today_local
from wire.records import GuideOpensPayload


def count_open(store: Store, guide_code: str, now: datetime | None = None) -> int:
    """One more open of the guide today; the day's whole count is queued (replacing a count
    still waiting), so a lost or repeated push can never add an open twice. Answers the count."""
    day = today_local(now or device_clock.wall())
    with store.session() as session:
        row = session.exec(
            select(GuideOpens).where(GuideOpens.guide_code == guide_code, GuideOpens.day == day)
        ).first() or GuideOpens(id=uuid7(), guide_code=guide_code, day=day, count=0)
        row.count += 1
        session.add(row)
        outbox.enqueue(
            session, GuideOpensPayload(id=row.id, guide_code=guide_code, day=day, count=row.count)
        )
        return row.count


def counts(store: Store, since: date | None = None) -> dict[tuple[str, date], int]:
    """{(guide code, day): opens} on this device, from `since` on."""
    statement = select(GuideOpens)
    if since is not None:
        statement = statement.where(GuideOpens.day >= since)
    with store.session() as session:
        return {(row.guide_code, row.day): row.count for row in session.exec(statement)}
