"""Fifty devices of two teams push overlapping batches at the same moment to a live uvicorn
server: every record is stored exactly once, the newest version of each household wins, every
change gets its own number, and every device hears back exactly the ids it sent."""

from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import timedelta

import apitest as records
import httpx
from apitest import LiveServer, World
from sqlalchemy import func
from sqlmodel import Session, select

from server.core.db import session_scope
from server.models import AuditEntry, HelpSession, Household, Team
from server.services import enrolment
from wire.clock import utcnow

DEVICES = 50
HOUSEHOLDS_PER_TEAM = 60
SESSIONS_PER_HOUSEHOLD = 2
PER_BATCH = 30  # households; each comes with its sessions: 90 records a batch
ROUNDS = 2


def _enrol_devices(app, world: World) -> list[tuple[int, str]]:
    """(team id, token) for each device, enrolled through the service (the HTTP way has its
    own tests, and its rate limit would only slow this one down)."""
    devices = []
    with session_scope(app.state.cnscd.engine) as s:
        for n in range(DEVICES):
            team = s.get(Team, world.team_a if n % 2 == 0 else world.team_b)
            issued = enrolment.issue_code(s, team, timedelta(hours=1), "test", None)
            _device, token = enrolment.enrol(s, issued.code, f"Máy {n}")
            devices.append((team.id, token))
    return devices


def _pool(village: str, rng: random.Random) -> dict[str, list[dict]]:
    """Per household id: [older version, newer version, its sessions...]."""
    pool, start = {}, utcnow() - timedelta(hours=2)
    for n in range(HOUSEHOLDS_PER_TEAM):
        old = records.household(village, name=f"Hộ số {n}", updated_at=start)
        hid = old["payload"]["id"]
        new = records.household(
            village,
            name=f"Hộ số {n} (đã sửa)",
            updated_at=start + timedelta(minutes=30),
            record_id=hid,
        )
        sessions = [
            records.session(
                hid, updated_at=start + timedelta(minutes=m), minutes=rng.randint(5, 60)
            )
            for m in range(SESSIONS_PER_HOUSEHOLD)
        ]
        pool[hid] = [old, new, *sessions]
    return pool


def test_fifty_devices_pushing_overlapping_batches_at_once(app, world: World) -> None:
    rng = random.Random(6)
    devices = _enrol_devices(app, world)
    pools = {world.team_a: _pool(world.village_a, rng), world.team_b: _pool(world.village_b, rng)}
    newest_sent: dict[str, bool] = {}
    batches: list[list[tuple[str, dict]]] = []  # per device: (token, body) per round
    for team_id, token in devices:
        rounds = []
        for _ in range(ROUNDS):
            chosen = rng.sample(sorted(pools[team_id]), PER_BATCH)
            body = []
            for hid in chosen:
                old, new, *sessions = pools[team_id][hid]
                newer = rng.random() < 0.5
                newest_sent[hid] = newest_sent.get(hid, False) or newer
                body += [new if newer else old, *sessions]
            rng.shuffle(body)  # households after their sessions too: one batch is one transaction
            rounds.append((token, {"records": body}))
        batches.append(rounds)

    answers: list[tuple[dict, httpx.Response]] = []
    lock, start = threading.Lock(), threading.Barrier(DEVICES)

    def device(rounds: list[tuple[str, dict]]) -> None:
        with httpx.Client(base_url=live.url, timeout=120) as http:
            start.wait()
            for token, body in rounds:
                answer = http.post("/api/v1/sync/push", json=body, headers=World.auth(token))
                with lock:
                    answers.append((body, answer))

    with LiveServer(app) as live:
        threads = [threading.Thread(target=device, args=(rounds,)) for rounds in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)

    assert len(answers) == DEVICES * ROUNDS
    for body, answer in answers:
        assert answer.status_code == 200, answer.text
        assert set(answer.json()["stored"]) == {r["payload"]["id"] for r in body["records"]}

    pushed_households = set(newest_sent)
    pushed_sessions = {
        s["payload"]["id"]
        for pool in pools.values()
        for hid, (_o, _n, *ss) in pool.items()
        if hid in pushed_households
        for s in ss
    }
    with Session(app.state.cnscd.engine) as s:
        households = {h.id: h for h in s.exec(select(Household))}
        sessions = {x.id: x for x in s.exec(select(HelpSession))}
        pushes = s.exec(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "sync.push")
        ).one()
    assert set(households) == pushed_households
    assert set(sessions) == pushed_sessions
    for hid, household in households.items():
        team = world.team_a if hid in pools[world.team_a] else world.team_b
        assert household.team_id == team
        assert household.head_name.endswith("(đã sửa)") == newest_sent[hid], hid
    for team_id in pools:
        numbers = Counter(
            [h.seq for h in households.values() if h.team_id == team_id]
            + [x.seq for x in sessions.values() if x.team_id == team_id]
        )
        assert all(n == 1 for n in numbers.values()), (
            "two changes of one team share a change number"
        )
    assert pushes == DEVICES * ROUNDS
