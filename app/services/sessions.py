"""Help sessions: one visit's help for one household, recorded in a few taps, editable until
it has been synced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from app.db import Store
from app.errors import Locked, NotFound, ValidationError
from app.ids import uuid7
from app.models import Guide, HelpSession, Household, Outcome, Service
from app.services import device_clock, outbox, validation
from app.text import clean
from wire import rules
from wire.clock import as_utc, today_local
from wire.fields import checking
from wire.records import HelpSessionPayload
from wire.rules import MAX_MINUTES, MAX_NOTE, MIN_MINUTES


@dataclass(frozen=True)
class SessionInput:
    household_id: str
    services: list[str]
    outcome: str
    minutes: int
    guides: list[str] = field(default_factory=list)
    follow_up_on: date | None = None
    note: str = ""
    occurred_at: datetime | None = None  # now, when left out


def _checked(
    session: Session, data: SessionInput, now: datetime, held_at: datetime | None = None
) -> HelpSession:
    """The input as a session, every rule checked. `held_at`: when the session being edited
    took place; left as it was, it is not checked against the phone's clock again (which may
    have been set back since)."""
    if not data.household_id or session.get(Household, data.household_id) is None:
        raise ValidationError("household_id", "household_required")
    services = list(dict.fromkeys(data.services))
    if not services:
        raise ValidationError("services", "services_required")
    known = set(session.exec(select(Service.code).where(col(Service.code).in_(services))))
    if len(known) != len(services):
        raise ValidationError("services", "unknown_service")
    guides = list(dict.fromkeys(data.guides))
    known_guides = set(session.exec(select(Guide.code).where(col(Guide.code).in_(guides))))
    if len(known_guides) != len(guides):
        raise ValidationError("guides", "unknown_guide")
    if data.outcome not in {o.value for o in Outcome}:
        raise ValidationError("outcome", "outcome_required")
    follow_up_on = _checked_follow_up(data, today_local(now))
    if not isinstance(data.minutes, int) or not MIN_MINUTES <= data.minutes <= MAX_MINUTES:
        raise ValidationError("minutes", "minutes_invalid", least=MIN_MINUTES, most=MAX_MINUTES)
    note = clean(data.note)
    if len(note) > MAX_NOTE:
        raise ValidationError("note", "note_too_long", most=MAX_NOTE)
    with validation.wire_rules():
        rules.no_identity_number("note", note)
    occurred_at = as_utc(data.occurred_at) if data.occurred_at else now
    moved = held_at is None or occurred_at != as_utc(held_at)
    if moved and occurred_at > now + timedelta(minutes=5):
        raise ValidationError("occurred_at", "occurred_in_future")
    if moved and occurred_at < now - timedelta(days=366):
        raise ValidationError("occurred_at", "occurred_too_old")
    return HelpSession(
        id="",
        household_id=data.household_id,
        occurred_at=occurred_at,
        services=services,
        guides=guides,
        outcome=data.outcome,
        follow_up_on=follow_up_on,
        minutes=data.minutes,
        note=note,
    )


def _checked_follow_up(data: SessionInput, today: date) -> date | None:
    if data.outcome != Outcome.FOLLOW_UP.value:
        return None
    with validation.wire_rules():
        rules.follow_up_matches(data.outcome, data.follow_up_on)
    if data.follow_up_on < today:
        raise ValidationError("follow_up_on", "follow_up_in_past")
    if data.follow_up_on > today + timedelta(days=365):
        raise ValidationError("follow_up_on", "follow_up_too_far")
    return data.follow_up_on


def record_of(record: HelpSession) -> HelpSessionPayload:
    """The session as it is pushed, checked by the wire's rules (raises RuleBroken)."""
    with checking():
        return HelpSessionPayload(
            id=record.id,
            household_id=record.household_id,
            occurred_at=as_utc(record.occurred_at),
            services=list(record.services),
            guides=list(record.guides),
            outcome=Outcome(record.outcome).value,
            follow_up_on=record.follow_up_on,
            minutes=record.minutes,
            note=record.note,
            updated_at=as_utc(record.updated_at),
            clock=record.clock,
        )


def record(store: Store, data: SessionInput) -> HelpSession:
    """Validate and store a new session and its outbox entry, together."""
    with store.session() as session:
        return add(session, data, device_clock.wall())


def add(session: Session, data: SessionInput, now: datetime) -> HelpSession:
    """`record` in the caller's unit of work."""
    new = _checked(session, data, now)
    new.id = uuid7()
    new.created_at = new.updated_at = now
    new.clock = device_clock.now(session)
    session.add(new)
    with validation.wire_rules():
        outbox.enqueue(session, record_of(new))
    return new


def update(store: Store, session_id: str, data: SessionInput) -> HelpSession:
    """Change a session that has not been synced yet. The new version's clock is later than
    the last one's even when the phone's clock was set back meanwhile."""
    now = device_clock.wall()
    with store.session() as session:
        existing = session.get(HelpSession, session_id)
        if existing is None:
            raise NotFound("session_missing")
        if existing.synced_at is not None:
            raise Locked("session_locked")
        checked = _checked(session, data, now, held_at=existing.occurred_at)
        for name in (
            "household_id",
            "occurred_at",
            "services",
            "guides",
            "outcome",
            "follow_up_on",
            "minutes",
            "note",
        ):
            setattr(existing, name, getattr(checked, name))
        existing.updated_at = now
        existing.clock = device_clock.now(session)
        session.add(existing)
        with validation.wire_rules():
            outbox.enqueue(session, record_of(existing))
    return existing


def get(store: Store, session_id: str) -> HelpSession | None:
    with store.session() as session:
        return session.get(HelpSession, session_id)


def recent(store: Store, limit: int = 20) -> list[HelpSession]:
    """The sessions recorded on this device, newest first (teammates' pulled ones are left out)."""
    with store.session() as session:
        return list(
            session.exec(
                select(HelpSession)
                .where(col(HelpSession.recorded_here).is_(True))
                .order_by(col(HelpSession.occurred_at).desc())
                .limit(limit)
            )
        )


def mark_synced(session: Session, session_id: str, at: datetime) -> None:
    """The server holds this session: from now on it is read-only on the device."""
    record = session.get(HelpSession, session_id)
    if record is not None and record.synced_at is None:
        record.synced_at = at
        session.add(record)
