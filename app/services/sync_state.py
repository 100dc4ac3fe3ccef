"""The device's sync state: which server and team it is enrolled with, its cursor, and how the
last sync went, in plain Vietnamese for the sync screen. The token itself is not kept here
(sync/tokens.py keeps it in the platform's secure storage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import delete, func, select

from app.db import Store
from app.models import GuideOpens, HelpSession, Household, OutboxEntry, SetAside, SyncState
from wire.clock import as_utc, utcnow


class State:
    """Where the device's sync stands, in the words the sync runner reports and the sync screen
    shows."""

    NOT_ENROLLED = "not_enrolled"
    IDLE = "idle"  # the last sync finished well (or none ran yet)
    SYNCING = "syncing"
    OFFLINE = "offline"  # the last sync could not reach the server
    ERROR = "error"  # the server refused something: see last_error_message
    REVOKED = "revoked"


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    device_id: int
    device_name: str
    team_id: int
    team_name: str
    commune_id: str


def get(store: Store) -> SyncState:
    """The state row (an empty one before the first enrolment)."""
    with store.session() as session:
        state = session.get(SyncState, 1)
        if state is None:
            return SyncState()
        for name in ("last_attempt_at", "last_success_at", "revoked_at"):
            moment = getattr(state, name)
            if moment is not None:
                setattr(state, name, as_utc(moment))
        return state


def is_enrolled(store: Store) -> bool:
    state = get(store)
    return state.device_id is not None and bool(state.server_url)


def enrolled(store: Store, enrolment: Enrolment) -> None:
    """A new enrolment: a new device on the server, so the pull starts again from the
    beginning and any old error or revocation is forgotten. Unsynced records stay queued."""
    with store.session() as session:
        session.merge(
            SyncState(
                id=1,
                server_url=enrolment.server_url.rstrip("/"),
                device_id=enrolment.device_id,
                device_name=enrolment.device_name,
                team_id=enrolment.team_id,
                team_name=enrolment.team_name,
                commune_id=enrolment.commune_id,
            )
        )


def left_team(store: Store) -> None:
    """The device moved to another team (everything of the old one is on the server): the old
    team's households, their sessions and the device's counts of guide opens leave the device;
    the places, guides and media stay."""
    with store.session() as session:
        for model in (HelpSession, Household, GuideOpens, SetAside, OutboxEntry):
            session.exec(delete(model))


def cursor(store: Store) -> str:
    return get(store).cursor


def _update(store: Store, **values: object) -> None:
    with store.session() as session:
        state = session.get(SyncState, 1) or SyncState()
        for name, value in values.items():
            setattr(state, name, value)
        session.add(state)


def attempted(store: Store, at: datetime | None = None) -> None:
    _update(store, last_attempt_at=at or utcnow())


def succeeded(store: Store, at: datetime | None = None) -> None:
    _update(store, last_success_at=at or utcnow(), last_error_code="", last_error_message="")


def failed(store: Store, code: str, message: str) -> None:
    """Why the last sync did not finish: a stable code and a sentence in plain Vietnamese."""
    _update(store, last_error_code=code, last_error_message=message)


def revoked(store: Store, message: str, at: datetime | None = None) -> None:
    """The team leader revoked this device. Its unsynced records stay until it is enrolled again."""
    _update(
        store,
        revoked_at=at or utcnow(),
        last_error_code="device_revoked",
        last_error_message=message,
    )


def pending_records(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(OutboxEntry)).one()
