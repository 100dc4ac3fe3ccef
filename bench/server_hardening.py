"""Figures of the central API's hardening, on `python -m server` (SQLite) on loopback:

- login: the time of a refused login for a username that exists (wrong password) and for one
  that does not; they should be the same (one scrypt each);
- slow clients: /healthz's time while 45 clients sit on a 12 MiB video reading nothing and 200
  connections sit in their headers, and how long until the server has let go of them all
  (here with CNSCD_HEADER_TIMEOUT=2 and CNSCD_SEND_TIMEOUT=2);
- public pages: 500 opens of one guide from one address, 50 at a time: how many were served.

    .venv/bin/python bench/server_hardening.py [--tries 30]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from server_common import records, server

from server.cli import main as cli
from server.core.config import Settings
from server.core.db import make_engine, migrate, session_scope
from server.models import MediaFile
from server.services import accounts, content

PASSWORD = "mật-khẩu-đo-thời-gian"


def _seed(url: str, folder: Path) -> tuple[str, str]:
    """A province with one staff account, the bundled guides and a 12 MiB video: the code of a
    guide and the video's SHA-256."""
    migrate(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        accounts.add_area(s, "bench", "province", "Tỉnh đo", None, "bench")
        accounts.add_staff(s, "can-bo.tinh", PASSWORD, "province_admin", "bench", area_id="bench")
    settings = Settings(data_dir=folder / "data", database_url=url)
    bundle = records.make_bundle(folder / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    code = json.loads((bundle / "manifest.json").read_text())["guides"][0]["code"]
    data = os.urandom(12 * 1024 * 1024)
    sha = hashlib.sha256(data).hexdigest()
    path = content.media_path(settings.media_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with session_scope(engine) as s:
        s.add(MediaFile(sha256=sha, size=len(data), mime="video/mp4"))
    engine.dispose()
    return code, sha


def _login_times(base: str, tries: int) -> None:
    times: dict[str, list[float]] = {
        "existing username, wrong password": [],
        "unknown username": [],
    }
    with httpx.Client(base_url=base, timeout=60) as http:
        for n in range(tries):
            for kind, username in zip(times, ("can-bo.tinh", f"khong-co-{n}"), strict=True):
                began = time.perf_counter()
                wrong = {"username": username, "password": "sai"}
                answer = http.post("/api/v1/auth/login", json=wrong)
                times[kind].append((time.perf_counter() - began) * 1000)
                assert answer.status_code in (401, 429), answer.text
    print(f"Refused logins (median of {tries}):")
    for kind, values in times.items():
        print(f"  {kind}: {statistics.median(values):.1f} ms")


def _slow_clients(base: str, port: int, sha: str) -> None:
    sockets = []
    for _ in range(45):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(f"GET /api/v1/media/{sha} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        sockets.append(sock)
    for _ in range(200):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        sockets.append(sock)
    opened = time.monotonic()
    with httpx.Client(base_url=base, timeout=60) as http:
        times = []
        for _ in range(10):
            began = time.perf_counter()
            status = http.get("/healthz").status_code
            times.append((time.perf_counter() - began) * 1000)
            assert status == 200
    print(
        f"/healthz with 45 stalled readers and 200 slow-header connections open: median "
        f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms (10 asks)"
    )
    for sock in sockets:
        sock.settimeout(60)
        try:
            while sock.recv(1 << 16):
                pass
        except OSError:
            pass
    print(f"All 245 let go of by the server within {time.monotonic() - opened:.1f} s")
    for sock in sockets:
        sock.close()


def _public_burst(base: str, code: str) -> None:
    began = time.perf_counter()
    limits = httpx.Limits(max_connections=50)
    with (
        httpx.Client(base_url=base, timeout=120, limits=limits) as http,
        ThreadPoolExecutor(50) as pool,
    ):
        statuses = list(pool.map(lambda _: http.get(f"/g/{code}").status_code, range(500)))
    elapsed = time.perf_counter() - began
    print(
        f"500 opens of a guide page from one address: {statuses.count(200)} served, "
        f"{statuses.count(429)} refused, in {elapsed:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tries", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cnscd-bench-hardening-") as work:
        folder = Path(work)
        url = f"sqlite:///{folder / 'server.sqlite3'}"
        code, sha = _seed(url, folder)
        env = {
            "CNSCD_HEADER_TIMEOUT": "2",
            "CNSCD_SEND_TIMEOUT": "2",
            "CNSCD_LOGIN_RATE_PER_MINUTE": "100000",
        }
        with server(url, folder, env=env) as running:
            port = int(running.url.rsplit(":", 1)[1])
            _login_times(running.url, args.tries)
            _slow_clients(running.url, port, sha)
            _public_burst(running.url, code)


if __name__ == "__main__":
    main()
