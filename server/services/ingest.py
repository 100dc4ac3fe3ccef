"""Push: a device's batch of records, stored all together or not at all.

Idempotent by the records' UUIDs, so a retried batch changes nothing:
- households merge by wire.hlc.merge, the devices' rule (field-level last writer wins by
  hybrid-logical-clock timestamp). Only a household that the merge actually changed gets a
  new change number, so devices pull it again;
- help sessions are written by one device each: a version with a later clock (its HLC
  timestamp; for apps that send none, one made from its `updated_at`) replaces the held one
  (edits made before the device saw it confirmed). A version older than the one held is not
  kept, and its id is answered as superseded, never as stored;
- an erasure wins over everything: the household and its sessions go, and no later push
  brings them back;
- a device's count of guide opens (one per guide and day, from its local guide server) only
  grows: the largest count sent is kept.
The team's row is locked first, so the team's change numbers are handed out in commit order
and concurrent batches of one team queue instead of deadlocking.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from sqlalchemy import Engine, Table, delete, literal, union_all, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from server.core.db import any_of, dialect_insert, session_scope
from server.core.errors import ApiError
from server.models import (
    Area,
    AreaLevel,
    Device,
    HelpSession,
    Household,
    HouseholdErasure,
    SharedOpen,
    Team,
)
from server.reports import summaries
from server.services import audit
from wire import rules
from wire.api import PushRequest, PushResponse
from wire.clock import as_utc, utcnow
from wire.hlc import CLOCKED, merge
from wire.records import (
    GuideOpensPayload,
    HelpSessionPayload,
    HouseholdErasurePayload,
    HouseholdPayload,
    moments,
    session_version,
)

log = logging.getLogger("cnscd.server.ingest")
CLOCK_SKEW = rules.CLOCK_AHEAD  # a device's clock may run ahead; further ahead is a bad date
LEGACY_NODE = "00000000"
_RETRIES = 3


def push(engine: Engine, device: Device, request: PushRequest) -> PushResponse:
    households, sessions, erasures, opens = _split(request)
    _check_dates(households, sessions, erasures, opens, utcnow())
    for attempt in range(_RETRIES):
        try:
            with session_scope(engine) as session, session.no_autoflush:
                # The team row's new change numbers are written once, at commit, instead of
                # before every statement that follows a change to them (the writes are Core).
                superseded = _store(session, device, households, sessions, erasures, opens)
            break
        except DBAPIError as exc:  # a deadlock or serialisation failure: try the batch again
            if attempt + 1 == _RETRIES or getattr(exc.orig, "sqlstate", None) not in {
                "40P01",
                "40001",
            }:
                raise
            time.sleep(0.05 * (attempt + 1))
    log.info(
        "push stored",
        extra={
            "device_id": device.id,
            "team_id": device.team_id,
            "households": len(households),
            "sessions": len(sessions),
            "erasures": len(erasures),
            "guide_opens": len(opens),
        },
    )
    ids = dict.fromkeys(r.payload.id for r in request.records)
    return PushResponse(
        stored=[i for i in ids if i not in superseded],
        superseded=[i for i in ids if i in superseded],
    )


def _split(
    request: PushRequest,
) -> tuple[
    list[HouseholdPayload],
    list[HelpSessionPayload],
    list[HouseholdErasurePayload],
    list[GuideOpensPayload],
]:
    """Records by type, one per id: households merged, the newest version of each session, the
    largest count of each day's guide opens."""
    households: dict[str, HouseholdPayload] = {}
    sessions: dict[str, HelpSessionPayload] = {}
    erasures: dict[str, HouseholdErasurePayload] = {}
    opens: dict[str, GuideOpensPayload] = {}
    for record in request.records:
        p = record.payload
        if isinstance(p, HouseholdPayload):
            households[p.id] = merge(households[p.id], p) if p.id in households else p
        elif isinstance(p, HelpSessionPayload):
            p = p if p.clock else p.model_copy(update={"clock": legacy_clock(p.updated_at)})
            if p.id not in sessions or session_version(p) > session_version(sessions[p.id]):
                sessions[p.id] = p
        elif isinstance(p, GuideOpensPayload):
            if p.id not in opens or p.count > opens[p.id].count:
                opens[p.id] = p
        else:
            erasures.setdefault(p.id, p)
    # Sorted by id: every transaction takes row locks in the same order.
    return tuple(
        sorted(d.values(), key=lambda p: p.id) for d in (households, sessions, erasures, opens)
    )  # type: ignore[return-value]


def legacy_clock(updated_at: datetime) -> str:
    """The clock of a session version from an app that sends none: its updated_at (alembic 0004
    gave the sessions held before clocks the same)."""
    return f"{int(as_utc(updated_at).timestamp() * 1000):013d}-0000-{LEGACY_NODE}"


def _check_dates(
    households: list[HouseholdPayload],
    sessions: list,
    erasures: list,
    opens: list[GuideOpensPayload],
    now: datetime,
) -> None:
    latest = now + CLOCK_SKEW
    for payload in (*households, *sessions, *erasures, *opens):
        if max(moments(payload)) > latest:
            raise ApiError(422, "date_in_future", record_id=payload.id)


