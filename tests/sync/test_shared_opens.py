"""Guide pages opened over the device's hotspot (no internet) are counted on the device and
reach the central figures with the next sync: counted once, however often the push repeats."""

from __future__ import annotations

import httpx
from synctest import FAST, new_device, server_rows

from app.services import opens, outbox, sync_state
from server.models import SharedOpen
from share.server import GuideShare
from sync.client import ApiClient
from sync.engine import Sync
from wire.clock import today_local


def sync(device) -> None:
    client = ApiClient(sync_state.get(device.store).server_url, device.tokens.read())
    result = Sync(device.store, client, backoff=FAST, media=False).run()
    client.close()
    assert result.ok, result.error


def test_offline_opens_are_pushed_as_counts_and_never_counted_twice(
    live, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "a", server_settings, team, live.url)
    with GuideShare(
        device.store, lambda code: opens.count_open(device.store, code), host="127.0.0.1", port=0
    ) as share:
        page = f"http://127.0.0.1:{share.port}/g/vneid-m2"
        for _ in range(3):
            assert httpx.get(page).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{share.port}/g/lua-dao").status_code == 200
        assert opens.counts(device.store) == {
            ("vneid-m2", today_local()): 3,
            ("lua-dao", today_local()): 1,
        }
        sync(device)
        assert outbox.pending_count(device.store) == 0
        held = {r.guide_code: r for r in server_rows(live.engine, SharedOpen)}
        assert {code: r.count for code, r in held.items()} == {"vneid-m2": 3, "lua-dao": 1}
        assert (
            held["vneid-m2"].day == today_local() and held["vneid-m2"].commune_id == "qn.quang-la"
        )

        for _ in range(2):
            httpx.get(page)
        # The count waits in the outbox; pushing it twice over must not add it twice.
        waiting = outbox.pending(device.store)
        assert [(e.record_type, e.payload["count"]) for e in waiting] == [("guide_opens", 5)]
        sync(device)
        client = ApiClient(live.url, device.tokens.read())
        record = outbox.record(waiting[0])
        client.push([record])  # a repeated push
        older = record.payload.model_copy(update={"count": 4})
        client.push([record.model_copy(update={"payload": older})])  # an older one
        client.close()
    assert {r.guide_code: r.count for r in server_rows(live.engine, SharedOpen)} == {
        "vneid-m2": 5,
        "lua-dao": 1,
    }
    device.close()
