"""Scale-out figures: a province as deploy/ lays it out on this machine (tests/support: a
durable PostgreSQL, SeaweedFS for the media, `python -m server` instances, Debian's nginx with
deploy/nginx.conf over TLS), one line per figure.

(a) public guide pages through nginx with its cache warm, measured with wrk (Debian's package:
    apt-get install wrk; keep-alive connections, one Lua script cycling over the real guides,
    Accept-Encoding: gzip as a phone sends it), then the same load on one instance without the
    front, for comparison;
(b) push ingest through nginx with 2 instances against 1 (20 devices, batches of 100 records,
    gzip JSON, durable PostgreSQL);
(c) one instance killed (SIGKILL) mid-run and started again while 20 devices push with the sync
    client's retries (sync.client.ApiClient + sync.retry): records lost, duplicated, and pushes
    that failed past their retries.

    .venv/bin/python bench/scale_out.py [--seconds 10] [--connections 64] [--clients 20] [--batches 20]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

# server_common sets sys.path: tests/, tests/server
from server_common import CpuMeter, describe_ms, records, seed
from support import objectstore, pgcluster
from support import stack as stacks

from content.manifest import load_manifest
from server.cli import main as cli
from server.core.config import Settings
from sync.client import ApiClient
from sync.errors import SyncError
from sync.retry import Backoff, with_retries
from wire.records import PushRecord

PER_BATCH = 100
_WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _wrk(url: str, paths: list[str], seconds: float, connections: int, folder: Path) -> str:
    """pages/s and latency of `connections` keep-alive connections over `paths` for `seconds`."""
    script = folder / "pages.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    answer = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds:.0f}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", answer.stdout)
    if found is None:
        raise SystemExit(f"wrk said: {answer.stdout}{answer.stderr}")
    count, micros, p50, p99, errors = found.groups()
    rate = int(count) / (int(micros) / 1e6)
    return f"{rate:,.0f} pages/s, p50 {float(p50):.1f} ms, p99 {float(p99):.1f} ms, errors {errors}"


def _settings(folder: Path, url: str, store: objectstore.ObjectStore, where: str) -> Settings:
    return Settings(
        data_dir=folder / "seed",
        database_url=url,
        public_base_url="https://127.0.0.1",
        trusted_proxies=("127.0.0.1",),
        require_database_url=True,
        # One address (the load generator's, or nginx's) asks for everything here.
        public_rate_per_minute=10**9,
        public_burst=10**9,
        **store.settings(where),  # type: ignore[arg-type]
    )


def pages(folder: Path, cluster: pgcluster.Cluster, store, args: argparse.Namespace) -> None:
    url = cluster.create_database("pages")
    settings = _settings(folder / "pages", url, store, "bench/pages")
    assert cli(["demo"], settings) == 0
    paths = [f"/g/{g.code}" for g in load_manifest().guides]
    province = stacks.start(folder / "pages", settings, count=2)
    try:
        with province.client() as http:
            for path in paths:  # the cache warm: every page once
                http.get(path).raise_for_status()
            assert http.get(paths[0]).headers["x-cache"] == "HIT"
        through = _wrk(province.url, paths, args.seconds, args.connections, folder)
        print(f"(a) public pages through nginx (TLS, cache warm), 2 instances: {through}")
        alone = _wrk(province.instances[0].url, paths, args.seconds, args.connections, folder)
        print(f"(a) public pages from one instance, no front (plain HTTP): {alone}")
    finally:
        province.stop()


def _bodies(clients: int, batches: int) -> list[list[list[dict]]]:
    made = []
    for client in range(clients):
        mine = []
        for n in range(batches):
            body = []
            for k in range(PER_BATCH // 2):
                household = records.household(
                    f"bench.xa.thon-{1 + (n + k) % 5}", name=f"Hộ {client}-{n}-{k}"
                )
                body += [household, records.session(household["payload"]["id"])]
            mine.append(body)
        made.append(mine)
    return made


def _count(url: str) -> tuple[int, int]:
    """(rows, distinct ids) of households and help sessions together."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as db:
        rows, distinct = db.execute(
            "SELECT count(*), count(DISTINCT id) FROM"
            " (SELECT id FROM households UNION ALL SELECT id FROM help_sessions) AS r"
        ).fetchone()
    return rows, distinct