def _store(
    session: Session,
    device: Device,
    households: list[HouseholdPayload],
    sessions: list[HelpSessionPayload],
    erasures: list[HouseholdErasurePayload],
    opens: list[GuideOpensPayload],
) -> set[str]:
    """Store the batch; answers the ids of the session versions not kept (a later one is held)."""
    team = session.exec(select(Team).where(Team.id == device.team_id).with_for_update()).one()
    household_ids = (
        {h.id for h in households} | {s.household_id for s in sessions} | {e.id for e in erasures}
    )
    # Every id the batch names, looked up in every table: an id another team holds, as any
    # kind of record (an erasure naming a session of another team's, say), refuses the batch.
    named = household_ids | {s.id for s in sessions} | {o.id for o in opens}
    owners_by_model = _owners(session, named)
    held = {i: t for i, t in owners_by_model[Household].items() if i in household_ids}
    erased = {i: t for i, t in owners_by_model[HouseholdErasure].items() if i in household_ids}
    for owners in owners_by_model.values():
        for record_id, team_id in owners.items():
            if team_id != team.id:
                raise ApiError(403, "forbidden_record", record_id=record_id)
    _check_villages(session, team, {h.village_id for h in households})

    gone = set(erased) | {e.id for e in erasures}
    households = [h for h in households if h.id not in gone]
    sessions = [
        s for s in sessions if s.household_id not in gone
    ]  # the household asked to be forgotten
    known = set(held) | {h.id for h in households}
    for s in sessions:
        if s.household_id not in known:
            raise ApiError(422, "unknown_household", record_id=s.id)

    now = utcnow()
    deltas = summaries.Deltas()
    team.change_seq = _store_households(session, team, households, team.change_seq, now, deltas)
    team.change_seq, superseded = _store_sessions(
        session, team, device, sessions, team.change_seq, now, deltas
    )
    new_erasures = [e for e in erasures if e.id not in erased]
    if new_erasures:
        ids = [e.id for e in new_erasures]
        deltas.between(summaries.counted_sessions(session, households=ids), {})
        deltas.follow_ups -= set(ids)
        session.exec(delete(HelpSession).where(any_of(session, HelpSession.household_id, ids)))
        session.exec(delete(Household).where(any_of(session, Household.id, ids)))
        rows = [
            {
                "id": e.id,
                "team_id": team.id,
                "erased_at": e.erased_at,
                "received_at": now,
                "seq": team.change_seq + i,
            }
            for i, e in enumerate(new_erasures, start=1)
        ]
        team.change_seq += len(rows)
        session.execute(
            dialect_insert(session, HouseholdErasure.__table__)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["id"])
        )
    summaries.apply(session, deltas)
    session.add(team)
    _store_opens(session, team, device, opens, now)
    audit.record(
        session,
        f"device:{device.id}",
        "sync.push",
        f"team:{team.id}",
        households=len(households),
        sessions=len(sessions),
        erasures=len(new_erasures),
        guide_opens=len(opens),
    )
    session.exec(update(Device).where(Device.id == device.id).values(last_seen_at=now))
    return superseded


def _store_households(
    session: Session,
    team: Team,
    households: list[HouseholdPayload],
    seq: int,
    now: datetime,
    deltas: summaries.Deltas,
) -> int:
    """New households are inserted; held ones merged field by field and written only when the
    merge changed them. Answers the team's change number after them. A household placed in
    another village takes its sessions' counts with it (`deltas`)."""
    if not households:
        return seq
    held = {
        h.id: h
        for h in session.exec(
            select(Household).where(any_of(session, Household.id, [h.id for h in households]))
        )
    }
    inserts, changes = [], []
    for version in households:
        row = held.get(version.id)
        if row is not None:
            before = HouseholdPayload.held(row)
            merged = merge(before, version)
            if merged == before:
                continue
            version = merged
        seq += 1
        fields = {name: getattr(version, name) for name in CLOCKED}
        fields |= {
            "clocks": version.clocks.model_dump(),
            "consent_at": version.consent_at,
            "updated_at": version.updated_at,
            "received_at": now,
            "seq": seq,
        }
        (changes if row is not None else inserts).append({"id": version.id, **fields})
    if inserts:
        # Rows as parameters (executemany), not as one VALUES list: the statement is compiled once
        # and cached instead of once per batch, which was a third of the server's time per push.
        # Numbered within the team under its row's lock (held since the push began).
        first = team.households_numbered
        team.households_numbered += len(inserts)
        session.execute(
            dialect_insert(session, Household.__table__),
            [{**r, "team_id": team.id, "reach_index": first + i} for i, r in enumerate(inserts)],
        )
    moved = [r["id"] for r in changes if r["village_id"] != held[r["id"]].village_id]
    before = summaries.counted_sessions(session, households=moved) if moved else {}
    table = Household.__table__
    for row in changes:
        values = {k: v for k, v in row.items() if k != "id"}
        session.execute(update(table).where(table.c.id == row["id"]).values(**values))
    if moved:
        deltas.between(before, summaries.counted_sessions(session, households=moved))
    return seq


