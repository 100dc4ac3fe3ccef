"""Push ingest rate on PostgreSQL: records stored per second when 20 devices on loopback push
batches of 100 records (50 new households, 50 help sessions; gzip JSON as the app sends them) at
the same time, with each batch's latency. The server runs as `python -m server` in its own
process; PostgreSQL is durable (fsync on, synchronous commit) unless --fast.

    .venv/bin/python bench/server_ingest.py [--fast] [--clients 20] [--batches 30] [--teams 10] [--workers 1] [--profile out.svg]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import threading
import time
from pathlib import Path

import httpx
from server_common import VILLAGES, describe_ms, postgresql, records, seed, server
from sqlalchemy import create_engine, text

PER_BATCH = 100


def _batches(count: int, client: int) -> list[bytes]:
    bodies = []
    for n in range(count):
        body = []
        for k in range(PER_BATCH // 2):
            household = records.household(
                VILLAGES[(n + k) % len(VILLAGES)],
                name=f"Hộ {client}-{n}-{k}",
                phone=f"09{client:02d}{n:03d}{k:03d}",
            )
            body += [
                household,
                records.session(
                    household["payload"]["id"], note="Đã kích hoạt VNeID mức 2" if k % 3 else ""
                ),
            ]
        bodies.append(
            gzip.compress(
                json.dumps({"records": body}, ensure_ascii=False, separators=(",", ":")).encode(), 9
            )
        )
    return bodies


def run(args: argparse.Namespace) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="cnscd-bench-ingest-") as work,
        postgresql(Path(work), durable=not args.fast) as url,
    ):
        folder = Path(work)
        province = seed(url, args.teams, args.clients)
        work_per_client = [
            _batches(args.batches + 1, c) for c in range(args.clients)
        ]  # +1: the warm-up batch
        latencies: list[float] = []
        lock, start = threading.Lock(), threading.Barrier(args.clients + 1)
        failures: list[str] = []

        def client(index: int, base: str) -> None:
            token = province.devices[index][1]
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
            }
            with httpx.Client(base_url=base, timeout=120, headers=headers) as http:
                warm, *timed = work_per_client[index]
                http.post("/api/v1/sync/push", content=warm).raise_for_status()
                start.wait()
                for body in timed:
                    began = time.perf_counter()
                    answer = http.post("/api/v1/sync/push", content=body)
                    elapsed = (time.perf_counter() - began) * 1000
                    with lock:
                        latencies.append(elapsed)
                        if answer.status_code != 200 or len(answer.json()["stored"]) != PER_BATCH:
                            failures.append(answer.text[:200])

        with server(url, folder, args.workers, profile=args.profile) as running:
            threads = [
                threading.Thread(target=client, args=(i, running.url)) for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            start.wait()
            began = time.perf_counter()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - began

        engine = create_engine(url)
        with engine.connect() as db:
            stored = db.execute(
                text(
                    "SELECT (SELECT count(*) FROM households) + (SELECT count(*) FROM help_sessions)"
                )
            ).scalar()
        engine.dispose()
        expected = args.clients * (args.batches + 1) * PER_BATCH
        timed = args.clients * args.batches * PER_BATCH
        print(
            f"PostgreSQL {'fast (fsync off)' if args.fast else 'durable (fsync on)'}; server workers: {args.workers}; "
            f"{args.clients} clients over {args.teams} teams; {args.batches} timed batches of {PER_BATCH} each"
        )
        print(f"records stored: {stored} of {expected} sent; failed batches: {len(failures)}")
        print(
            f"ingest: {timed / seconds:,.0f} records/s ({len(latencies) / seconds:.1f} batches/s) over {seconds:.1f} s"
        )
        print(f"batch latency: {describe_ms(latencies)}")
        if failures or stored != expected:
            raise SystemExit(f"not every record was stored: {failures[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--fast", action="store_true", help="PostgreSQL without fsync (not for quoted figures)"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--batches", type=int, default=30, help="timed batches per client")
    parser.add_argument(
        "--teams", type=int, default=10, help="the clients' devices are spread over this many teams"
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument(
        "--profile", type=Path, help="sample the server with py-spy into this SVG flame graph"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
