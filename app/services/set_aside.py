"""Records set aside: what the server refused (or what no longer keeps the wire's rules, e.g.
written by an older app) is taken out of the outbox so that everything else goes up, and kept
here with why, until the volunteer fixes it or discards it (CommCare's quarantine).

- Fixing is editing: the household's or the session's form saves a new version, whose outbox
  entry replaces the one set aside (outbox.enqueue forgets it here).
- Discarding removes the record from this device: a help session, or a household with its
  sessions (a household's sessions wait while it is set aside: they would be refused without
  it).
- Why is said in words a volunteer understands, naming the household or the session, from the
  catalogue (wire.messages) by the refusal's code; never a place in a payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, delete, func, select

from app.db import Store
from app.models import Area, GuideOpens, HelpSession, Household, OutboxEntry, SetAside
from app.services import settings
from wire import messages
from wire.clock import as_utc, show_date, show_datetime, utcnow

REPORTED_KEY = "set_aside_reported"  # the count the server was last told
# Codes whose catalogue words say what to do without naming a place in a payload.
_PLAIN = {
    "markup_not_allowed",
    "control_character",
    "date_out_of_range",
    "identity_number_in_note",
    "follow_up_date_required",
    "follow_up_date_unexpected",
    "too_many_services",
    "too_many_guides_shared",
}


@dataclass(frozen=True)
class Refusal:
    """Why a record is set aside: the refusal's code, the field it named (a dotted place, kept
    for the record but never shown), the figures its words name, the server's own words."""

    code: str
    field: str = ""
    params: dict | None = None
    message: str = ""
    message_en: str = ""


@dataclass(frozen=True)
class Item:
    """A record set aside, as the sync screen lists it."""

    id: int
    record_type: str
    record_id: str
    household_id: str | None  # the household to open (its own, or the session's)
    what: str  # which record, in words: "Hộ Vũ Thị Hoa (Thôn Khe Cát)"
    why: str  # why, in words a volunteer understands
    can_fix: bool  # a household or a session: there is a form to fix it in


def put(session: Session, entry_id: int, version: int, refusal: Refusal) -> bool:
    """Move the outbox entry (in the version that was refused) here. False when it was edited
    meanwhile: the newer version goes up instead."""
    entry = session.get(OutboxEntry, entry_id)
    if entry is None or entry.version != version:
        return False
    session.exec(
        delete(SetAside).where(
            SetAside.record_type == entry.record_type, SetAside.record_id == entry.record_id
        )
    )
    session.add(
        SetAside(
            record_type=entry.record_type,
            record_id=entry.record_id,
            payload=entry.payload,
            code=refusal.code,
            field=refusal.field,
            params=_plain_params(refusal.params),
            message=refusal.message,
            message_en=refusal.message_en,
            set_aside_at=utcnow(),
        )
    )
    session.delete(entry)
    return True


def _plain_params(params: dict | None) -> dict:
    return {k: v for k, v in (params or {}).items() if isinstance(v, str | int | float | bool)}


def forget(session: Session, record_type: str, record_ids: list[str]) -> None:
    """A new version of these records is queued (or they are gone): nothing of them waits here."""
    if record_ids:  # a plain statement: this runs on every write of a record
        table = SetAside.__table__
        session.execute(
            table.delete().where(
                table.c.record_type == record_type, table.c.record_id.in_(record_ids)
            )
        )


def count(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(SetAside)).one()


def households(store: Store) -> set[str]:
    """The households set aside: their sessions wait for them."""
    with store.session() as session:
        return set(
            session.exec(select(SetAside.record_id).where(SetAside.record_type == "household"))
        )


def items(store: Store, language: str = "vi") -> list[Item]:
    """Everything set aside, the oldest first, with which record and why in words."""
    with store.session() as session:
        rows = list(session.exec(select(SetAside).order_by(SetAside.id)))
        return [_item(session, row, language) for row in rows]


def _item(session: Session, row: SetAside, language: str) -> Item:
    payload = row.payload
    household_id: str | None = None
    if row.record_type == "household":
        household_id = row.record_id
        what = _text(
            "set_aside_household",
            language,
            household=_household_words(session, row.record_id, payload),
        )
    elif row.record_type == "help_session":
        household_id = payload.get("household_id")
        when = payload.get("occurred_at") or ""
        shown = show_datetime(as_utc(datetime.fromisoformat(when))) if when else ""
        what = _text(
            "set_aside_session",
            language,
            when=shown,
            household=_household_words(session, household_id or "", {}),
        )
    elif row.record_type == "household_erasure":
        what = _text("set_aside_erasure", language)
    else:
        day = payload.get("day")
        what = _text(
            "set_aside_opens",
            language,
            guide=payload.get("guide_code", ""),
            day=show_date(date.fromisoformat(day)) if day else "",
        )
    return Item(
        row.id,
        row.record_type,
        row.record_id,
        household_id,
        what,
        reason(row, language),
        row.record_type in ("household", "help_session"),
    )


def _household_words(session: Session, household_id: str, payload: dict) -> str:
    household = session.get(Household, household_id) if household_id else None
    name = household.head_name if household else payload.get("head_name", "")
    village_id = household.village_id if household else payload.get("village_id")
    village = session.get(Area, village_id) if village_id else None
    return f"{name} ({village.name})" if village else name


def reason(row: SetAside, language: str = "vi") -> str:
    """Why, in the catalogue's words: the refusal's own when they are plain, else the words of
    the set-aside catalogue for that code, else a general sentence."""
    if row.code in _PLAIN:
        return messages.text(row.code, language, **row.params)
    own = f"set_aside_{row.code}"
    return _text(own if own in messages.MESSAGES else "set_aside_refused", language, **row.params)


def _text(code: str, language: str, **params: object) -> str:
    return messages.text(code, language, **params)


def discard(store: Store, item_id: int) -> None:
    """Remove the record set aside from this device: it will not go up. A household goes with
    its sessions (and anything of them still waiting)."""
    with store.session() as session:
        row = session.get(SetAside, item_id)
        if row is None:
            return
        if row.record_type == "help_session":
            held = session.get(HelpSession, row.record_id)
            if held is not None:
                session.delete(held)
        elif row.record_type == "household":
            session_ids = list(
                session.exec(
                    select(HelpSession.id).where(HelpSession.household_id == row.record_id)
                )
            )
            session.exec(
                delete(OutboxEntry).where(
                    col(OutboxEntry.record_id).in_([row.record_id, *session_ids])
                )
            )
            forget(session, "help_session", session_ids)
            session.exec(delete(HelpSession).where(HelpSession.household_id == row.record_id))
            held = session.get(Household, row.record_id)
            if held is not None:
                session.delete(held)
        elif row.record_type == "guide_opens":
            held = session.get(GuideOpens, row.record_id)
            if held is not None:
                session.delete(held)
        session.delete(row)


def reported(store: Store) -> int | None:
    """The count the server was last told (None: never)."""
    value = settings.get(store, REPORTED_KEY)
    return int(value) if value is not None else None


def mark_reported(store: Store, told: int) -> None:
    settings.put(store, REPORTED_KEY, str(told))
