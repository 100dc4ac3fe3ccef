"""Public guide pages (/g/<code>), what a household's phone opens from a QR: the bytes of each
page before its images and video, and the server's time per request under load (20 clients on
loopback asking for the real guides of content/dist as fast as they can). The server runs as
`python -m server` on SQLite (one machine) or, with --postgres, on a durable PostgreSQL; the
time per request is what the server's own request log measures, from the first byte of the
request to the last of the answer.

    .venv/bin/python bench/server_public_page.py [--postgres] [--clients 20] [--seconds 15] [--profile out.svg]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from server_common import COMMUNE, describe_ms, postgresql, seed, server

from content.manifest import DIST_DIR, load_manifest
from server.cli import main as cli
from server.core.config import Settings


def _page_sizes(base: str, codes: list[str]) -> None:
    sizes, headers, zipped = [], [], []
    with httpx.Client(base_url=base) as http:
        for code in codes:
            answer = http.get(f"/g/{code}", params={"c": COMMUNE})
            answer.raise_for_status()
            sizes.append(len(answer.content))
            headers.append(
                sum(len(k) + len(v) + 4 for k, v in answer.headers.raw)
                + len(b"HTTP/1.1 200 OK\r\n\r\n")
            )
            zipped.append(len(gzip.compress(answer.content, 6)))
    print(
        f"guide pages: {len(codes)}; HTML bytes before media: median {statistics.median(sizes):,.0f}, "
        f"max {max(sizes):,} (limit 30,720); response headers ~{statistics.median(headers):,.0f} bytes"
    )
    print(
        f"the same HTML gzipped (if a proxy compresses it): median {statistics.median(zipped):,.0f}, max {max(zipped):,} bytes"
    )


def _load(base: str, codes: list[str], clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    errors: list[int] = []
    lock, start = threading.Lock(), threading.Barrier(clients + 1)
    stop_at: list[float] = []

    def client(index: int) -> None:
        rng = random.Random(index)
        with httpx.Client(base_url=base, timeout=30) as http:
            start.wait()
            while time.perf_counter() < stop_at[0]:
                began = time.perf_counter()
                answer = http.get(f"/g/{rng.choice(codes)}", params={"c": COMMUNE})
                with lock:
                    latencies.append((time.perf_counter() - began) * 1000)
                    if answer.status_code != 200:
                        errors.append(answer.status_code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at.append(time.perf_counter() + seconds)
    start.wait()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed: {sorted(set(errors))}")
    print(
        f"load: {clients} clients for {seconds:.0f} s: {len(latencies) / seconds:,.0f} pages/s; "
        f"client-side latency {describe_ms(latencies)}"
    )
    return latencies


def _server_times(log: Path, skip: int) -> list[float]:
    times = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("event") == "request" and entry.get("route") == "/g/{code:path}":
                times.append(float(entry["ms"]))
    return times[skip:]


def run(args: argparse.Namespace) -> None:
    codes = [g.code for g in load_manifest().guides]
    with tempfile.TemporaryDirectory(prefix="cnscd-bench-public-") as work, ExitStack() as stack:
        folder = Path(work)
        url = (
            stack.enter_context(postgresql(folder, durable=True))
            if args.postgres
            else f"sqlite:///{folder / 'server.sqlite3'}"
        )
        seed(url, teams=1, devices=0)
        assert (
            cli(["publish", str(DIST_DIR)], Settings(data_dir=folder / "data", database_url=url))
            == 0
        )
        env = {"CNSCD_PUBLIC_RATE_PER_MINUTE": str(10**9)}  # one address asks for everything here
        running = stack.enter_context(server(url, folder, env=env, profile=args.profile))
        print(
            f"database: {'PostgreSQL (durable)' if args.postgres else 'SQLite'}; server: python -m server, 1 worker"
        )
        _page_sizes(running.url, codes)
        warm = len(codes)
        cpu = running.cpu_seconds() if not args.profile else 0.0
        served = len(_load(running.url, codes, args.clients, args.seconds))
        cpu = running.cpu_seconds() - cpu if not args.profile else 0.0
        stack.close()  # stop the server so its log is complete
        times = _server_times(folder / "server.log", warm)
        print(
            f"server time per page under that load ({len(times):,} requests), first byte in to last byte out: "
            f"{describe_ms(times)}"
        )
        if cpu:
            print(
                f"server CPU per page: {1000 * cpu / served:.2f} ms (the whole process, logging included)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", action="store_true", help="a durable PostgreSQL instead of SQLite"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument(
        "--profile", type=Path, help="sample the server with py-spy (.svg flame graph, .txt stacks)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
