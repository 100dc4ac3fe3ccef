"""Push: a device's batch of records, stored all together or not at all.

Idempotent by the records' UUIDs: a record already held in a version at least as new is left
as it is (the newest `updated_at` wins), so a retried batch changes nothing. The team's row is
locked first, so the team's change numbers are handed out in commit order and concurrent
batches of one team queue instead of deadlocking.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from server.core.clock import utcnow
from server.core.db import session_scope
from server.core.errors import ApiError
from server.models import Area, AreaLevel, Device, HelpSession, Household, HouseholdErasure, Team
from server.services import audit
from sync.protocol import (
    HelpSessionPayload,
    HouseholdErasurePayload,
    HouseholdPayload,
    PushRequest,
    PushResponse,
)

log = logging.getLogger("cnscd.server.ingest")
CLOCK_SKEW = timedelta(days=1)  # a device's clock may run ahead; further ahead is a bad date
_RETRIES = 3


def push(engine: Engine, device: Device, request: PushRequest) -> PushResponse:
    households, sessions, erasures = _split(request)
    _check_dates(households, sessions, erasures, utcnow())
    for attempt in range(_RETRIES):
        try:
            with session_scope(engine) as session:
                _store(session, device, households, sessions, erasures)
            break
        except DBAPIError as exc:  # a deadlock or serialisation failure: try the batch again
            if attempt + 1 == _RETRIES or getattr(exc.orig, "sqlstate", None) not in {"40P01", "40001"}:
                raise
            time.sleep(0.05 * (attempt + 1))
    log.info(
        "push stored",
        extra={"device_id": device.id, "team_id": device.team_id, "households": len(households),
               "sessions": len(sessions), "erasures": len(erasures)},
    )
    return PushResponse(stored=list(dict.fromkeys(r.payload.id for r in request.records)))


def _split(request: PushRequest) -> tuple[list[HouseholdPayload], list[HelpSessionPayload], list[HouseholdErasurePayload]]:
    """Records by type, one per id: the newest version of each."""
    newest: dict[tuple[str, str], object] = {}
    for record in request.records:
        key = (record.type, record.payload.id)
        held = newest.get(key)
        if held is None or getattr(record.payload, "updated_at", None) and record.payload.updated_at > held.updated_at:
            newest[key] = record.payload
    by_type = {kind: [p for (k, _), p in newest.items() if k == kind] for kind in ("household", "help_session", "household_erasure")}
    # Sorted by id: every transaction takes row locks in the same order.
    return tuple(sorted(by_type[k], key=lambda p: p.id) for k in ("household", "help_session", "household_erasure"))  # type: ignore[return-value]


def _check_dates(households: list, sessions: list, erasures: list, now: datetime) -> None:
    latest = now + CLOCK_SKEW
    moments = [(h.id, h.updated_at) for h in households] + [(h.id, h.consent_at) for h in households]
    moments += [(s.id, s.occurred_at) for s in sessions] + [(s.id, s.updated_at) for s in sessions]
    moments += [(e.id, e.erased_at) for e in erasures]
    for record_id, moment in moments:
        if moment > latest:
            raise ApiError(
                422, "date_in_future", "Ngày giờ của bản ghi ở tương lai; hãy kiểm tra đồng hồ của máy.",
                "A record's date is in the future; check the device's clock.", record_id=record_id,
            )


def _store(session: Session, device: Device, households: list[HouseholdPayload],
           sessions: list[HelpSessionPayload], erasures: list[HouseholdErasurePayload]) -> None:
    team = session.exec(select(Team).where(Team.id == device.team_id).with_for_update()).one()
    household_ids = {h.id for h in households} | {s.household_id for s in sessions} | {e.id for e in erasures}
    held = _owners(session, Household, household_ids)
    erased = _owners(session, HouseholdErasure, household_ids)
    for owners in (held, erased, _owners(session, HelpSession, {s.id for s in sessions})):
        for record_id, team_id in owners.items():
            if team_id != team.id:
                raise ApiError(
                    403, "forbidden_record", "Bản ghi này thuộc tổ khác.", "This record belongs to another team.",
                    record_id=record_id,
                )
    _check_villages(session, team, {h.village_id for h in households})

    gone = set(erased) | {e.id for e in erasures}
    households = [h for h in households if h.id not in gone]
    sessions = [s for s in sessions if s.household_id not in gone]  # the household asked to be forgotten
    known = set(held) | {h.id for h in households}
    for s in sessions:
        if s.household_id not in known:
            raise ApiError(
                422, "unknown_household", "Buổi hỗ trợ gắn với một hộ chưa được gửi lên.",
                "The session's household has not been pushed.", record_id=s.id,
            )

    seq = team.change_seq
    now = utcnow()
    if households:
        rows = [
            {"id": h.id, "team_id": team.id, "village_id": h.village_id, "head_name": h.head_name, "phone": h.phone,
             "consent_at": h.consent_at, "updated_at": h.updated_at, "received_at": now, "seq": seq + i}
            for i, h in enumerate(households, start=1)
        ]
        seq += len(rows)
        _upsert(session, Household.__table__, rows, ["village_id", "head_name", "phone", "consent_at", "updated_at", "received_at", "seq"])
    if sessions:
        rows = [
            {"id": s.id, "team_id": team.id, "household_id": s.household_id, "device_id": device.id,
             "occurred_at": s.occurred_at, "services": list(s.services), "guides": list(s.guides), "outcome": s.outcome,
             "follow_up_on": s.follow_up_on, "minutes": s.minutes, "note": s.note, "updated_at": s.updated_at,
             "received_at": now}
            for s in sessions
        ]
        _upsert(session, HelpSession.__table__, rows, ["household_id", "device_id", "occurred_at", "services", "guides",
                                                       "outcome", "follow_up_on", "minutes", "note", "updated_at", "received_at"])
    new_erasures = [e for e in erasures if e.id not in erased]
    if new_erasures:
        ids = [e.id for e in new_erasures]
        session.exec(delete(HelpSession).where(col(HelpSession.household_id).in_(ids)))
        session.exec(delete(Household).where(col(Household.id).in_(ids)))
        rows = [{"id": e.id, "team_id": team.id, "erased_at": e.erased_at, "received_at": now, "seq": seq + i}
                for i, e in enumerate(new_erasures, start=1)]
        seq += len(rows)
        session.execute(_insert(session, HouseholdErasure.__table__).values(rows).on_conflict_do_nothing(index_elements=["id"]))
    team.change_seq = seq
    session.add(team)
    audit.record(session, f"device:{device.id}", "sync.push", f"team:{team.id}",
                 households=len(households), sessions=len(sessions), erasures=len(new_erasures))
    session.exec(update(Device).where(Device.id == device.id).values(last_seen_at=now))


def _owners(session: Session, model: type, ids: set[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = session.exec(select(model.id, model.team_id).where(col(model.id).in_(sorted(ids))))
    return dict(rows.all())


def _check_villages(session: Session, team: Team, village_ids: set[str]) -> None:
    if not village_ids:
        return
    found = set(session.exec(select(Area.id).where(
        col(Area.id).in_(sorted(village_ids)), Area.level == AreaLevel.VILLAGE.value, Area.parent_id == team.commune_id,
    )))
    missing = sorted(village_ids - found)
    if missing:
        raise ApiError(422, "unknown_village", "Thôn/bản không thuộc xã của tổ.", "The village is not in the team's commune.",
                       village_id=missing[0])


def _insert(session: Session, table: Table):
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(table)


def _upsert(session: Session, table: Table, rows: list[dict], columns: list[str]) -> None:
    """Insert, or overwrite a held row of the same team whose `updated_at` is older."""
    statement = _insert(session, table).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: statement.excluded[name] for name in columns},
        where=(table.c.updated_at < statement.excluded.updated_at) & (table.c.team_id == statement.excluded.team_id),
    )
    session.execute(statement)
