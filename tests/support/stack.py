"""A province laid out as deploy/ lays it out, for the load tests and bench/scale_out.py: API
instances started as an operator starts them (`python -m server`, each a process of its own
with its settings in CNSCD_ variables), sharing one PostgreSQL and one S3 store, behind
Debian's nginx with deploy/nginx.conf (support.front). With `replica_of` (the primary's
cluster) a streaming replica of it is started too (pgcluster.start_replica: pg_basebackup -R)
and every instance reads its reports there (CNSCD_REPORTS_DATABASE_URL). An instance can be
killed (SIGKILL: no goodbye, requests in flight cut) and started again on the same port."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from server.core.config import Settings
from support import front as fronts
from support import pgcluster
from support.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]


def environment(settings: Settings) -> dict[str, str]:
    """The CNSCD_ variables that make `python -m server` run with `settings` (the fields a
    province sets: deploy/cnscd.env)."""
    env = {
        "CNSCD_DATABASE_URL": settings.url,
        "CNSCD_REPORTS_DATABASE_URL": settings.reports_url,
        "CNSCD_REQUIRE_DATABASE_URL": "1" if settings.require_database_url else "0",
        "CNSCD_SERVER_DATA_DIR": str(settings.data_dir),
        "CNSCD_PUBLIC_BASE_URL": settings.public_base_url,
        "CNSCD_TRUSTED_PROXIES": ",".join(settings.trusted_proxies),
        "CNSCD_MEDIA_STORE": settings.media_store,
        "CNSCD_S3_ENDPOINT": settings.s3_endpoint,
        "CNSCD_S3_REGION": settings.s3_region,
        "CNSCD_S3_ACCESS_KEY": settings.s3_access_key,
        "CNSCD_S3_SECRET_KEY": settings.s3_secret_key,
    }
    for name in (
        "enrol_rate_per_minute",
        "login_rate_per_minute",
        "public_rate_per_minute",
        "public_burst",
        "pool_size",
        "pool_overflow",
    ):
        env[f"CNSCD_{name.upper()}"] = str(getattr(settings, name))
    return env


@dataclass
class Instance:
    """One `python -m server` process on a fixed loopback port; its log in `log`."""

    settings: Settings
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.settings.data_dir / "server.log"

    def start(self, timeout: float = 60) -> None:
        self.launch()
        self.wait(timeout)

    def launch(self) -> None:
        """The process started; it answers once `wait` returns."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server", "--port", str(self.port)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(ROOT), **environment(self.settings)},
            )
        self.starts += 1

    def wait(self, timeout: float = 60) -> None:
        """Until its /healthz answers."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the instance did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)

    def kill(self) -> int:
        """SIGKILL, as a machine that loses power; answers the exit status (-9)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        status = self.process.wait(10)
        self.process = None
        return status

    def interrupt(self) -> None:
        """SIGINT: uvicorn finishes what it serves and exits (`stop` waits for it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def stop(self) -> None:
        if self.process is None:
            return
        self.interrupt()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.process = None


@dataclass
class Province:
    """Instances behind the front. `settings` is the instances' settings but for data_dir;
    `replica` the reports' streaming replica, if one was asked for."""

    settings: Settings
    instances: list[Instance]
    front: fronts.Front
    replica: pgcluster.Cluster | None = None

    @property
    def url(self) -> str:
        return self.front.url

    def trust(self) -> ssl.SSLContext:
        """The front's self-signed certificate, trusted."""
        return ssl.create_default_context(cafile=str(self.front.cert))

    def client(self, **options: object) -> httpx.Client:
        options.setdefault("timeout", 30)
        return httpx.Client(base_url=self.url, verify=self.trust(), **options)

    def stop(self) -> None:
        self.front.stop()
        for instance in self.instances:  # all told at once, then waited for
            instance.interrupt()
        for instance in self.instances:
            instance.stop()
        if self.replica is not None:
            self.replica.stop()


def start(
    root: Path,
    settings: Settings,
    count: int = 2,
    nginx_workers: int = 2,
    replica_of: pgcluster.Cluster | None = None,
) -> Province:
    """`count` instances of `settings` (each with a data folder of its own under root) and
    nginx before them. The database must be migrated and seeded already. With `replica_of`,
    the cluster that holds settings' database: a streaming replica of it (under root/replica),
    the instances' reports read there."""
    replica = None
    if replica_of is not None:
        replica = pgcluster.start_replica(replica_of, root / "replica")
        database = make_url(settings.url).database or "postgres"
        settings = settings.with_(reports_database_url=replica.url(database))
    instances = [Instance(settings.with_(data_dir=root / f"instance-{n}")) for n in range(count)]
    try:
        for instance in instances:  # all at once: they take turns at the migration lock
            instance.launch()
        for instance in instances:
            instance.wait()
        front = fronts.start(
            root / "nginx", [f"127.0.0.1:{i.port}" for i in instances], workers=nginx_workers
        )
    except BaseException:
        for instance in instances:
            instance.stop()
        if replica is not None:
            replica.stop()
        raise
    return Province(settings, instances, front, replica)
