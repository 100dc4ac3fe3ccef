"""Many stateless instances: what one process knows, every process knows. Rate limits are
counted once across processes (PostgreSQL), media published through one instance are served
by another (S3, a real SeaweedFS), simultaneous starts migrate once, each process's pool is
bounded, and a process told to require PostgreSQL refuses SQLite."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from apitest import LiveServer, make_bundle
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from server.api.limits import SharedRateLimiter
from server.cli import main as cli
from server.core.config import Settings
from server.core.db import migrate
from server.core.errors import ApiError
from server.main import create_app

ROOT = Path(__file__).resolve().parents[2]
WRONG = {"username": "nobody", "password": "x" * 12}


@pytest.fixture
def pg_settings(pg_database, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=pg_database(),
        public_base_url="https://cnscd.example.vn",
    )


@pytest.fixture
def s3_settings(pg_settings: Settings, object_store) -> Settings:
    return pg_settings.with_(**object_store.settings(f"media/{uuid.uuid4().hex[:12]}"))


def test_two_instances_share_one_login_limit(pg_settings: Settings) -> None:
    """Three wrong passwords a minute per address (a token every 20 s, so a slow machine
    cannot refill the bucket mid-test): split between two instances (two engines, as two
    machines have), the fourth is refused all the same."""
    pg_settings = pg_settings.with_(login_rate_per_minute=3)
    first, second = (create_app(pg_settings, run_migrations=False) for _ in range(2))
    assert isinstance(first.state.cnscd.limiters["login"], SharedRateLimiter)
    limit = pg_settings.login_rate_per_minute
    with TestClient(first) as a, TestClient(second) as b:
        statuses = [
            (a if n % 2 else b).post("/api/v1/auth/login", json=WRONG).status_code
            for n in range(limit + 1)
        ]
        assert statuses == [401] * limit + [429]
        assert int(a.post("/api/v1/auth/login", json=WRONG).headers["retry-after"]) >= 1
    for app in (first, second):
        app.state.cnscd.engine.dispose()


def test_simultaneous_hits_are_counted_exactly(pg_settings: Settings) -> None:
    """Forty hits at once from eight threads over two instances' limiters, twenty allowed:
    exactly twenty pass (each hit is one atomic upsert)."""
    apps = [create_app(pg_settings, run_migrations=False) for _ in range(2)]
    limiters = [
        SharedRateLimiter(app.state.cnscd.engine, "test", per_minute=1, burst=20) for app in apps
    ]
    outcomes: list[bool] = []
    start = threading.Barrier(8)

    def hammer(n: int) -> None:
        start.wait()
        for _ in range(5):
            try:
                limiters[n % 2].hit("198.51.100.9")
                outcomes.append(True)
            except ApiError:
                outcomes.append(False)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 40 and outcomes.count(True) == 20
    for app in apps:
        app.state.cnscd.engine.dispose()


def test_media_published_through_one_instance_are_served_by_another(s3_settings, tmp_path) -> None:
    """Published into S3 by the admin command (one machine), then served by two instances
    whose data folders are empty: whole, by range, HEAD, 304, 416."""
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], s3_settings) == 0
    item = max(json.loads((bundle / "manifest.json").read_text())["media"], key=lambda m: m["size"])
    sha, data = item["sha256"], (bundle / item["path"]).read_bytes()
    assert not (s3_settings.media_dir / sha[:2] / sha).exists()
    other = s3_settings.with_(data_dir=tmp_path / "other-machine")
    with TestClient(create_app(other, run_migrations=False)) as http:
        whole = http.get(f"/api/v1/media/{sha}")
        assert whole.status_code == 200 and whole.content == data
        assert whole.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert whole.headers["etag"] == f'"{sha}"' and whole.headers["accept-ranges"] == "bytes"
        cut = len(data) // 3
        head = http.get(f"/api/v1/media/{sha}", headers={"Range": f"bytes=0-{cut - 1}"})
        tail = http.get(f"/api/v1/media/{sha}", headers={"Range": f"bytes={cut}-"})
        assert head.status_code == tail.status_code == 206
        assert tail.headers["content-range"] == f"bytes {cut}-{len(data) - 1}/{len(data)}"
        assert hashlib.sha256(head.content + tail.content).hexdigest() == sha
        last = http.get(f"/api/v1/media/{sha}", headers={"Range": "bytes=-100"})
        assert last.content == data[-100:]
        assert http.head(f"/api/v1/media/{sha}").headers["content-length"] == str(len(data))
        assert (
            http.get(f"/api/v1/media/{sha}", headers={"If-None-Match": f'"{sha}"'}).status_code
            == 304
        )
        assert (
            http.get(f"/api/v1/media/{sha}", headers={"Range": f"bytes={len(data)}-"}).status_code
            == 416
        )
        assert http.get("/api/v1/media/" + "0" * 64).status_code == 404


def test_media_stream_through_a_live_server(s3_settings, tmp_path) -> None:
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], s3_settings) == 0
    items = json.loads((bundle / "manifest.json").read_text())["media"]
    with LiveServer(create_app(s3_settings, run_migrations=False)) as live:
        for item in items:
            answer = httpx.get(f"{live.url}/api/v1/media/{item['sha256']}", timeout=30)
            assert hashlib.sha256(answer.content).hexdigest() == item["sha256"]
            assert answer.headers["content-type"] == item["mime"]


def test_simultaneous_starts_migrate_once(pg_cluster) -> None:
    """Four processes' migrations at once on an empty database: all succeed, one schema."""
    url = pg_cluster.create_database(f"race{uuid.uuid4().hex[:8]}")
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        try:
            migrate(url)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1 and "rate_buckets" in inspect(engine).get_table_names()
    engine.dispose()


def test_a_process_holds_at_most_its_pool(pg_settings: Settings) -> None:
    """The default pool, 10 kept + 10 under a burst: 2 machines x 2 workers hold at most 80
    of PostgreSQL's default 100 connections."""
    app = create_app(pg_settings, run_migrations=False)
    pool = app.state.cnscd.engine.pool
    assert pool.size() == 10 and pool._max_overflow == 10
    assert 2 * 2 * (pool.size() + pool._max_overflow) < 100
    sized = create_app(pg_settings.with_(pool_size=3, pool_overflow=1), run_migrations=False)
    assert sized.state.cnscd.engine.pool.size() == 3
    for each in (app, sized):
        each.state.cnscd.engine.dispose()


def _server(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CNSCD_")}
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=timeout,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
    )


def test_a_process_that_requires_postgresql_refuses_sqlite(tmp_path: Path) -> None:
    done = _server({"CNSCD_REQUIRE_DATABASE_URL": "1", "CNSCD_SERVER_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    line = json.loads(done.stdout.strip().splitlines()[-1])
    assert line["event"] == "refusing to start" and "CNSCD_DATABASE_URL" in line["reason"]
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_every_worker_logs_its_requests(tmp_path: Path) -> None:
    """`--workers 2`: each worker's JSON request lines reach the output."""
    from support.pgcluster import free_port

    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CNSCD_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), "CNSCD_SERVER_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    pids: set[int] = set()
    try:
        deadline_tries = 0
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
            while deadline_tries < 600:
                try:
                    http.get("/healthz")
                    break
                except httpx.TransportError:
                    deadline_tries += 1
                    threading.Event().wait(0.1)
            for _ in range(200):  # new connections: the kernel spreads them over both workers
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    for raw in output.splitlines():
        if raw.startswith("{"):
            entry = json.loads(raw)
            if entry["event"] == "request" and entry["route"] == "/healthz":
                pids.add(entry["pid"])
    assert len(pids) == 2, output[-2000:]
