"""Answered only once durable: every write is committed before its answer goes out, so what a
client does the moment it has the answer sees the write (a revoked device is refused, a new
token works, a new code enrols); reads hold no database connection, nor on SQLite the write
lock, while their answer is on its way."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import httpx
import pytest
from apitest import PASSWORD, LiveServer, World, make_bundle
from sqlmodel import Session, select

from server.cli import main as cli
from server.core.db import session_scope
from server.main import create_app
from server.models import Device, StaffToken, Team
from server.services import enrolment

ROUNDS = 30


@pytest.fixture
def roomy(settings, world: World):
    """The app with the login and enrolment limits out of the way of 30 rounds."""
    app = create_app(
        settings.with_(login_rate_per_minute=1000, enrol_rate_per_minute=1000), run_migrations=False
    )
    yield app
    app.state.cnscd.engine.dispose()


def _devices(app, team_id: int, count: int) -> list[tuple[int, str]]:
    with session_scope(app.state.cnscd.engine) as s:
        team = s.get(Team, team_id)
        made = []
        for n in range(count):
            issued = enrolment.issue_code(s, team, timedelta(hours=1), "test", None)
            device, token = enrolment.enrol(s, issued.code, f"Máy {n}")
            made.append((device.id, token))
    return made


def _login(http: httpx.Client) -> str:
    answer = http.post("/api/v1/auth/login", json={"username": "lead-a", "password": PASSWORD})
    return answer.json().get("token", "refused")


def _code(http: httpx.Client, world: World) -> str:
    issued = http.post(
        f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(world.leader_a)
    )
    return issued.json()["code"]


def test_a_pull_right_after_a_revoke_is_refused(roomy, world: World) -> None:
    devices = _devices(roomy, world.team_a, ROUNDS)
    refused = []
    with LiveServer(roomy) as live, httpx.Client(base_url=live.url, timeout=60) as staff:
        for device_id, token in devices:
            with httpx.Client(base_url=live.url, timeout=60, headers=World.auth(token)) as device:
                assert device.get("/api/v1/device").status_code == 200  # the connection is open
                revoked = staff.post(
                    f"/api/v1/devices/{device_id}/revoke", headers=World.auth(world.leader_a)
                )
                assert revoked.status_code == 200, revoked.text
                pulled = device.get("/api/v1/sync/pull")
                refused.append((pulled.status_code, pulled.json().get("error", {}).get("code")))
    assert refused == [(401, "device_revoked")] * ROUNDS


def test_a_new_login_token_works_at_once(roomy, world: World) -> None:
    with LiveServer(roomy) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        answers = []
        for _ in range(ROUNDS):
            token = _login(http)
            answers.append(http.get("/api/v1/teams", headers=World.auth(token)).status_code)
    assert answers == [200] * ROUNDS


def test_a_new_code_enrols_and_a_new_device_token_works_at_once(roomy, world: World) -> None:
    with LiveServer(roomy) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        answers = []
        for n in range(ROUNDS):
            code = _code(http, world)
            enrolled = http.post("/api/v1/enrol", json={"code": code, "device_name": f"Máy {n}"})
            token = enrolled.json().get("token", "refused")
            asked = http.get("/api/v1/device", headers=World.auth(token))
            answers.append((enrolled.status_code, asked.status_code))
    assert answers == [(201, 200)] * ROUNDS


def test_each_write_is_in_the_database_when_its_answer_arrives(roomy, world: World) -> None:
    """Read back from a connection of the test's own, the moment the answer is in."""
    admin = World.auth(world.admin)
    engine = roomy.state.cnscd.engine
    with LiveServer(roomy) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        for n in range(10):
            added = {"commune_id": world.commune_a, "name": f"Tổ {n}"}
            team = http.post("/api/v1/teams", json=added, headers=admin).json()
            with Session(engine) as s:
                assert s.get(Team, team["id"]) is not None
            token = _login(http)
            with Session(engine) as s:
                assert len(s.exec(select(StaffToken)).all()) == 3 + n + 1  # the world's 3, these
            asked = {"code": _code(http, world), "device_name": "Máy"}
            enrolled = http.post("/api/v1/enrol", json=asked)
            device_id = enrolled.json()["device_id"]
            with Session(engine) as s:
                assert s.get(Device, device_id) is not None
            revoked = http.post(f"/api/v1/devices/{device_id}/revoke", headers=World.auth(token))
            assert revoked.status_code == 200
            with Session(engine) as s:
                assert s.get(Device, device_id).revoked_at is not None


def test_a_file_on_its_way_holds_no_database_connection(
    app, settings, world: World, tmp_path
) -> None:
    """A reader that takes nothing: while its answer waits, the pool has every connection back
    and (SQLite) another writer gets the write lock at once."""
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    media = json.loads((bundle / "manifest.json").read_text())["media"]
    largest = max(media, key=lambda m: m["size"])
    engine = app.state.cnscd.engine
    with LiveServer(app) as live:
        stalled = []
        for _ in range(3):
            sock = socket.create_connection(("127.0.0.1", live.port))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(
                f"GET /api/v1/media/{largest['sha256']} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            )
            stalled.append(sock)
        for sock in stalled:
            assert sock.recv(12).startswith(b"HTTP/1.1 200")  # answering, and stuck on us
        assert engine.pool.checkedout() == 0
        if engine.dialect.name == "sqlite":
            import sqlite3

            other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # "database is locked" if a reader held the lock
            other.execute("ROLLBACK")
            other.close()
        for sock in stalled:
            sock.close()
