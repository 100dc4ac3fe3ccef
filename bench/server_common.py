"""Shared by the server benchmarks: a throwaway PostgreSQL (server/pgcluster.py) or SQLite file,
a province seeded through the services, and the real server started the way an operator starts
it (`python -m server`) in a process of its own."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "server")]

import apitest as records  # tests/server/apitest.py: records shaped as the app's outbox writes them
from support import pgcluster

from server.core.db import make_engine, migrate, session_scope
from server.models import Team
from server.services import accounts, enrolment

PROVINCE, COMMUNE = "bench", "bench.xa"
__all__ = [
    "VILLAGES",
    "CpuMeter",
    "Province",
    "Running",
    "describe_ms",
    "percentile",
    "postgresql",
    "records",
    "seed",
    "server",
]
VILLAGES = [f"{COMMUNE}.thon-{n}" for n in range(1, 6)]


@dataclass
class Province:
    url: str
    devices: list[tuple[int, str]]  # (team id, device token)


def seed(url: str, teams: int, devices: int) -> Province:
    """One commune with five villages, `teams` teams and `devices` devices spread over them."""
    migrate(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        accounts.add_area(s, PROVINCE, "province", "Tỉnh đo", None, "bench")
        accounts.add_area(s, COMMUNE, "commune", "Xã đo", PROVINCE, "bench")
        for village in VILLAGES:
            accounts.add_area(s, village, "village", village, COMMUNE, "bench")
        made = [accounts.add_team(s, COMMUNE, f"Tổ {n}", "bench") for n in range(teams)]
        tokens = []
        for n in range(devices):
            team: Team = made[n % teams]
            issued = enrolment.issue_code(s, team, timedelta(hours=1), "bench", None)
            tokens.append((team.id, enrolment.enrol(s, issued.code, f"Máy {n}")[1]))
    engine.dispose()
    return Province(url, tokens)


@contextmanager
def postgresql(folder: Path, durable: bool, keep: bool = False) -> Iterator[str]:
    """A database `cnscd` in a cluster of `folder/pg`, gone afterwards; with `keep`, left there
    and started again by the next call on the same folder."""
    root = folder / "pg"
    if keep and (root / "data").exists():
        cluster = pgcluster.resume(root, durable=durable)
        url = cluster.url("cnscd")
    else:
        cluster = pgcluster.start(root, durable=durable)
        url = cluster.create_database("cnscd")
    try:
        yield url
    finally:
        cluster.stop(keep=keep)


class CpuMeter:
    """Where this machine's CPU went between `__init__` and `read` (Linux: /proc): the whole
    machine's busy time, and the share of each process group named by `group(pid, name)`
    (processes that ended in between count in the machine's time only)."""

    def __init__(self, group) -> None:
        self.group = group
        self.began = time.perf_counter()
        self.machine = self._machine()
        self.processes = self._processes()

    @staticmethod
    def _machine() -> float:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle, iowait
        return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _processes() -> dict[int, tuple[str, float]]:
        found = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                head, tail = stat.read_text().rsplit(")", 1)
            except OSError:  # ended meanwhile
                continue
            fields = tail.split()
            seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            found[int(stat.parent.name)] = (head.split("(", 1)[1], seconds)
        return found

    def read(self) -> tuple[float, float, dict[str, float]]:
        """(seconds elapsed, cores busy on average, group -> cores on average)."""
        elapsed = time.perf_counter() - self.began
        busy = (self._machine() - self.machine) / elapsed
        groups: dict[str, float] = {}
        for pid, (name, seconds) in self._processes().items():
            before = self.processes.get(pid)
            # A process that started meanwhile (a new database connection) used all its time here.
            used = seconds - before[1] if before and before[0] == name else seconds
            key = self.group(pid, name)
            groups[key] = groups.get(key, 0.0) + used / elapsed
        return elapsed, busy, groups


@dataclass
class Running:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (Linux: /proc), user and system."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(
    url: str,
    folder: Path,
    workers: int = 1,
    env: dict[str, str] | None = None,
    profile: Path | None = None,
) -> Iterator[Running]:
    """`python -m server` on a free loopback port; its JSON request log goes to folder/server.log.
    With `profile`, py-spy samples it (pip install py-spy): an SVG flame graph, or collapsed
    stacks for a .txt file."""
    port = pgcluster.free_port()
    log = (folder / "server.log").open("w")
    command = [sys.executable, "-m", "server", "--port", str(port), "--workers", str(workers)]
    if profile:
        kind = (
            "raw" if profile.suffix == ".txt" else "flamegraph"
        )  # .txt: collapsed stacks, to sum up
        command = [
            "py-spy",
            "record",
            "--subprocesses",
            "--format",
            kind,
            "-o",
            str(profile),
            "--",
            *command,
        ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "CNSCD_DATABASE_URL": url,
            "CNSCD_SERVER_DATA_DIR": str(folder / "data"),
            **(env or {}),
        },
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {folder / 'server.log'}")
            time.sleep(0.2)
        yield Running(base, process.pid)
    finally:
        process.send_signal(
            signal.SIGINT
        )  # py-spy writes its profile on SIGINT; uvicorn stops on it too
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def describe_ms(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
        f"mean {statistics.fmean(values):.1f} ms, max {max(values):.1f} ms"
    )