def _store_sessions(
    session: Session,
    team: Team,
    device: Device,
    sessions: list[HelpSessionPayload],
    seq: int,
    now: datetime,
    deltas: summaries.Deltas,
) -> tuple[int, set[str]]:
    """Sessions not held, or held in an older version (by clock), are written with new change
    numbers. Answers the team's change number after them, and the ids of the versions older
    than the one held; what the summaries count of them changes by `deltas`."""
    if not sessions:
        return seq, set()
    held = {
        sid: (clock, as_utc(updated_at))
        for sid, clock, updated_at in session.exec(
            select(HelpSession.id, HelpSession.clock, HelpSession.updated_at).where(
                any_of(session, HelpSession.id, [s.id for s in sessions])
            )
        ).all()
    }
    fresh = [s for s in sessions if s.id not in held or held[s.id] < session_version(s)]
    superseded = {s.id for s in sessions if s.id in held and held[s.id] > session_version(s)}
    if not fresh:
        return seq, superseded
    written = [s.id for s in fresh]
    before = summaries.counted_sessions(session, ids=[i for i in written if i in held])
    rows = [
        {
            "id": s.id,
            "team_id": team.id,
            "household_id": s.household_id,
            "device_id": device.id,
            "occurred_at": s.occurred_at,
            "services": list(s.services),
            "guides": list(s.guides),
            "outcome": s.outcome,
            "follow_up_on": s.follow_up_on,
            "minutes": s.minutes,
            "note": s.note,
            "updated_at": s.updated_at,
            "clock": s.clock,
            "received_at": now,
            "seq": seq + i,
        }
        for i, s in enumerate(fresh, start=1)
    ]
    _upsert(
        session,
        HelpSession.__table__,
        rows,
        [
            "household_id",
            "device_id",
            "occurred_at",
            "services",
            "guides",
            "outcome",
            "follow_up_on",
            "minutes",
            "note",
            "updated_at",
            "clock",
            "received_at",
            "seq",
        ],
    )
    deltas.between(before, summaries.counted_sessions(session, ids=written))
    return seq + len(rows), superseded


def _store_opens(
    session: Session, team: Team, device: Device, opens: list[GuideOpensPayload], now: datetime
) -> None:
    """A day's count of a guide's opens on one device only grows: keep the largest sent (and
    add what grew to the commune's summary)."""
    if not opens:
        return
    ids = sorted(o.id for o in opens)
    before = summaries.shared_opens(session, ids)
    table = SharedOpen.__table__
    statement = dialect_insert(session, table)
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={
            "count": statement.excluded["count"],
            "received_at": statement.excluded["received_at"],
        },
        where=table.c.count < statement.excluded["count"],
    )
    rows = [
        {
            "id": o.id,
            "team_id": team.id,
            "device_id": device.id,
            "guide_code": o.guide_code,
            "day": o.day,
            "commune_id": team.commune_id,
            "count": o.count,
            "received_at": now,
        }
        for o in opens
    ]
    session.execute(statement, rows)
    summaries.add_shared_opens(session, before, summaries.shared_opens(session, ids))


_RECORD_TABLES = (Household, HouseholdErasure, HelpSession, SharedOpen)


def _owners(session: Session, ids: set[str]) -> dict[type, dict[str, int]]:
    """The team of each of these ids that a record table holds, by table: one statement."""
    owners: dict[type, dict[str, int]] = {model: {} for model in _RECORD_TABLES}
    if ids:
        named = sorted(ids)
        tables = [
            select(literal(n).label("model"), model.id, model.team_id).where(
                any_of(session, model.id, named)
            )
            for n, model in enumerate(_RECORD_TABLES)
        ]
        for n, record_id, team_id in session.execute(union_all(*tables)):
            owners[_RECORD_TABLES[n]][record_id] = team_id
    return owners


def _check_villages(session: Session, team: Team, village_ids: set[str]) -> None:
    if not village_ids:
        return
    found = set(
        session.exec(
            select(Area.id).where(
                any_of(session, Area.id, sorted(village_ids)),
                Area.level == AreaLevel.VILLAGE.value,
                Area.parent_id == team.commune_id,
                col(Area.retired_at).is_(None),
            )
        )
    )
    missing = sorted(village_ids - found)
    if missing:
        raise ApiError(422, "unknown_village", village_id=missing[0])


def _upsert(session: Session, table: Table, rows: list[dict], columns: list[str]) -> None:
    """Insert, or overwrite a held row of the same team whose version (clock, then updated_at)
    is older."""
    statement = dialect_insert(session, table)
    new = statement.excluded
    older = (table.c.clock < new.clock) | (
        (table.c.clock == new.clock) & (table.c.updated_at < new.updated_at)
    )
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: new[name] for name in columns},
        where=older & (table.c.team_id == new.team_id),
    )
    session.execute(statement, rows)  # executemany: compiled once, cached (see _store_households)
