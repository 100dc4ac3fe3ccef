"""Applying what the device pulled from the server: one page of changes — places, media list,
guides, the team's households and help sessions, erasures — and the cursor after them, all in
one transaction. If anything fails, nothing of the page is kept and the cursor stays, so the
page is pulled again.

Households merge field by field by their clocks (the rule: app/services/households.py); a
household erased here but not yet pushed is not brought back; an erasure from the server
removes the household, its sessions and anything of them still waiting in the outbox. Help
sessions of the team's other devices are stored read-only (synced); a session of this device
still waiting in the outbox is never overwritten."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session, col, delete, select

from app import hlc
from app.db import Store
from app.models import (
    Area,
    Category,
    Guide,
    HelpSession,
    Household,
    MediaAsset,
    OutboxEntry,
    SyncState,
)
from app.services import guides
from app.services.households import CLOCKED
from app.text import fold
from wire.clock import as_utc, utcnow
from wire.guides import Guide as WireGuide

UNSORTED_CATEGORY = 10_000  # a category the device does not know yet goes last in the library


@dataclass(frozen=True)
class IncomingArea:
    id: str
    parent_id: str | None
    level: str
    name: str


@dataclass(frozen=True)
class IncomingMedia:
    sha256: str
    size: int
    mime: str


@dataclass(frozen=True)
class IncomingHousehold:
    id: str
    village_id: str
    head_name: str
    phone: str | None
    consent_at: datetime
    updated_at: datetime
    clocks: dict[str, str]


@dataclass(frozen=True)
class IncomingSession:
    id: str
    household_id: str
    occurred_at: datetime
    services: list[str]
    guides: list[str]
    outcome: str
    follow_up_on: date | None
    minutes: int
    note: str
    updated_at: datetime


@dataclass(frozen=True)
class Changes:
    """One page of a pull."""

    cursor: str
    areas: list[IncomingArea] = field(default_factory=list)
    media: list[IncomingMedia] = field(default_factory=list)
    guides: list[WireGuide] = field(default_factory=list)
    households: list[IncomingHousehold] = field(default_factory=list)
    sessions: list[IncomingSession] = field(default_factory=list)
    erased: list[str] = field(default_factory=list)


@dataclass
class Applied:
    guides: int = 0
    households: int = 0
    sessions: int = 0
    erased: int = 0


def apply(store: Store, changes: Changes) -> Applied:
    applied = Applied()
    with store.session() as session:
        for area in changes.areas:
            session.merge(Area(id=area.id, parent_id=area.parent_id, level=area.level, name=area.name))
        session.flush()
        _media(session, changes.media)
        applied.guides = sum(_guide(session, g) for g in changes.guides)
        session.flush()
        waiting_erasure = set(session.exec(
            select(OutboxEntry.record_id).where(OutboxEntry.record_type == "household_erasure")
        ))
        applied.households = sum(_household(session, h) for h in changes.households if h.id not in waiting_erasure)
        session.flush()
        applied.sessions = sum(_session(session, s) for s in changes.sessions)
        applied.erased = sum(_erase(session, household_id) for household_id in changes.erased)
        state = session.get(SyncState, 1) or SyncState()
        state.cursor = changes.cursor
        session.add(state)
    return applied


def _media(session: Session, media: list[IncomingMedia]) -> None:
    for item in media:
        held = session.get(MediaAsset, item.sha256)
        if held is None:
            session.add(MediaAsset(sha256=item.sha256, mime=item.mime, size=item.size))
    session.flush()


def _guide(session: Session, incoming: WireGuide) -> bool:
    held = session.get(Guide, incoming.code)
    if held is not None and held.version > incoming.version:
        return False
    if session.get(Category, incoming.category) is None:
        # A category newer than this app's content: shown under its code until the app updates.
        session.add(Category(code=incoming.category, name=incoming.category, name_en=incoming.category,
                             position=UNSORTED_CATEGORY))
        session.flush()
    known = {role: sha for role, sha in incoming.media.items() if session.get(MediaAsset, sha) is not None}
    session.merge(guides.guide_row(replace(incoming, media=known)))
    return True


def _household(session: Session, incoming: IncomingHousehold) -> bool:
    for clock in incoming.clocks.values():
        hlc.observe(session, clock)  # later local edits get later clocks than anything seen
    values = {name: getattr(incoming, name) for name in CLOCKED}
    held = session.get(Household, incoming.id)
    if held is None:
        session.add(Household(
            id=incoming.id, search_key=fold(incoming.head_name), consent_at=as_utc(incoming.consent_at),
            created_at=utcnow(), updated_at=as_utc(incoming.updated_at), clocks=dict(incoming.clocks), **values,
        ))
        return True
    mine = {name: getattr(held, name) for name in CLOCKED}
    merged, clocks = hlc.merge(mine, dict(held.clocks), values, incoming.clocks)
    consent_at = min(as_utc(held.consent_at), as_utc(incoming.consent_at))
    if merged == mine and clocks == held.clocks and consent_at == as_utc(held.consent_at):
        return False
    for name, value in merged.items():
        setattr(held, name, value)
    held.clocks = clocks
    held.consent_at = consent_at
    held.search_key = fold(held.head_name)
    held.updated_at = max(as_utc(held.updated_at), as_utc(incoming.updated_at))
    session.add(held)
    return True


def _session(session: Session, incoming: IncomingSession) -> bool:
    if session.get(Household, incoming.household_id) is None:
        return False  # erased here, the erasure not pushed yet
    waiting = session.exec(select(OutboxEntry.id).where(
        OutboxEntry.record_type == "help_session", OutboxEntry.record_id == incoming.id)).first()
    if waiting is not None:
        return False  # this device's own newer version goes up next
    held = session.get(HelpSession, incoming.id)
    if held is not None and as_utc(held.updated_at) >= as_utc(incoming.updated_at):
        return False
    row = held or HelpSession(id=incoming.id, household_id=incoming.household_id, occurred_at=incoming.occurred_at,
                              outcome=incoming.outcome, minutes=incoming.minutes, created_at=utcnow(),
                              recorded_here=False)
    for name in ("household_id", "occurred_at", "services", "guides", "outcome", "follow_up_on", "minutes", "note",
                 "updated_at"):
        setattr(row, name, getattr(incoming, name))
    row.occurred_at, row.updated_at = as_utc(row.occurred_at), as_utc(row.updated_at)
    row.services, row.guides = list(incoming.services), list(incoming.guides)
    row.synced_at = row.synced_at or utcnow()
    session.add(row)
    return True


def _erase(session: Session, household_id: str) -> bool:
    session_ids = list(session.exec(select(HelpSession.id).where(HelpSession.household_id == household_id)))
    session.exec(delete(OutboxEntry).where(col(OutboxEntry.record_id).in_([household_id, *session_ids]),
                                           OutboxEntry.record_type != "household_erasure"))
    session.exec(delete(HelpSession).where(HelpSession.household_id == household_id))
    held = session.get(Household, household_id)
    if held is None:
        return False
    session.delete(held)
    return True
