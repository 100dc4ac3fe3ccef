"""The load and failure test of the deployed layout, with real processes on loopback: Debian's
nginx (deploy/nginx.conf) before two `python -m server` instances on one PostgreSQL primary,
its streaming replica (the reports are read there) and one SeaweedFS. Fifty devices (real SQLite stores, the real sync client) record and sync while
500 public page opens arrive; one instance is killed with SIGKILL and started again mid-run.
Every record is stored once, no open fails past nginx's retry, no sync fails past the client's
retries, a province admin's report fetched through nginx comes from the replica and, once it
has replayed the primary's changes, counts every session stored, and the rate limits hold
across both instances (the restarted one included)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlmodel import select
from support import demo, pgcluster
from support import front as fronts
from support import stack as stacks
from support.needs import missing

from app.db import Store
from app.services import areas, device_clock, guides, households, outbox, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.manifest import load_manifest
from server import demo as server_demo
from server.cli import main as cli
from server.core.config import Settings
from server.core.db import make_engine, session_scope
from server.models import Team
from server.services import enrolment
from sync.client import ApiClient
from sync.engine import Sync
from sync.enrol import enrol
from sync.retry import Backoff
from sync.tokens import FileTokenStore
from wire.clock import utcnow
from wire.hlc import Timestamp

DEVICES, ROUNDS, OPENS = 50, 3, 500
LOGIN_LIMIT = 2  # a minute: the bucket cannot refill while the test asks
# The client's retries, shortened (the app's own: sync.retry.Backoff()): enough to outlast an
# instance's restart.
RETRIES = Backoff(base=0.2, cap=2.0, attempts=10)


@pytest.fixture
def province(pg_cluster, pg_database, object_store, tmp_path: Path) -> Iterator[stacks.Province]:
    if fronts.find_nginx() is None:
        missing("nginx is not installed (python3 dev.py test installs it where it has root)")
    settings = Settings(
        data_dir=tmp_path / "seed",
        database_url=pg_database(),
        public_base_url="https://127.0.0.1",
        trusted_proxies=("127.0.0.1",),
        require_database_url=True,
        enrol_rate_per_minute=2 * DEVICES,  # every device enrols through nginx's one address
        login_rate_per_minute=LOGIN_LIMIT,
        **object_store.settings(f"media/{uuid.uuid4().hex[:12]}"),
    )
    assert cli(["demo"], settings) == 0
    started = stacks.start(tmp_path / "province", settings, count=2, replica_of=pg_cluster)
    try:
        yield started
    finally:
        started.stop()


def fresh_store(folder: Path) -> Path:
    """A store as the app installs it (the bundled guides, the demo commune's places), made
    once and copied to every phone (as sqlite3's backup copies a database)."""
    store = Store(folder / "cnscd.sqlite3")
    guides.import_manifest(store, load_manifest())
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    store.close()
    return folder / "cnscd.sqlite3"


class Device:
    """A phone: its own SQLite store (a copy of a fresh install, with a clock node of its
    own), enrolled through the front with the real client."""

    def __init__(self, folder: Path, fresh: Path, province: stacks.Province, code: str, n: int):
        folder.mkdir(parents=True)
        with sqlite3.connect(fresh) as source, sqlite3.connect(folder / "cnscd.sqlite3") as copy:
            source.backup(copy)
        self.store = Store(folder / "cnscd.sqlite3")
        with self.store.session() as s:
            last = device_clock.last(s)
            device_clock.reset(s, Timestamp(last.millis, last.counter, os.urandom(4).hex()))
        self.province = province
        self.tokens = FileTokenStore(folder / "device-token")
        enrol(
            self.store,
            self.tokens,
            f"Máy {n}",
            code=code,
            server_url=province.url,
            transport=self.transport(),
        )
        self.n = n
        self.made: list[str] = []  # ids of the records this device wrote

    def transport(self) -> httpx.HTTPTransport:
        return httpx.HTTPTransport(verify=self.province.trust())

    def record(self, round_: int) -> None:
        villages = [v.id for v in demo.VILLAGES]
        for k in range(2):
            household = households.create(
                self.store,
                HouseholdInput(f"Hộ tải {self.n}-{round_}-{k}", villages[k], None, consent=True),
            )
            session = sessions.record(
                self.store,
                SessionInput(
                    household_id=household.id,
                    services=["vneid_muc_2"],
                    outcome="done_online",
                    minutes=5,
                    note="",
                    occurred_at=utcnow() - timedelta(minutes=k),
                ),
            )
            self.made += [household.id, session.id]

    def sync(self) -> str | None:
        """One sync as the runner does it; answers the error's code if it failed past its
        retries."""
        client = ApiClient(self.province.url, self.tokens.read(), transport=self.transport())
        try:
            result = Sync(self.store, client, backoff=RETRIES, media=False).run()
        finally:
            client.close()
        return None if result.ok else result.error.code


def _routes(instance: stacks.Instance, after: int) -> list[tuple[str, int]]:
    """(route, status) of the requests the instance logged past byte `after` of its log."""
    lines = instance.log.read_bytes()[after:].decode(errors="replace").splitlines()
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    return [(e["route"], e["status"]) for e in entries if e.get("event") == "request"]


def _codes(settings: Settings, count: int) -> list[str]:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        team = s.exec(select(Team)).one()  # the demo's one team
        codes = [
            enrolment.issue_code(s, team, timedelta(hours=1), "cli", None).code
            for _ in range(count)
        ]
    engine.dispose()
    return codes


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)


def _stored(url: str) -> tuple[list[str], list[str]]:
    """Every household and help session id in the database, one entry a row."""
    with _connect(url) as db:
        held = [r[0] for r in db.execute("SELECT id FROM households")]
        done = [r[0] for r in db.execute("SELECT id FROM help_sessions")]
    return held, done


def _report_through_front(province: stacks.Province) -> dict:
    """The demo's province admin logs in through nginx and fetches the figures (JSON)."""
    account = {"username": server_demo.ADMIN, "password": server_demo.PASSWORD}
    with province.client() as http:
        login = http.post("/api/v1/auth/login", json=account)
        assert login.status_code == 200, login.text
        pgcluster.wait_for_replay(province.settings.url, province.settings.reports_url)
        bearer = {"Authorization": f"Bearer {login.json()['token']}"}
        answer = http.get("/api/v1/reports/figures", headers=bearer)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_fifty_devices_and_500_opens_while_an_instance_is_killed_and_restarted(
    province: stacks.Province, tmp_path: Path
) -> None:
    codes = _codes(province.settings, DEVICES)
    fresh = fresh_store(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        devices = list(
            pool.map(
                lambda n: Device(tmp_path / f"device-{n}", fresh, province, codes[n], n),
                range(DEVICES),
            )
        )
    victim, other = province.instances
    pages = [f"/g/{g.code}" for g in load_manifest().guides]
    failed_syncs: list[str] = []
    lock = threading.Lock()
    # Round 0 before the kill; round 1 with the kill (once a fifth of its syncs are under
    # way: some requests are cut) and while the instance is down; round 2 once nginx sends it
    # requests again.
    syncing = [0]
    a_fifth_syncing = threading.Event()
    round_done = [threading.Barrier(DEVICES + 1) for _ in range(ROUNDS)]
    gates = [threading.Event() for _ in range(ROUNDS)]
    gates[0].set()

    def phone(device: Device) -> None:
        for round_ in range(ROUNDS):
            assert gates[round_].wait(180)
            device.record(round_)
            if round_ == 1:
                with lock:
                    syncing[0] += 1
                    if syncing[0] >= DEVICES // 5:
                        a_fifth_syncing.set()
            error = device.sync()
            if error:
                with lock:
                    failed_syncs.append(error)
            round_done[round_].wait(180)

    def opens(start: int) -> list[int]:
        """Ten households open pages: half the page a QR sends everybody to (cached at the
        front), half with a query of their own (each one a miss the API must answer)."""
        statuses = []
        with province.client() as http:
            for n in range(start, start + 10):
                path = pages[n % len(pages)]
                statuses.append(http.get(path if n % 2 else f"{path}?o={n}").status_code)
        return statuses

    with ThreadPoolExecutor(DEVICES + OPENS // 10) as pool:
        phones = [pool.submit(phone, device) for device in devices]
        round_done[0].wait(180)
        gates[1].set()
        assert a_fifth_syncing.wait(180)
        assert victim.kill() == -9
        households_opening = [pool.submit(opens, n) for n in range(0, OPENS, 10)]
        restarted_at = victim.log.stat().st_size
        victim.start()  # on its port again
        with province.client() as http:  # until nginx sends it requests again
            for _ in range(600):  # nginx rests a failed instance 5 s (fail_timeout)
                http.get("/api/v1/device")
                if ("/api/v1/device", 401) in _routes(victim, restarted_at):
                    break
                threading.Event().wait(0.05)
            else:
                pytest.fail("nginx sent the restarted instance nothing")
        round_done[1].wait(180)
        gates[2].set()
        round_done[2].wait(180)
        for future in phones:
            future.result()
        statuses = [status for future in households_opening for status in future.result()]

    assert failed_syncs == []
    assert len(statuses) == OPENS and set(statuses) == {200}
    assert f"127.0.0.1:{victim.port}" in province.front.log(), "nginx never met the dead one"
    assert ("/api/v1/sync/push", 200) in _routes(victim, restarted_at), "nor the one back"
    for device in devices:
        assert outbox.pending_count(device.store) == 0
        device.store.close()
    made = [record for device in devices for record in device.made]
    held, done = _stored(province.settings.url)
    assert len(made) == DEVICES * ROUNDS * 4
    assert sorted(held + done) == sorted(made)  # each record exactly once, none lost

    # The reports come from the replica and, replayed, count every session on the primary.
    assert province.replica is not None
    report = _report_through_front(province)
    assert report["replica"] is True and report["as_of"] is not None
    assert report["sessions"] == len(done) == DEVICES * ROUNDS * 2

    # The login limit, counted in PostgreSQL: wrong logins from one address, alternately to
    # each instance (the restarted one has no memory of its own), allow LOGIN_LIMIT in all.
    wrong = {"username": "nobody", "password": "x" * 12}
    claimed = {"X-Forwarded-For": "198.51.100.7"}  # believed: it comes from the trusted proxy
    answers = [
        httpx.post(f"{instance.url}/api/v1/auth/login", json=wrong, headers=claimed).status_code
        for instance in (victim, other) * LOGIN_LIMIT
    ]
    assert answers == [401] * LOGIN_LIMIT + [429] * LOGIN_LIMIT
