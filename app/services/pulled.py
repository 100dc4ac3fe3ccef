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
from datetime import datetime

from sqlalchemy import insert
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
from app.services import device_clock, guides, set_aside
from app.text import fold
from wire.api import PulledMedia, PullResponse
from wire.clock import as_utc, utcnow
from wire.guides import Guide as WireGuide
from wire.hlc import CLOCKED, merge
from wire.records import HelpSessionPayload, HouseholdPayload, session_version

UNSORTED_CATEGORY = 10_000  # a category the device does not know yet goes last in the library
_CHUNK = 500  # ids per IN (...) list


@dataclass
class Applied:
    guides: int = 0
    households: int = 0
    sessions: int = 0
    erased: int = 0


def apply(store: Store, page: PullResponse) -> Applied:
    """Apply one page in one transaction, in a few statements whatever its size: the clock
    observes the page's latest timestamp once, held rows are read in one query per kind, new
    ones written in one statement per kind."""
    applied = Applied()
    with store.session() as session, session.no_autoflush:
        _areas(session, page)
        _media(session, page.media)
        applied.guides = sum(_guide(session, g) for g in page.guides)
        session.flush()
        # Later local edits get later clocks than anything seen.
        device_clock.observe(
            session,
            device_clock.latest(
                [getattr(h.clocks, name) for h in page.households for name in CLOCKED]
                + [s.clock for s in page.help_sessions]
            ),
        )
        waiting_erasure = set(
            session.exec(
                select(OutboxEntry.record_id).where(OutboxEntry.record_type == "household_erasure")
            )
        )
        applied.households = _households(
            session, [h for h in page.households if h.id not in waiting_erasure]
        )
        session.flush()
        applied.sessions = _sessions(session, page.help_sessions)
        applied.erased = sum(_erase(session, hid) for hid in page.erased_households)
        state = session.get(SyncState, 1) or SyncState()
        state.cursor = page.cursor
        session.add(state)
    return applied


def _areas(session: Session, page: PullResponse) -> None:
    """Places, parents first (as the page lists them): new ones added, held ones renamed or
    retired as the server says."""
    held = _by_id(session, Area, [a.id for a in page.areas])
    for area in page.areas:
        row = held.get(area.id) or Area(id=area.id, level=area.level)
        row.parent_id, row.level = area.parent_id, area.level
        row.name, row.retired = area.name, area.retired
        session.add(row)
    session.flush()


def _by_id(session: Session, model, ids: list[str]) -> dict:
    found = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = session.exec(select(model).where(col(model.id).in_(chunk)))
        found.update((row.id, row) for row in rows)
    return found


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
        session.add(
            Category(
                code=incoming.category,
                name=incoming.category,
                name_en=incoming.category,
                position=UNSORTED_CATEGORY,
            )
        )
        session.flush()
    known = {
        role: sha
        for role, sha in incoming.media.items()
        if session.get(MediaAsset, sha) is not None
    }
    session.merge(guides.guide_row(replace(incoming, media=known)))
    return True


def _households(session: Session, incoming: list[HouseholdPayload]) -> int:
    """New households inserted together; held ones merged by wire.hlc.merge, written only when
    the merge changed them. Answers how many changed."""
    held = _by_id(session, Household, [h.id for h in incoming])
    now = utcnow()
    new: dict[str, dict] = {}
    changed = 0
    for version in incoming:
        row = held.get(version.id)
        if row is None:
            earlier = new.get(version.id)
            if earlier is not None:  # twice in one page: merged
                version = merge(HouseholdPayload.held(_Row(**earlier)), version)
            new[version.id] = {
                "id": version.id,
                "village_id": version.village_id,
                "head_name": version.head_name,
                "phone": version.phone,
                "search_key": fold(version.head_name),
                "consent_at": version.consent_at,
                "created_at": now,
                "updated_at": version.updated_at,
                "clocks": version.clocks.model_dump(),
            }
            continue
        mine = HouseholdPayload.held(row)
        merged = merge(mine, version)
        # A later updated_at alone is nothing new here.
        compared = (*CLOCKED, "clocks", "consent_at")
        if all(getattr(merged, name) == getattr(mine, name) for name in compared):
            continue
        for name in CLOCKED:
            setattr(row, name, getattr(merged, name))
        row.clocks = merged.clocks.model_dump()
        row.consent_at = merged.consent_at
        row.search_key = fold(row.head_name)
        row.updated_at = merged.updated_at
        session.add(row)
        changed += 1
    if new:
        session.execute(insert(Household.__table__), list(new.values()))
    return changed + len(new)


