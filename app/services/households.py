"""Households: created with consent, searched by name, followed up, deleted on request.

Two devices of a team may edit the same household while offline. What settles it, here, on
the server and on every device alike:
- field-level last writer wins: an edit stamps the fields it changed (wire.hlc.CLOCKED) with
  this device's hybrid-logical-clock timestamp (app/services/device_clock.py), and versions
  merge by wire.hlc.merge (the rule is stated there);
- consent_at is the moment the household first agreed: it is written once, at creation, and
  never edited;
- an erasure (the household asked to be forgotten) wins over every edit, before or after it;
- follow-ups are never lost by a merge: they live in help sessions, which one device writes
  each and which are immutable once synced; every device pulls the team's sessions, so all
  see the household's whole history and follow-ups due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, func, select

from app.db import Store
from app.errors import NotFound, ValidationError
from app.ids import uuid7
from app.models import HelpSession, Household, OutboxEntry, Outcome
from app.services import areas, device_clock, outbox, set_aside, settings, validation
from app.text import fold
from wire import rules
from wire.clock import today_local
from wire.hlc import CLOCKED
from wire.records import HouseholdErasurePayload, HouseholdPayload


@dataclass(frozen=True)
class HouseholdInput:
    head_name: str
    village_id: str
    phone: str | None = None
    consent: bool = False  # the household said yes, today, to keeping these details


@dataclass(frozen=True)
class FollowUp:
    household: Household
    due_on: date
    session_id: str


def _checked(session: Session, data: HouseholdInput) -> tuple[str, str | None]:
    head_name = validation.required_text(
        "head_name", data.head_name, rules.MIN_HEAD_NAME, rules.MAX_HEAD_NAME
    )
    if not areas.may_hold_households(session, data.village_id):
        raise ValidationError("village_id", "village_required")
    phone = validation.phone(data.phone)
    if not data.consent:
        raise ValidationError("consent", "consent_required")
    return head_name, phone


def record_of(household: Household) -> HouseholdPayload:
    """The household as it is pushed, checked by the wire's rules (raises RuleBroken)."""
    return HouseholdPayload.held(household).checked()


def _stamp(session: Session, household: Household, changed: list[str]) -> None:
    if changed:
        stamp = device_clock.now(session)
        household.clocks = {**household.clocks, **dict.fromkeys(changed, stamp)}


def create(store: Store, data: HouseholdInput) -> Household:
    with store.session() as session:
        household = add(session, data)
    settings.put(store, "last_village_id", data.village_id)
    return household


def add(session: Session, data: HouseholdInput) -> Household:
    """Check and add a household, with its outbox entry, in the caller's unit of work (so a
    visit's new household and its session are written together: app.services.visits)."""
    head_name, phone = _checked(session, data)
    now = device_clock.wall()
    household = Household(
        id=uuid7(),
        village_id=data.village_id,
        head_name=head_name,
        phone=phone,
        consent_at=now,
        search_key=fold(head_name),
        created_at=now,
        updated_at=now,
    )
    _stamp(session, household, list(CLOCKED))
    session.add(household)
    with validation.wire_rules():
        outbox.enqueue(session, record_of(household))
    return household


def update(store: Store, household_id: str, data: HouseholdInput) -> Household:
    with store.session() as session:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound("household_missing")
        head_name, phone = _checked(session, data)
        wanted = {"head_name": head_name, "village_id": data.village_id, "phone": phone}
        changed = [name for name in CLOCKED if getattr(household, name) != wanted[name]]
        if not changed:
            return household
        for name in changed:
            setattr(household, name, wanted[name])
        household.search_key = fold(head_name)
        household.updated_at = device_clock.wall()
        _stamp(session, household, changed)
        session.add(household)
        with validation.wire_rules():
            outbox.enqueue(session, record_of(household))
    return household


def delete_household(store: Store, household_id: str) -> None:
    """Erase a household and its sessions from the device on the household's request, and
    queue the erasure so the server forgets it too."""
    with store.session() as session:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound("household_missing")
        session_ids = list(
            session.exec(select(HelpSession.id).where(HelpSession.household_id == household_id))
        )
        session.exec(
            delete(OutboxEntry).where(col(OutboxEntry.record_id).in_([household_id, *session_ids]))
        )
        set_aside.forget(session, "household", [household_id])
        set_aside.forget(session, "help_session", session_ids)
        session.exec(delete(HelpSession).where(HelpSession.household_id == household_id))
        session.delete(household)
        erasure = HouseholdErasurePayload(id=household_id, erased_at=device_clock.wall())
        outbox.enqueue(session, erasure)


def get(store: Store, household_id: str) -> Household | None:
    with store.session() as session:
        return session.get(Household, household_id)


def search(
    store: Store, query: str = "", village_id: str | None = None, limit: int = 50
) -> list[Household]:
    """Households whose head's name contains every word typed, diacritics and case ignored."""
    statement = select(Household)
    for word in fold(query).split():
        statement = statement.where(col(Household.search_key).contains(word, autoescape=True))
    if village_id:
        statement = statement.where(Household.village_id == village_id)
    with store.session() as session:
        return list(session.exec(statement.order_by(Household.search_key).limit(limit)))


def follow_ups(store: Store, until: date | None = None, mine: bool = False) -> list[FollowUp]:
    """Households whose latest session asks for a follow-up on or before `until` (today in
    Vietnam by default), the most overdue first. A later session clears the follow-up. With
    `mine`, only those whose latest session was recorded on this device."""
    until = until or today_local()
    later = aliased(HelpSession)
    latest = (
        select(func.max(later.occurred_at))
        .where(later.household_id == HelpSession.household_id)
        .correlate(HelpSession)
        .scalar_subquery()
    )
    statement = (
        select(Household, HelpSession.follow_up_on, HelpSession.id)
        .join(HelpSession, col(HelpSession.household_id) == Household.id)
        .where(
            HelpSession.outcome == Outcome.FOLLOW_UP.value,
            col(HelpSession.follow_up_on) <= until,
            HelpSession.occurred_at == latest,
        )
        .order_by(col(HelpSession.follow_up_on), col(Household.search_key))
    )
    if mine:
        statement = statement.where(col(HelpSession.recorded_here).is_(True))
    with store.session() as session:
        return [
            FollowUp(household, due_on, session_id)
            for household, due_on, session_id in session.exec(statement)
        ]


def history(store: Store, household_id: str) -> list[HelpSession]:
    """The household's sessions, newest first."""
    with store.session() as session:
        return list(
            session.exec(
                select(HelpSession)
                .where(HelpSession.household_id == household_id)
                .order_by(col(HelpSession.occurred_at).desc())
            )
        )