def _push_all(
    province: stacks.Province,
    tokens: list[str],
    work: list[list[list[dict]]],
    on_batch: Callable[[], None] = lambda: None,
    client_code: bool = True,
) -> tuple[float, list[float], list[str], list[str]]:
    """Every client pushes its batches through the front: with the sync client and its
    retries (`client_code`), or, to keep the load generator's own CPU small, as gzip JSON
    made beforehand, posted once. Answers (seconds, batch latencies, ids sent, pushes that
    failed past retries)."""
    from pydantic import TypeAdapter

    from sync.client import encode_body

    adapter = TypeAdapter(PushRecord)
    if client_code:
        prepared = [[[adapter.validate_json(json.dumps(r)) for r in b] for b in m] for m in work]
    else:
        prepared = [[encode_body({"records": b}) for b in m] for m in work]
    latencies: list[float] = []
    sent: list[str] = []
    failed: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(tokens) + 1)
    backoff = Backoff(base=0.2, cap=2.0, attempts=8)

    def push(api: ApiClient, body: object, size: int) -> None:
        if client_code:
            answer = with_retries(lambda: api.push(body), backoff)  # type: ignore[arg-type]
            stored = len(answer.stored)
        else:
            posted = api.http.post(
                "/api/v1/sync/push",
                content=body,  # type: ignore[arg-type]
                headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
            )
            stored = len(posted.json()["stored"]) if posted.status_code == 200 else -1
        if stored != size:
            raise SyncError("bad_answer")

    def client(index: int) -> None:
        transport = httpx.HTTPTransport(verify=province.trust())
        with ApiClient(province.url, tokens[index], transport=transport) as api:
            ready.wait()
            for body, plain in zip(prepared[index], work[index], strict=True):
                began = time.perf_counter()
                try:
                    push(api, body, len(plain))
                except SyncError as error:
                    with lock:
                        failed.append(error.code)
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)
                    sent.extend(r["payload"]["id"] for r in plain)
                on_batch()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(tokens))]
    for thread in threads:
        thread.start()
    ready.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, sent, failed


def ingest(folder: Path, cluster: pgcluster.Cluster, store, args: argparse.Namespace) -> None:
    rates = {}
    for count in (1, 2):
        url = cluster.create_database(f"ingest{count}")
        province_seed = seed(url, teams=10, devices=args.clients)
        tokens = [token for _, token in province_seed.devices]
        settings = _settings(folder / f"ingest{count}", url, store, f"bench/ingest{count}")
        work = _bodies(args.clients, args.batches + 1)  # +1: the warm-up batch
        province = stacks.start(folder / f"ingest{count}", settings, count=count)
        try:
            _push_all(province, tokens, [mine[:1] for mine in work], client_code=False)
            meter = CpuMeter(_grouper(province))
            seconds, latencies, sent, failed = _push_all(
                province, tokens, [mine[1:] for mine in work], client_code=False
            )
            cpu = meter.read()
        finally:
            province.stop()
        rows, distinct = _count(url)
        if failed or rows != distinct or distinct != len(sent) + args.clients * PER_BATCH:
            raise SystemExit(f"not every record was stored: {failed[:3]}")
        rates[count] = len(sent) / seconds
        print(
            f"(b) push ingest through nginx, {count} instance{'s' if count > 1 else ''}: "
            f"{rates[count]:,.0f} records/s; batch {describe_ms(latencies)}"
        )
        _, busy, groups = cpu
        shares = ", ".join(f"{name} {cores:.2f}" for name, cores in sorted(groups.items()))
        print(f"    CPU: {busy:.2f} of {os.cpu_count()} cores busy on average ({shares})")
    print(f"(b) push ingest, 2 instances against 1: {rates[2] / rates[1]:.2f}x")


