"""nginx (Debian's, with deploy/nginx.conf as it is) before two API instances that share
PostgreSQL and a real S3 store: TLS, gzip, public pages and media cached at the front, the
client address forwarded by nginx alone, and an instance killed and started again while
devices push and households open pages: nothing fails past nginx's retry, every record is
stored once."""

from __future__ import annotations

import ssl
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from apitest import household, session
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from support import front as fronts
from support.liveserver import LiveServer
from support.needs import missing

from content.demo import load_demo
from content.manifest import load_manifest
from server import demo as server_demo
from server.cli import main as cli
from server.core.config import Settings
from server.main import create_app


@dataclass
class Stack:
    settings: Settings
    instances: list[LiveServer]
    front: fronts.Front

    def client(self, **options: object) -> httpx.Client:
        trust = ssl.create_default_context(cafile=str(self.front.cert))
        return httpx.Client(base_url=self.front.url, verify=trust, timeout=30, **options)


@pytest.fixture
def stack(pg_database, object_store, tmp_path: Path) -> Iterator[Stack]:
    if fronts.find_nginx() is None:
        missing("nginx is not installed (python3 dev.py test installs it where it has root)")
    settings = Settings(
        data_dir=tmp_path / "seed",
        database_url=pg_database(),
        public_base_url="https://127.0.0.1",
        trusted_proxies=("127.0.0.1",),
        require_database_url=True,
        enrol_rate_per_minute=60,
        login_rate_per_minute=3,  # a dozen devices enrol from one address
        **object_store.settings(f"media/{uuid.uuid4().hex[:12]}"),
    )
    assert cli(["demo"], settings) == 0
    instances = [
        LiveServer(
            lambda n=n: create_app(
                settings.with_(data_dir=tmp_path / f"m{n}"), run_migrations=False
            )
        )
        for n in range(2)
    ]
    for instance in instances:
        instance.start()
    front = fronts.start(tmp_path / "nginx", [f"127.0.0.1:{i.port}" for i in instances])
    try:
        yield Stack(settings, instances, front)
    finally:
        front.stop()
        for instance in instances:
            instance.stop()


def _guide_codes() -> list[str]:
    return [g.code for g in load_manifest().guides]


def test_public_pages_over_tls_gzipped_and_cached_at_the_front(stack: Stack) -> None:
    code = _guide_codes()[0]
    with stack.client() as http:
        first = http.get(f"/g/{code}", headers={"Accept-Encoding": "gzip"})
        again = http.get(f"/g/{code}", headers={"Accept-Encoding": "gzip"})
        assert http.get("/nginx-health").text == "ok\n"
    assert first.status_code == again.status_code == 200
    assert first.headers["x-cache"] == "MISS" and again.headers["x-cache"] == "HIT"
    assert again.headers["content-encoding"] == "gzip" and 'lang="vi"' in again.text
    plain = httpx.get(f"http://127.0.0.1:{stack.front.http_port}/g/{code}")
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")


def test_media_come_from_s3_then_from_the_front_for_a_year(stack: Stack) -> None:
    media = load_manifest().media
    item = max(media, key=lambda m: m.size)
    with stack.client() as http:
        first = http.get(f"/api/v1/media/{item.sha256}")
        second = http.get(f"/api/v1/media/{item.sha256}", headers={"Range": "bytes=10-19"})
    assert first.status_code == 200 and len(first.content) == item.size
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert second.status_code == 206 and second.headers["x-cache"] == "HIT"
    assert second.content == first.content[10:20]


def test_the_api_counts_the_address_nginx_saw_not_the_one_a_client_claims(stack: Stack) -> None:
    """Wrong logins, each claiming a new X-Forwarded-For and spread over both instances by
    nginx: one past the limit is refused (nginx replaces the header; the limit is shared).
    The stack's limit is 3 a minute, so the bucket cannot refill during the test."""
    wrong = {"username": "nobody", "password": "x" * 12}
    limit = stack.settings.login_rate_per_minute
    with stack.client() as http:
        statuses = [
            http.post(
                "/api/v1/auth/login", json=wrong, headers={"X-Forwarded-For": f"203.0.113.{n}"}
            ).status_code
            for n in range(1, limit + 2)
        ]
    assert statuses == [401] * limit + [429]


def _device(http: httpx.Client, leader: str, team_id: int, n: int) -> dict[str, str]:
    code = http.post(
        f"/api/v1/teams/{team_id}/enrolment-codes", headers={"Authorization": f"Bearer {leader}"}
    ).json()["code"]
    token = http.post("/api/v1/enrol", json={"code": code, "device_name": f"Máy {n}"}).json()[
        "token"
    ]
    return {"Authorization": f"Bearer {token}"}


def test_an_instance_killed_mid_run_loses_and_duplicates_nothing(stack: Stack) -> None:
    """Twelve devices push and pull while households open pages; instance 0 is stopped and
    started again in the middle. Every push and every open succeeds through nginx (a device
    retries a push whose answer it lost, as the sync client does), and every record is in the
    database once."""
    villages = [v.id for v in load_demo().villages]
    codes = _guide_codes()
    with stack.client() as http:
        login = http.post(
            "/api/v1/auth/login",
            json={"username": server_demo.LEADER, "password": server_demo.PASSWORD},
        )
        leader = login.json()["token"]
        engine = create_engine(stack.settings.url, poolclass=NullPool)
        with engine.connect() as connection:
            team_id = connection.execute(text("SELECT id FROM teams")).scalar_one()
        engine.dispose()
        devices = [_device(http, leader, team_id, n) for n in range(12)]
    sent: list[str] = []
    lock = threading.Lock()
    failures: list[str] = []
    halfway = threading.Event()

    def device_run(auth: dict[str, str]) -> None:
        with stack.client() as http:
            for batch in range(6):
                rows = [household(villages[batch % len(villages)], name="Hộ thử")]
                rows.append(session(rows[0]["payload"]["id"]))
                for attempt in range(4):
                    try:
                        answer = http.post(
                            "/api/v1/sync/push", json={"records": rows}, headers=auth
                        )
                        if answer.status_code == 200:
                            assert set(answer.json()["stored"]) == {
                                r["payload"]["id"] for r in rows
                            }
                            break
                    except httpx.TransportError:
                        pass
                else:
                    failures.append(f"push failed after retries: {answer.status_code}")
                with lock:
                    sent.extend(r["payload"]["id"] for r in rows)
                pulled = http.get("/api/v1/sync/pull", headers=auth)
                if pulled.status_code != 200:
                    failures.append(f"pull {pulled.status_code}")
                if batch == 2:
                    halfway.set()

    def opener(n: int) -> int:
        with stack.client() as http:
            return http.get(f"/g/{codes[n % len(codes)]}").status_code

    with ThreadPoolExecutor(24) as pool:
        pushes = [pool.submit(device_run, auth) for auth in devices]
        halfway.wait(60)
        stack.instances[0].stop()  # killed: its port refuses; nginx moves on
        opens = [pool.submit(opener, n) for n in range(200)]
        stack.instances[0].start()
        for future in pushes:
            future.result()
        statuses = [future.result() for future in opens]
    assert failures == [] and statuses == [200] * len(statuses)
    engine = create_engine(stack.settings.url, poolclass=NullPool)
    with engine.connect() as connection:
        households = connection.execute(
            text("SELECT id FROM households WHERE head_name = 'Hộ thử'")
        ).all()
        sessions = connection.execute(text("SELECT count(*) FROM help_sessions")).scalar_one()
    engine.dispose()
    assert len(households) == len(sent) // 2 == 72 and sessions == 72
    assert {h.id for h in households} <= set(sent)
