"""Time to sync 1,000 help sessions (push, then the pull that follows) through our proxy shaped
like a poor 3G link (1 Mbit/s, 300 ms round trip) and like 2G/EDGE (200 kbit/s, 600 ms round
trip), beside the physical floor: bytes on the wire / bandwidth + one round trip per request
(the proxy delays each message by half the round trip plus its size over the bandwidth, so
the floor leaves out only the server's and the client's own time).

    .venv/bin/python bench/sync_link.py
"""

from __future__ import annotations

import time

from sync_common import Link, bench, fill

from app.services import outbox
from sync.client import ApiClient
from sync.engine import Sync

SESSIONS = 1000
LINKS = {
    "loopback, no shaping (our own processing time)": Link(),
    "3G kém (1 Mbit/s, RTT 300 ms)": Link(bandwidth=1_000_000 / 8, rtt=0.300),
    "2G/EDGE (200 kbit/s, RTT 600 ms)": Link(bandwidth=200_000 / 8, rtt=0.600),
}


def main() -> None:
    print(f"syncing {SESSIONS} help sessions (and their 50 households), batches of 100")
    for name, link in LINKS.items():
        with bench() as b:
            device = b.device()
            fill(device, SESSIONS)
            b.proxy.link = link
            b.proxy.reset_counters()
            started = time.perf_counter()
            with ApiClient(b.proxy.url, device.tokens.read()) as client:
                result = Sync(device.store, client, batch_size=100, media=False).run()
            elapsed = time.perf_counter() - started
            assert result.ok and outbox.pending_count(device.store) == 0, result.error
            c = b.proxy.counters
            floor = (c.total / link.bandwidth if link.bandwidth else 0) + c.requests * link.rtt
            print(
                f"{name}: {elapsed:.1f} s; floor {floor:.1f} s "
                f"({c.total} bytes in {c.requests} requests: {floor - c.requests * link.rtt:.1f} s of bytes "
                f"+ {c.requests} x {link.rtt * 1000:.0f} ms)"
            )


if __name__ == "__main__":
    main()