def _grouper(province: stacks.Province) -> Callable[[int, str], str]:
    """Names each process's part in a push: an instance, PostgreSQL, nginx, this load
    generator."""
    instances = {i.process.pid for i in province.instances if i.process is not None}
    me = os.getpid()

    def group(pid: int, name: str) -> str:
        if pid in instances:
            return "instances"
        if pid == me:
            return "load generator"
        if name.startswith("postgres"):
            return "PostgreSQL"
        if name == "nginx":
            return "nginx"
        return "other"

    return group


def losing_one(folder: Path, cluster: pgcluster.Cluster, store, args: argparse.Namespace) -> None:
    url = cluster.create_database("kill")
    tokens = [token for _, token in seed(url, teams=10, devices=args.clients).devices]
    settings = _settings(folder / "kill", url, store, "bench/kill")
    work = _bodies(args.clients, args.batches)
    province = stacks.start(folder / "kill", settings, count=2)
    done, lock, third = [0], threading.Lock(), threading.Event()
    total = args.clients * args.batches

    def counted() -> None:
        with lock:
            done[0] += 1
            if done[0] >= total // 3:
                third.set()

    victim = province.instances[0]
    outcome: list[object] = []
    try:
        runner = threading.Thread(
            target=lambda: outcome.append(_push_all(province, tokens, work, counted))
        )
        runner.start()
        third.wait(300)
        status = victim.kill()
        down = time.perf_counter()
        time.sleep(1.0)
        victim.start()
        back = time.perf_counter() - down
        runner.join()
    finally:
        province.stop()
    seconds, latencies, sent, failed = outcome[0]  # type: ignore[misc]
    rows, distinct = _count(url)
    lost = len(set(sent)) - distinct
    print(
        f"(c) one of 2 instances killed (exit {status}) after a third of {total} pushes, back "
        f"after {back:.1f} s: records lost {lost}, duplicated {rows - distinct}, pushes failed "
        f"past retries {len(failed)}; {len(sent):,} records in {seconds:.1f} s, "
        f"batch {describe_ms(latencies)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10, help="each wrk run")
    parser.add_argument("--connections", type=int, default=64, help="wrk's connections")
    parser.add_argument("--clients", type=int, default=20, help="pushing devices")
    parser.add_argument("--batches", type=int, default=20, help="batches of 100 per device")
    parser.add_argument("--only", choices=["pages", "ingest", "kill"], help="one part only")
    args = parser.parse_args()
    for needed, hint in (
        ("wrk", "apt-get install wrk"),
        ("nginx", "apt-get install nginx"),
    ):
        if shutil.which(needed) is None and not Path(f"/usr/sbin/{needed}").exists():
            raise SystemExit(f"{needed} is not installed ({hint})")
    with tempfile.TemporaryDirectory(prefix="cnscd-bench-scale-") as work:
        folder = Path(work)
        cluster = pgcluster.start(folder / "pg", durable=True)
        store = objectstore.start(folder / "s3")
        cores = os.cpu_count()
        try:
            print(
                "PostgreSQL durable (fsync on); media in SeaweedFS; instances: python -m server, "
                "1 worker each; nginx: deploy/nginx.conf, 2 workers, TLS"
            )
            for name, part in (("pages", pages), ("ingest", ingest), ("kill", losing_one)):
                if args.only in (None, name):
                    print(f"load average before {name}: {os.getloadavg()[0]:.1f} ({cores} cores)")
                    part(folder, cluster, store, args)
        finally:
            store.stop()
            cluster.stop()


if __name__ == "__main__":
    main()
