"""Applying what the device pulled from the server: one page of changes (wire.api.PullResponse)
— places, media list, guides, the team's households and help sessions, erasures — and the
cursor after them, all in one transaction. If anything fails, nothing of the page is kept and
the cursor stays, so the page is pulled again.

Households merge with the held version by wire.hlc.merge; a household erased here but not yet
pushed is not brought back; an erasure from the server removes the household, its sessions
and anything of them still waiting in the outbox. Help sessions of the team's other devices
are stored read-only (synced); a session of this device still waiting in the outbox is never
overwritten."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, delete, select

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
from app.services import device_clock, guides
from app.text import fold
from wire.api import PulledMedia, PullResponse
from wire.clock import as_utc, utcnow
from wire.guides import Guide as WireGuide
from wire.hlc import CLOCKED, merge
from wire.records import HelpSessionPayload, HouseholdPayload

UNSORTED_CATEGORY = 10_000  # a category the device does not know yet goes last in the library


@dataclass
class Applied:
    guides: int = 0
    households: int = 0
    sessions: int = 0
    erased: int = 0


def apply(store: Store, page: PullResponse) -> Applied:
    applied = Applied()
    with store.session() as session:
        for area in page.areas:
            session.merge(Area(id=area.id, parent_id=area.parent_id, level=area.level, name=area.name))
        session.flush()
        _media(session, page.media)
        applied.guides = sum(_guide(session, g) for g in page.guides)
        session.flush()
        waiting_erasure = set(session.exec(
            select(OutboxEntry.record_id).where(OutboxEntry.record_type == "household_erasure")
        ))
        applied.households = sum(_household(session, h) for h in page.households
                                 if h.id not in waiting_erasure)
        session.flush()
        applied.sessions = sum(_session(session, s) for s in page.help_sessions)
        applied.erased = sum(_erase(session, hid) for hid in page.erased_households)
        state = session.get(SyncState, 1) or SyncState()
        state.cursor = page.cursor
        session.add(state)
    return applied


def _media(session: Session, media: list[PulledMedia]) -> None:
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


def _household(session: Session, incoming: HouseholdPayload) -> bool:
    for name in CLOCKED:  # later local edits get later clocks than anything seen
        device_clock.observe(session, getattr(incoming.clocks, name))
    held = session.get(Household, incoming.id)
    if held is None:
        session.add(Household(
            id=incoming.id, village_id=incoming.village_id, head_name=incoming.head_name,
            phone=incoming.phone, search_key=fold(incoming.head_name),
            consent_at=incoming.consent_at, created_at=utcnow(), updated_at=incoming.updated_at,
            clocks=incoming.clocks.model_dump(),
        ))
        return True
    mine = HouseholdPayload.held(held)
    merged = merge(mine, incoming)
    compared = (*CLOCKED, "clocks", "consent_at")  # a later updated_at alone is nothing new here
    if all(getattr(merged, name) == getattr(mine, name) for name in compared):
        return False
    for name in CLOCKED:
        setattr(held, name, getattr(merged, name))
    held.clocks = merged.clocks.model_dump()
    held.consent_at = merged.consent_at
    held.search_key = fold(held.head_name)
    held.updated_at = merged.updated_at
    session.add(held)
    return True


def _session(session: Session, incoming: HelpSessionPayload) -> bool:
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