@dataclass
class _Row:
    """A household not written yet, as HouseholdPayload.held reads a row."""

    id: str
    village_id: str
    head_name: str
    phone: str | None
    consent_at: datetime
    updated_at: datetime
    clocks: dict
    search_key: str = ""
    created_at: datetime | None = None


_SESSION_FIELDS = (
    "household_id",
    "occurred_at",
    "services",
    "guides",
    "outcome",
    "follow_up_on",
    "minutes",
    "note",
    "updated_at",
    "clock",
)


def _sessions(session: Session, incoming: list[HelpSessionPayload]) -> int:
    """The team's other devices' sessions: new ones inserted together, read-only (synced); a
    held one replaced by a later version (by clock). Skipped: a session whose household is not
    here (erased here, the erasure not pushed yet) and one of this device's still waiting to
    go up. Answers how many changed."""
    if not incoming:
        return 0
    ids = [s.id for s in incoming]
    households = set()
    waiting = set()
    household_ids = sorted({s.household_id for s in incoming})
    for start in range(0, len(household_ids), _CHUNK):
        households |= set(
            session.exec(
                select(Household.id).where(
                    col(Household.id).in_(household_ids[start : start + _CHUNK])
                )
            )
        )
    for start in range(0, len(ids), _CHUNK):
        waiting |= set(
            session.exec(
                select(OutboxEntry.record_id).where(
                    OutboxEntry.record_type == "help_session",
                    col(OutboxEntry.record_id).in_(ids[start : start + _CHUNK]),
                )
            )
        )
    held = _by_id(session, HelpSession, ids)
    now = utcnow()
    new: dict[str, dict] = {}
    changed = 0
    for version in incoming:
        if version.household_id not in households or version.id in waiting:
            continue
        values = {name: getattr(version, name) for name in _SESSION_FIELDS}
        values["occurred_at"] = as_utc(version.occurred_at)
        values["updated_at"] = as_utc(version.updated_at)
        values["services"], values["guides"] = list(version.services), list(version.guides)
        row = held.get(version.id)
        if row is None:
            earlier = new.get(version.id)
            if earlier is None or (earlier["clock"], earlier["updated_at"]) < session_version(
                version
            ):
                new[version.id] = {
                    "id": version.id,
                    **values,
                    "created_at": now,
                    "synced_at": now,
                    "recorded_here": False,
                }
            continue
        if (row.clock, as_utc(row.updated_at)) >= session_version(version):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.synced_at = row.synced_at or now
        session.add(row)
        changed += 1
    if new:
        session.execute(insert(HelpSession.__table__), list(new.values()))
    return changed + len(new)


def _erase(session: Session, household_id: str) -> bool:
    session_ids = list(
        session.exec(select(HelpSession.id).where(HelpSession.household_id == household_id))
    )
    session.exec(
        delete(OutboxEntry).where(
            col(OutboxEntry.record_id).in_([household_id, *session_ids]),
            OutboxEntry.record_type != "household_erasure",
        )
    )
    set_aside.forget(session, "household", [household_id])
    set_aside.forget(session, "help_session", session_ids)
    session.exec(delete(HelpSession).where(HelpSession.household_id == household_id))
    held = session.get(Household, household_id)
    if held is None:
        return False
    session.delete(held)
    return True
