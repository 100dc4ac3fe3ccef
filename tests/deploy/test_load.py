"""The load and failure test of the deployed layout, with real processes on loopback: Debian's
nginx (deploy/nginx.conf) before two `python -m server` instances on one PostgreSQL and one
SeaweedFS. Fifty devices (real SQLite stores, the real sync client) record and sync while
500 public page opens arrive; one instance is killed with SIGKILL and started again mid-run.
Every record is stored once, no open fails past nginx's retry, no sync fails past the client's
retries, and the rate limits hold across both instances (the restarted one included)."""

from __future__ import annotations

import os
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
from support import demo
from support import front as fronts
from support import stack as stacks

from app.db import Store
from app.services import areas, guides, households, outbox, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.manifest import load_manifest
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

DEVICES, ROUNDS, OPENS = 50, 3, 500
LOGIN_LIMIT = 2  # a minute: the bucket cannot refill while the test asks
# The client's retries, shortened (the app's own: sync.retry.Backoff()): enough to outlast an
# instance's restart.
RETRIES = Backoff(base=0.2, cap=2.0, attempts=10)


@pytest.fixture
def province(pg_database, object_store, tmp_path: Path) -> Iterator[stacks.Province]:
    if fronts.find_nginx() is None:
        reason = "nginx is not installed (python3 dev.py test installs it where it has root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
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
    started = stacks.start(tmp_path / "province", settings, count=2)
    try:
        yield started
    finally:
        started.stop()


class Device:
    """A phone: its own SQLite store, enrolled through the front with the real client."""

    def __init__(self, folder: Path, province: stacks.Province, code: str, n: int) -> None:
        folder.mkdir(parents=True)
        self.province = province
        self.store = Store(folder / "cnscd.sqlite3")
        guides.import_manifest(self.store, load_manifest())
        areas.add(self.store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
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


def _stored(url: str) -> tuple[list[str], list[str]]:
    """Every household and help session id in the database, one entry a row."""
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as db:
        held = [r[0] for r in db.execute("SELECT id FROM households")]
        done = [r[0] for r in db.execute("SELECT id FROM help_sessions")]
    return held, done


def test_fifty_devices_and_500_opens_while_an_instance_is_killed_and_restarted(
    province: stacks.Province, tmp_path: Path
) -> None:
    codes = _codes(province.settings, DEVICES)
    with ThreadPoolExecutor(8) as pool:
        devices = list(
            pool.map(
                lambda n: Device(tmp_path / f"device-{n}", province, codes[n], n), range(DEVICES)
            )
        )
    victim, other = province.instances
    pages = [f"/g/{g.code}" for g in load_manifest().guides]
    failed_syncs: list[str] = []
    syncs_done = [0]
    lock = threading.Lock()
    a_third = threading.Event()

    def phone(device: Device) -> None:
        for round_ in range(ROUNDS):
            device.record(round_)
            error = device.sync()
            with lock:
                if error:
                    failed_syncs.append(error)
                syncs_done[0] += 1
                if syncs_done[0] >= DEVICES * ROUNDS // 3:
                    a_third.set()

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
        assert a_third.wait(120), "the devices did not get a third of the way"
        assert victim.kill() == -9
        households_opening = [pool.submit(opens, n) for n in range(0, OPENS, 10)]
        victim.start()  # on its port again: nginx sends it requests once it answers
        for future in phones:
            future.result()
        statuses = [status for future in households_opening for status in future.result()]

    assert failed_syncs == []
    assert len(statuses) == OPENS and set(statuses) == {200}
    assert f"127.0.0.1:{victim.port}" in province.front.log(), "nginx never met the dead one"
    for device in devices:
        assert outbox.pending_count(device.store) == 0
        device.store.close()
    made = [record for device in devices for record in device.made]
    held, done = _stored(province.settings.url)
    assert len(made) == DEVICES * ROUNDS * 4
    assert sorted(held + done) == sorted(made)  # each record exactly once, none lost

    # The login limit, counted in PostgreSQL: wrong logins from one address, alternately to
    # each instance (the restarted one has no memory of its own), allow LOGIN_LIMIT in all.
    wrong = {"username": "nobody", "password": "x" * 12}
    claimed = {"X-Forwarded-For": "198.51.100.7"}  # believed: it comes from the trusted proxy
    answers = [
        httpx.post(f"{instance.url}/api/v1/auth/login", json=wrong, headers=claimed).status_code
        for instance in (victim, other) * LOGIN_LIMIT
    ]
    assert answers == [401] * LOGIN_LIMIT + [429] * LOGIN_LIMIT
