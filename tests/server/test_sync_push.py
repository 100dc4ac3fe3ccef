"""POST /api/v1/sync/push: idempotent upserts, newest wins, atomic batches, gzip, erasures."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

import apitest as records
from apitest import World
from sqlalchemy import func, select
from sqlmodel import Session

from server.models import AuditEntry, HelpSession, Household, HouseholdErasure
from wire.clock import utcnow


def _count(app, model) -> int:
    with Session(app.state.cnscd.engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()[0]


def _get(app, model, record_id: str):
    with Session(app.state.cnscd.engine) as s:
        return s.get(model, record_id)


def test_push_stores_records_and_answers_their_ids(client, app, world: World, device_a) -> None:
    h = records.household(world.village_a)
    s = records.session(h["payload"]["id"], note="Đã kích hoạt VNeID mức 2")
    answer = client.post("/api/v1/sync/push", json={"records": [h, s]}, headers=device_a)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"stored": [h["payload"]["id"], s["payload"]["id"]]}
    stored = _get(app, Household, h["payload"]["id"])
    assert (stored.head_name, stored.phone, stored.team_id) == (
        "Nguyễn Văn An",
        "0912345678",
        world.team_a,
    )
    session = _get(app, HelpSession, s["payload"]["id"])
    assert (session.services, session.note, session.minutes) == (
        ["vneid_muc_2"],
        "Đã kích hoạt VNeID mức 2",
        15,
    )


def test_pushing_the_same_batch_twice_changes_nothing(client, app, world: World, device_a) -> None:
    h = records.household(world.village_a)
    batch = {"records": [h, records.session(h["payload"]["id"])]}
    first = client.post("/api/v1/sync/push", json=batch, headers=device_a)
    seq = _get(app, Household, h["payload"]["id"]).seq
    second = client.post("/api/v1/sync/push", json=batch, headers=device_a)
    assert first.json() == second.json()
    assert (_count(app, Household), _count(app, HelpSession)) == (1, 1)
    assert (
        _get(app, Household, h["payload"]["id"]).seq == seq
    )  # not a change: devices pull nothing new


def test_the_newest_updated_at_wins_whatever_the_arrival_order(
    client, app, world: World, device_a
) -> None:
    now = utcnow()
    older = records.household(
        world.village_a, name="Trần Thị Bình", updated_at=now - timedelta(hours=1)
    )
    newer = records.household(
        world.village_a, name="Trần Thị Bình Minh", updated_at=now, record_id=older["payload"]["id"]
    )
    client.post("/api/v1/sync/push", json={"records": [newer]}, headers=device_a)
    late = client.post("/api/v1/sync/push", json={"records": [older]}, headers=device_a)
    assert late.json() == {
        "stored": [older["payload"]["id"]]
    }  # settled: the server holds a newer one
    assert _get(app, Household, older["payload"]["id"]).head_name == "Trần Thị Bình Minh"
    # within one batch too
    other = records.household(
        world.village_a, name="Lê Văn Cũ", updated_at=now - timedelta(minutes=5)
    )
    other_new = records.household(
        world.village_a, name="Lê Văn Mới", updated_at=now, record_id=other["payload"]["id"]
    )
    client.post("/api/v1/sync/push", json={"records": [other_new, other]}, headers=device_a)
    assert _get(app, Household, other["payload"]["id"]).head_name == "Lê Văn Mới"


def test_gzip_bodies_are_accepted(client, app, world: World, device_a) -> None:
    batch = {"records": [records.household(world.village_a) for _ in range(30)]}
    body = gzip.compress(json.dumps(batch).encode())
    answer = client.post(
        "/api/v1/sync/push",
        content=body,
        headers={**device_a, "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["stored"]) == 30 and _count(app, Household) == 30


def test_a_batch_is_stored_whole_or_not_at_all(client, app, world: World, device_a) -> None:
    good = records.household(world.village_a)
    orphan = records.session(
        "01936b2e-0000-7000-8000-000000000001"
    )  # its household was never pushed
    answer = client.post("/api/v1/sync/push", json={"records": [good, orphan]}, headers=device_a)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "unknown_household"
    assert _count(app, Household) == 0 and _count(app, HelpSession) == 0


def test_a_village_outside_the_teams_commune_is_refused(
    client, app, world: World, device_a
) -> None:
    answer = client.post(
        "/api/v1/sync/push",
        json={"records": [records.household(world.village_b)]},
        headers=device_a,
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unknown_village"
    assert _count(app, Household) == 0


def test_an_erasure_forgets_the_household_and_its_sessions_for_good(
    client, app, world: World, device_a
) -> None:
    h = records.household(world.village_a)
    hid = h["payload"]["id"]
    client.post(
        "/api/v1/sync/push",
        json={"records": [h, records.session(hid), records.session(hid)]},
        headers=device_a,
    )
    answer = client.post(
        "/api/v1/sync/push", json={"records": [records.erasure(hid)]}, headers=device_a
    )
    assert answer.json() == {"stored": [hid]}
    assert (_count(app, Household), _count(app, HelpSession), _count(app, HouseholdErasure)) == (
        0,
        0,
        1,
    )
    # A device that still had an old edit in its outbox cannot bring it back.
    stale = records.household(world.village_a, record_id=hid)
    again = client.post(
        "/api/v1/sync/push", json={"records": [stale, records.session(hid)]}, headers=device_a
    )
    assert (
        again.status_code == 200 and _count(app, Household) == 0 and _count(app, HelpSession) == 0
    )


def test_pushes_are_in_the_audit_log_without_personal_data(
    client, app, world: World, device_a
) -> None:
    h = records.household(world.village_a, name="Hoàng Thị Riêng Tư", phone="0987654321")
    client.post("/api/v1/sync/push", json={"records": [h]}, headers=device_a)
    with Session(app.state.cnscd.engine) as s:
        entries = [e for (e,) in s.exec(select(AuditEntry).where(AuditEntry.action == "sync.push"))]
    assert len(entries) == 1 and entries[0].detail["households"] == 1
    text = json.dumps([e.detail for e in entries]) + entries[0].target + entries[0].actor
    assert "Riêng" not in text and "0987654321" not in text


def test_households_merge_field_by_field_by_their_clocks(
    client, app, world: World, device_a
) -> None:
    now = utcnow()
    base = records.household(
        world.village_a,
        name="Nguyễn Văn An",
        phone="0912345678",
        updated_at=now - timedelta(hours=2),
    )
    hid = base["payload"]["id"]
    client.post("/api/v1/sync/push", json={"records": [base]}, headers=device_a)
    later, earlier = records.clock(now), records.clock(now - timedelta(hours=1))
    old = records.clock(now - timedelta(hours=2))
    # One device changed the name (later); another the phone (earlier) and, before that, nothing else.
    renamed = records.household(
        world.village_a,
        name="Nguyễn Văn Anh",
        phone="0912345678",
        updated_at=now,
        record_id=hid,
        clocks={"head_name": later, "village_id": old, "phone": old},
    )
    rephoned = records.household(
        world.village_a,
        name="Nguyễn Văn An",
        phone="0987654321",
        updated_at=now - timedelta(hours=1),
        record_id=hid,
        clocks={"head_name": old, "village_id": old, "phone": earlier},
    )
    client.post("/api/v1/sync/push", json={"records": [renamed]}, headers=device_a)
    seq = _get(app, Household, hid).seq
    client.post("/api/v1/sync/push", json={"records": [rephoned]}, headers=device_a)
    held = _get(app, Household, hid)
    assert (held.head_name, held.phone) == ("Nguyễn Văn Anh", "0987654321") and held.seq > seq
    assert held.clocks == {"head_name": later, "village_id": old, "phone": earlier}
    again = client.post(
        "/api/v1/sync/push", json={"records": [rephoned, renamed]}, headers=device_a
    )
    assert (
        again.json() == {"stored": [hid]} and _get(app, Household, hid).seq == held.seq
    )  # nothing new


def test_a_clock_far_in_the_future_is_refused(client, app, world: World, device_a) -> None:
    ahead = records.clock(utcnow() + timedelta(days=3))
    h = records.household(world.village_a, clocks={"head_name": ahead})
    answer = client.post("/api/v1/sync/push", json={"records": [h]}, headers=device_a)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "date_in_future"
    assert _count(app, Household) == 0


def _opens(count: int, day: str | None = None, record_id: str | None = None) -> dict:
    from app.ids import uuid7
    from wire.clock import today_local

    return {
        "type": "guide_opens",
        "payload": {
            "id": record_id or uuid7(),
            "guide_code": "vneid-m2",
            "day": day or today_local().isoformat(),
            "count": count,
        },
    }


def test_offline_guide_opens_keep_the_largest_count_sent(
    client, app, world: World, device_a
) -> None:
    from server.models import SharedOpen

    record = _opens(4)
    record_id = record["payload"]["id"]
    for sent in (record, _opens(2, record_id=record_id), _opens(7, record_id=record_id), record):
        answer = client.post("/api/v1/sync/push", json={"records": [sent]}, headers=device_a)
        assert answer.json() == {"stored": [record_id]}
    held = _get(app, SharedOpen, record_id)
    assert (held.count, held.guide_code, held.team_id, held.commune_id) == (
        7,
        "vneid-m2",
        world.team_a,
        world.commune_a,
    )


def test_offline_guide_opens_of_another_team_or_from_the_future_are_refused(
    client, app, world, device_a, device_b
) -> None:
    from server.models import SharedOpen

    record = _opens(3)
    assert (
        client.post("/api/v1/sync/push", json={"records": [record]}, headers=device_a).status_code
        == 200
    )
    stolen = client.post(
        "/api/v1/sync/push",
        json={"records": [_opens(99, record_id=record["payload"]["id"])]},
        headers=device_b,
    )
    assert stolen.status_code == 403 and stolen.json()["error"]["code"] == "forbidden_record"
    future = (utcnow() + timedelta(days=3)).date().isoformat()
    answer = client.post(
        "/api/v1/sync/push", json={"records": [_opens(1, day=future)]}, headers=device_a
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "date_in_future"
    zero = client.post("/api/v1/sync/push", json={"records": [_opens(0)]}, headers=device_a)
    assert (
        zero.status_code == 422
        and zero.json()["error"]["field"] == "records.0.guide_opens.payload.count"
    )
    assert (
        _count(app, SharedOpen) == 1 and _get(app, SharedOpen, record["payload"]["id"]).count == 3
    )
