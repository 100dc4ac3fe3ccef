"""The demo: the device's demo data, loaded once on the demo's first run (the demo commune's
places and invented households with their visits, from content/demo/quang-la.toml), and the
demo's central API beside the app (`python -m server`, SQLite in the demo's data folder) with
the demo device enrolled in it.

The demo's QR codes open its own central API from a phone on the same network: the central API
listens on every interface where this machine has a LAN address, and the app's QR screen and
sheets hold http://<LAN address>:<port>/g/<code> (127.0.0.1 where there is none). The address
is found from the interfaces the system would use, without sending anything."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx

from app.config import Settings
from app.db import Store
from app.models import Area
from app.services import areas, households, sessions, settings, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.demo import load_demo
from share.server import local_addresses
from sync.enrol import enrol
from sync.errors import SyncError
from sync.tokens import default_token_store
from wire.clock import today_local, utcnow
from wire.messages import text

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ANY_ADDRESS = "0.0.0.0"
DEVICE_NAME = text("demo_device_name")


def load(store: Store) -> bool:
    """Fill an empty store with the demo commune; answers False if it was loaded before."""
    if settings.get(store, "demo_loaded"):
        return False
    demo = load_demo()
    areas.add(
        store,
        [
            Area(id=place.id, parent_id=place.parent_id, level=place.level, name=place.name)
            for place in demo.places
        ],
    )
    now = utcnow()
    for demo_household in demo.households:
        household = households.create(
            store,
            HouseholdInput(
                demo_household.head_name,
                demo_household.village_id,
                demo_household.phone,
                consent=True,
            ),
        )
        for visit in demo_household.visits:
            follow_up = (
                today_local(now) + timedelta(days=visit.follow_up_in_days)
                if visit.follow_up_in_days is not None
                else None
            )
            sessions.record(
                store,
                SessionInput(
                    household_id=household.id,
                    services=list(visit.services),
                    outcome=visit.outcome,
                    minutes=visit.minutes,
                    follow_up_on=follow_up,
                    occurred_at=now - timedelta(days=visit.days_ago, hours=visit.hours_ago),
                ),
            )
    settings.put(store, "demo_loaded", "1")
    return True


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def _die_with_parent() -> None:
    """In the demo's server process, before it starts: on Linux, ask the kernel to stop it when
    the app's process ends, however it ends (a kill leaves no orphan holding port 8000)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def lan_address() -> str | None:
    """This machine's address on its Wi-Fi or LAN, the one a phone beside it reaches; None
    when it has none (share.server.local_addresses: no packet leaves the machine)."""
    found = [a for a in local_addresses() if not a.startswith("127.")]
    return found[0] if found else None


def public_address(port: int, lan: str | None) -> str:
    """What the demo's QR codes hold before /g/<code>: its central API on the LAN address."""
    return f"http://{lan or HOST}:{port}"


def start_central(
    settings: Settings,
    port: int,
    lan: str | None = None,
) -> tuple[subprocess.Popen | None, dict[str, str]]:
    """The demo's central API (`python -m server`, SQLite in the demo's data folder) beside the
    app, seeded with the demo commune's team, its leader and the guides (server/demo.py);
    with a `lan` address, listening on every interface so that a phone on the network opens
    the guide pages (the app itself still reaches it on 127.0.0.1)."""
    env = {
        **os.environ,
        "CNSCD_SERVER_DATA_DIR": str(settings.data_dir / "server"),
        "CNSCD_PUBLIC_BASE_URL": f"http://{HOST}:{port}",
    }
    env.pop("CNSCD_DATABASE_URL", None)
    if _port_taken(port):
        print(text("demo_port_taken", port=port), flush=True)
        return None, env
    seeded = subprocess.run(
        [sys.executable, "-m", "server", "admin", "demo"],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if seeded.returncode != 0:
        print(text("demo_seed_failed", detail=seeded.stderr.strip()), flush=True)
        return None, env
    log = (settings.data_dir / "server.log").open("ab")
    bind = ANY_ADDRESS if lan else HOST
    command = [sys.executable, "-m", "server", "--host", bind, "--port", str(port)]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads run yet)
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                print(
                    text(
                        "demo_central_running",
                        url=f"http://{HOST}:{port}/staff",
                        detail=seeded.stdout.strip(),
                    ),
                    flush=True,
                )
                return process, env
        except httpx.TransportError:
            time.sleep(0.3)
    process.terminate()
    print(text("demo_central_failed"), flush=True)
    return None, env


def enrol_device(store: Store, settings: Settings, env: dict[str, str]) -> None:
    """Ghi danh (enrol) the demo device with the demo team, once."""
    tokens = default_token_store(settings.data_dir)
    if sync_state.is_enrolled(store) and tokens.read():
        return
    qr = subprocess.run(
        [sys.executable, "-m", "server", "admin", "demo", "--enrolment-qr"],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        enrol(
            store,
            tokens,
            DEVICE_NAME,
            qr_text=qr.stdout.strip().splitlines()[-1] if qr.stdout else "",
        )
    except SyncError as exc:
        print(text("demo_enrol_failed", message=exc.message), flush=True)
