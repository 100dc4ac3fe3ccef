"""Bytes on the wire per help session pushed: batches of 100 in gzip JSON (what the app does)
next to one request per record in uncompressed JSON. Measured through our proxy: request and
response, HTTP headers included (TCP/IP headers not counted).

    .venv/bin/python bench/sync_bytes.py
"""

from __future__ import annotations

import json

import httpx
from sync_common import bench, fill

from app.services import outbox
from sync.client import ApiClient
from sync.engine import Sync

SESSIONS = 1000


def main() -> None:
    with bench() as b:
        batched, single = b.device("batched"), b.device("single")
        for device in (batched, single):
            fill(device, SESSIONS)
            _push_households(device, b)
        b.proxy.reset_counters()
        with ApiClient(b.proxy.url, batched.tokens.read()) as client:
            Sync(batched.store, client, batch_size=100, media=False).push()
        grouped = b.proxy.counters
        assert outbox.pending_count(batched.store) == 0

        b.proxy.reset_counters()
        entries = outbox.pending(single.store, SESSIONS)
        with httpx.Client(
            base_url=b.proxy.url, headers={"Authorization": f"Bearer {single.tokens.read()}"}
        ) as http:
            for e in entries:
                body = json.dumps({"records": [{"type": e.record_type, "payload": e.payload}]})
                answer = http.post(
                    "/api/v1/sync/push", content=body, headers={"Content-Type": "application/json"}
                )
                answer.raise_for_status()
        baseline = b.proxy.counters
        raw = sum(len(json.dumps(e.payload)) for e in entries) / len(entries)

    print(f"help sessions pushed: {SESSIONS}")
    print(f"one session's payload as JSON: {raw:.0f} bytes")
    print(
        f"batches of 100, gzip JSON: {grouped.total / SESSIONS:.1f} bytes/session on the wire "
        f"({grouped.requests} requests; up {grouped.bytes_up / SESSIONS:.1f}, down {grouped.bytes_down / SESSIONS:.1f}) "
        f"- target < 150"
    )
    print(
        f"baseline, one request per record, plain JSON: {baseline.total / SESSIONS:.1f} bytes/session "
        f"({baseline.requests} requests)"
    )
    print(f"saving: {baseline.total / grouped.total:.1f}x fewer bytes")


def _push_households(device, b) -> None:
    """Households go first (they are not what is measured); sessions stay queued."""
    from sqlmodel import select

    from app.models import OutboxEntry
    from app.services import pushed

    with device.store.session() as s:
        entries = list(s.exec(select(OutboxEntry).where(OutboxEntry.record_type == "household")))
    with ApiClient(b.proxy.url, device.tokens.read()) as client:
        answer = client.push([outbox.record(e) for e in entries])
    pushed.settle(device.store, pushed.sent(entries), set(answer.stored))


if __name__ == "__main__":
    main()
