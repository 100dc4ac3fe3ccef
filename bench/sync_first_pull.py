"""A new phone's first pull of a team with three years of history (3,000 households, 12,000
help sessions, a fifth of the households edited after their first visits): the time on
loopback and on a shaped 2G/EDGE link (200 kbit/s, 600 ms round trip) beside the link's
physical floor, the time spent applying the pages on the device, the household records sent
(each household once is the goal), the bytes, and the device store's size after the sync and
after it reclaims space.

The history is written through the server's own ingest (four devices of the team, batches of
500), then a fresh device enrols and syncs through our proxy, as in bench/sync_link.py.

    .venv/bin/python bench/sync_first_pull.py
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import select
from sync_common import Link, bench

from app.services import pulled, sync_state
from server.core.db import make_engine, session_scope
from server.models import Device as ServerDevice
from server.models import Team
from server.services import ingest
from sync.client import ApiClient
from sync.engine import Sync
from wire import hlc
from wire.api import PushRequest
from wire.records import HelpSessionPayload, HouseholdClocks, HouseholdPayload, push_record

HOUSEHOLDS, SESSIONS, EDITED = 3000, 12_000, 600
SERVICES = ["vneid_muc_2", "thuong_tru", "khai_sinh", "bhyt_gia_han", "dvc_dang_nhap"]
LINKS = {
    "loopback": Link(),
    "2G/EDGE (200 kbit/s, RTT 600 ms)": Link(bandwidth=200_000 / 8, rtt=0.600),
}
MB = 1024 * 1024


def _clock(moment: datetime, node: str) -> str:
    return str(hlc.Timestamp(int(moment.timestamp() * 1000), 0, node))


def history(settings, villages: list[str]) -> None:
    """Three years of a team's work, pushed through the server's ingest by four devices."""
    rng = random.Random(6)
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        team = s.exec(select(Team)).first()
        devices = []
        for n in range(4):
            device = ServerDevice(
                team_id=team.id, name=f"Máy {n}", token_hash=f"bench-{n}-{rng.random()}"
            )
            s.add(device)
            s.flush()
            devices.append(s.get(ServerDevice, device.id))
        s.expunge_all()
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    households = []
    for n in range(HOUSEHOLDS):
        at = start + timedelta(minutes=n * 3 * 365 * 24 * 60 // (HOUSEHOLDS * 4))
        stamp = _clock(at, f"{n % 4:08x}")
        households.append(
            HouseholdPayload(
                id=f"0190{n:04x}-0000-7000-8000-{n:012x}",
                village_id=villages[n % len(villages)],
                head_name=f"Hộ số {n}",
                phone=f"09{12_000_000 + n:08d}" if n % 2 else None,
                consent_at=at,
                updated_at=at,
                clocks=HouseholdClocks(head_name=stamp, village_id=stamp, phone=stamp),
            )
        )
    sessions = []
    for n in range(SESSIONS):
        household = households[n % HOUSEHOLDS]
        at = household.updated_at + timedelta(days=(n // HOUSEHOLDS) * 200 + rng.randint(0, 100))
        sessions.append(
            HelpSessionPayload(
                id=f"0191{n:04x}-0000-7000-8000-{n:012x}",
                household_id=household.id,
                occurred_at=at,
                services=[SERVICES[n % len(SERVICES)]],
                guides=[],
                outcome="done_online",
                follow_up_on=None,
                minutes=5 + n % 40,
                note="" if n % 3 else f"Buổi {n}",
                updated_at=at,
            )
        )
    edits = []
    for n in range(EDITED):  # a phone changed, after the household's visits
        household = households[n * (HOUSEHOLDS // EDITED)]
        at = datetime.now(UTC) - timedelta(days=rng.randint(1, 60))
        edits.append(
            household.model_copy(
                update={
                    "phone": f"03{30_000_000 + n:08d}",
                    "updated_at": at,
                    "clocks": household.clocks.model_copy(update={"phone": _clock(at, "00000009")}),
                }
            )
        )
    records = [
        push_record(p)
        for p in (*households, *sorted(sessions, key=lambda s: s.occurred_at), *edits)
    ]
    for batch in range(0, len(records), 500):
        ingest.push(
            engine, devices[(batch // 500) % 4], PushRequest(records=records[batch : batch + 500])
        )
    engine.dispose()


def first_pull(link_name: str, link: Link) -> None:
    with bench() as b:
        device = b.device("Máy mới")
        from support import demo

        history(b.settings, [v.id for v in demo.VILLAGES])
        b.proxy.link = link
        b.proxy.reset_counters()
        applying = 0.0
        households_sent = 0
        original = pulled.apply

        def timed(store, page):
            nonlocal applying, households_sent
            households_sent += len(page.households)
            started = time.perf_counter()
            try:
                return original(store, page)
            finally:
                applying += time.perf_counter() - started

        pulled.apply = timed
        try:
            started = time.perf_counter()
            with ApiClient(b.proxy.url, device.tokens.read()) as client:
                result = Sync(device.store, client, media=False).run()
            elapsed = time.perf_counter() - started
        finally:
            pulled.apply = original
        assert result.ok, result.error
        assert sync_state.get(device.store).cursor
        c = b.proxy.counters
        floor = (c.total / link.bandwidth if link.bandwidth else 0) + c.requests * link.rtt
        size = device.store.size()
        reclaimed = getattr(result, "reclaimed", 0)
        print(
            f"{link_name}: {elapsed:.1f} s in all, {applying:.1f} s applying on the device; "
            f"floor {floor:.1f} s ({c.total / MB:.2f} MB in {c.requests} requests), "
            f"{elapsed / floor:.2f}x the floor"
            if floor
            else f"{link_name}: {elapsed:.1f} s in all, {applying:.1f} s applying on the device "
            f"({c.total / MB:.2f} MB in {c.requests} requests)"
        )
        print(
            f"  households sent: {households_sent} for {HOUSEHOLDS}; "
            f"sessions applied: {result.sessions}; device store after the sync: "
            f"{(size + reclaimed) / MB:.1f} MB, {size / MB:.1f} MB once it gave space back"
        )
        device.close()


def main() -> None:
    print(
        f"first pull of {HOUSEHOLDS} households and {SESSIONS} help sessions "
        f"({EDITED} households edited after their visits)"
    )
    for name, link in LINKS.items():
        first_pull(name, link)


if __name__ == "__main__":
    main()
