"""End to end through faults: the real client, our fault-injecting proxy, the real server (on
SQLite and PostgreSQL). For every fault, once the network is back and sync runs to the end,
the server holds every record exactly once, as the device last wrote it, and the outbox is
empty."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest
from faultproxy import Fault
from sqlmodel import select
from support import demo
from synctest import FAST, new_device, server_rows

from app.models import HelpSession as DeviceSession
from app.services import households, outbox, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.models import HelpSession, Household
from sync.client import ApiClient
from sync.engine import Sync
from wire.clock import utcnow

PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"
FAULTS = {
    "cut mid-request": [Fault("cut_request", PUSH)],
    "cut mid-response": [Fault("cut_response", PUSH, times=2), Fault("cut_response", PULL)],
    "cut after the answer's head": [Fault("cut_response", PUSH, after_bytes=40)],
    "server error 500": [Fault("status_500", PUSH, times=3), Fault("status_500", PULL)],
    "rate limited 429": [Fault("status_429", PUSH, times=2, seconds=0)],
    "answer held past the timeout": [Fault("delay", PUSH, seconds=1.5)],
    "request sent twice": [Fault("duplicate", PUSH, times=3), Fault("duplicate", PULL)],
    "server restarted between requests": [Fault("restart", PUSH), Fault("restart", PULL)],
}


def _record(store, count: int, households_count: int = 3) -> tuple[list[str], list[str]]:
    villages = [v.id for v in demo.VILLAGES]
    made = [
        households.create(store, HouseholdInput(f"Hộ thử {n}", villages[n % 3], None, consent=True))
        for n in range(households_count)
    ]
    ids = []
    for n in range(count):
        record = sessions.record(
            store,
            SessionInput(
                household_id=made[n % households_count].id,
                services=["vneid_muc_2"],
                outcome="done_online",
                minutes=5 + n % 30,
                note=f"Buổi {n}",
                occurred_at=utcnow() - timedelta(minutes=n),
            ),
        )
        ids.append(record.id)
    return [h.id for h in made], ids


def _sync_until_done(device, proxy, timeout: float | None = None) -> None:
    state = sync_state.get(device.store)
    kwargs = {"timeout": httpx.Timeout(timeout)} if timeout else {}
    for _ in range(6):
        client = ApiClient(state.server_url, device.tokens.read(), **kwargs)
        result = Sync(device.store, client, backoff=FAST, batch_size=50).run()
        client.close()
        if result.ok and outbox.pending_count(device.store) == 0:
            return
    raise AssertionError(f"sync did not finish: {result.error}")


@pytest.mark.parametrize("name", list(FAULTS))
def test_every_record_once_and_the_outbox_empty_after_a_fault(
    name, live, proxy, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, proxy.url)
    household_ids, session_ids = _record(device.store, 120)
    proxy.inject(*FAULTS[name])
    _sync_until_done(device, proxy, timeout=1.0 if "timeout" in name else None)
    assert proxy.pending_faults() == 0, "every fault was met"
    assert outbox.pending_count(device.store) == 0
    held_sessions = server_rows(live.engine, HelpSession)
    assert sorted(s.id for s in held_sessions) == sorted(session_ids)  # each exactly once
    assert sorted(h.id for h in server_rows(live.engine, Household)) == sorted(household_ids)
    by_id = {s.id: s for s in held_sessions}
    with device.store.session() as s:
        for local in s.exec(select(DeviceSession)):
            assert (by_id[local.id].note, by_id[local.id].minutes) == (local.note, local.minutes)
            assert local.synced_at is not None  # confirmed: now read-only
    device.close()


def test_an_edit_made_while_its_push_is_in_flight_is_pushed_again(
    live, proxy, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, proxy.url)
    _, [session_id] = _record(device.store, 1, households_count=1)
    proxy.inject(Fault("delay", PUSH, seconds=0.8))
    record = sessions.get(device.store, session_id)

    def edit_during_the_push() -> None:
        threading.Event().wait(0.3)
        sessions.update(
            device.store,
            session_id,
            SessionInput(
                household_id=record.household_id,
                services=["vneid_muc_2"],
                outcome="done_online",
                minutes=42,
                note="Sửa trong lúc gửi",
                occurred_at=record.occurred_at,
            ),
        )

    editor = threading.Thread(target=edit_during_the_push)
    editor.start()
    _sync_until_done(device, proxy)
    editor.join()
    [held] = server_rows(live.engine, HelpSession)
    assert (held.minutes, held.note) == (42, "Sửa trong lúc gửi")
    assert (
        outbox.pending_count(device.store) == 0
        and sessions.get(device.store, session_id).synced_at is not None
    )
    device.close()


def test_a_refused_record_is_set_aside_and_says_why(
    live, proxy, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, proxy.url)
    # A village the server does not know in the team's commune: the record is refused (422).
    from app.models import Area
    from app.services import areas, set_aside

    areas.add(
        device.store,
        [
            Area(
                id="qn.quang-la.thon-moi", parent_id="qn.quang-la", level="village", name="Thôn Mới"
            )
        ],
    )
    households.create(
        device.store, HouseholdInput("Hộ thôn mới", "qn.quang-la.thon-moi", None, consent=True)
    )
    client = ApiClient(proxy.url, device.tokens.read())
    result = Sync(device.store, client, backoff=FAST).run()
    client.close()
    assert result.ok and result.set_aside == 1
    [item] = set_aside.items(device.store)
    assert item.what == "Hộ Hộ thôn mới (Thôn Mới)" and "Thôn, bản của hộ này" in item.why
    assert outbox.pending_count(device.store) == 0 and len(server_rows(live.engine, Household)) == 0
