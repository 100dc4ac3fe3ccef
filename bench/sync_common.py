"""Shared by the sync benchmarks: the real server on SQLite under uvicorn, our fault proxy in
front of it, and a device store full of help sessions — the same helpers the tests use."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "sync")]

from faultproxy import Fault, FaultProxy, Link
from support import demo
from synctest import FAST, Device, LiveServer, new_device, publish_media_bundle, seed_team

from app.services import households, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.core.config import Settings
from server.core.db import migrate
from wire.clock import utcnow

SERVICES = ["vneid_muc_2", "thuong_tru", "khai_sinh"]
__all__ = ["FAST", "Bench", "Fault", "Link", "bench", "fill", "publish_media_bundle"]
NOTES = ["", "", "Đã kích hoạt VNeID mức 2", "Hẹn mang CCCD lần sau", ""]


@dataclass
class Bench:
    settings: Settings
    server: LiveServer
    proxy: FaultProxy
    folder: Path

    def device(self, name: str = "Máy đo") -> Device:
        team = seed_team(self.settings).id
        return new_device(self.folder / name, self.settings, team, self.proxy.url, name)


@contextmanager
def bench(link: Link | None = None) -> Iterator[Bench]:
    folder = Path(tempfile.mkdtemp(prefix="cnscd-bench-"))
    settings = Settings(
        data_dir=folder / "server",
        database_url=f"sqlite:///{folder / 'server.sqlite3'}",
        enrol_rate_per_minute=1000,
    )
    migrate(settings.url)
    with LiveServer(settings) as server, FaultProxy(server.port, link=link) as proxy:
        yield Bench(settings, server, proxy, folder)


def fill(device: Device, count: int, households_count: int = 50) -> None:
    """`count` help sessions of a realistic mix over `households_count` households."""
    made = [
        households.create(
            device.store,
            HouseholdInput(
                f"Hộ số {n}",
                demo.VILLAGES[n % 5].id,
                f"09{12345678 + n:08d}" if n % 2 else None,
                consent=True,
            ),
        )
        for n in range(households_count)
    ]
    now = utcnow()
    for n in range(count):
        sessions.record(
            device.store,
            SessionInput(
                household_id=made[n % households_count].id,
                services=[SERVICES[n % 3]] if n % 4 else SERVICES[:2],
                outcome="done_online",
                minutes=5 + n % 40,
                guides=[],
                note=NOTES[n % len(NOTES)],
                occurred_at=now - timedelta(minutes=3 * n),
            ),
        )
