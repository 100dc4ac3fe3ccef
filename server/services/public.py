"""What the public guide pages need: published guides by code, and open counts per guide,
Vietnam day and commune — nothing about the person who opened it."""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, select

from server.core.db import dialect_insert
from server.models import Area, AreaLevel, Guide, QrOpen
from wire.clock import today_local


def guide(session: Session, code: str, commune_id: str | None = None) -> Guide | None:
    """The published guide; a commune's own guide only under its commune's QR codes (`?c=`)."""
    found = session.get(Guide, code)
    if found is not None and found.commune_id is not None and found.commune_id != commune_id:
        return None
    return found


def library(session: Session) -> list[Guide]:
    """The province's guides (a commune's own are opened from its QR codes)."""
    return [g for g in session.exec(select(Guide).order_by(Guide.code)) if g.commune_id is None]


def count_open(session: Session, code: str, commune_id: str | None) -> None:
    """One more open today; a commune id that is not a known commune counts as none (so the
    table never keeps arbitrary strings from the URL). One statement, so a write lock is held
    no longer than the database needs."""
    known = select(Area.id).where(
        Area.id == (commune_id or "")[:64], Area.level == AreaLevel.COMMUNE.value
    )
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # A page view need not wait for the disk: at worst a crash forgets the last instant's
        # counts, never corrupts them. Guides and households keep durable commits.
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    statement = dialect_insert(session, QrOpen.__table__).values(
        guide_code=code,
        day=today_local(),
        commune_id=func.coalesce(known.scalar_subquery(), ""),
        count=1,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["guide_code", "day", "commune_id"],
        set_={"count": QrOpen.__table__.c.count + 1},
    )
    session.execute(statement)
