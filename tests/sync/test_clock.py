"""Versions are ordered by the hybrid logical clock, not by the phone's wall clock (the real
client, the real server on SQLite and PostgreSQL, the phone's clock set wrong as a volunteer or
a network-time correction sets it): an edit made after the clock stepped back still wins, and
the server never answers "stored" for a version it did not keep. A phone whose clock runs ahead
is told so plainly, keeps what the server would refuse, and once its clock is right again
re-stamps what waits and syncs it by itself, keeping causally later edits later."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from faultproxy import Fault
from support import demo
from synctest import FAST, new_device, server_rows

from app.services import device_clock, households, outbox, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.models import HelpSession, Household
from sync.client import ApiClient
from sync.engine import Sync
from sync.retry import Backoff

PUSH = "/api/v1/sync/push"
ONE_TRY = Backoff(base=0.01, cap=0.01, attempts=1)


@pytest.fixture(autouse=True)
def right_clock_after() -> Iterator[None]:
    yield
    device_clock.set_wall_offset(timedelta(0))


def _sync(device, url: str | None = None, backoff: Backoff = FAST):
    state = sync_state.get(device.store)
    with ApiClient(url or state.server_url, device.tokens.read()) as client:
        return Sync(device.store, client, backoff=backoff, media=False).run()


def _session(device, minutes: int = 10, note: str = ""):
    household = households.create(device.store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, consent=True))
    return household, sessions.record(device.store, SessionInput(household.id, ["vneid_muc_2"], "done_online",
                                                                 minutes, note=note))


def _edit(device, record, minutes: int) -> None:
    sessions.update(device.store, record.id, SessionInput(record.household_id, list(record.services),
                                                          record.outcome, minutes, note=record.note,
                                                          occurred_at=record.occurred_at))


def test_an_edit_after_the_clock_stepped_back_wins_over_the_version_the_server_holds(
        live, proxy, team, server_settings, tmp_path) -> None:
    device = new_device(tmp_path / "device", server_settings, team, proxy.url)
    _, record = _session(device, minutes=10)
    # The push arrives, its answer does not: the server holds 10 minutes, the phone does not know.
    proxy.inject(Fault("cut_response", PUSH, after_bytes=0))
    assert _sync(device, backoff=ONE_TRY).error.code == "network"
    assert [s.minutes for s in server_rows(live.engine, HelpSession)] == [10]

    device_clock.set_wall_offset(-timedelta(hours=1))  # network time corrects the phone's clock
    _edit(device, record, minutes=42)
    assert _sync(device).ok

    assert [s.minutes for s in server_rows(live.engine, HelpSession)] == [42]
    assert outbox.pending_count(device.store) == 0
    assert sessions.get(device.store, record.id).synced_at is not None
    device.close()


def test_an_older_version_is_answered_superseded_never_stored(live, team, server_settings, tmp_path) -> None:
    device = new_device(tmp_path / "device", server_settings, team, live.url)
    _, record = _session(device, minutes=10)
    first = [outbox.record(e) for e in outbox.pending(device.store)]
    _edit(device, record, minutes=42)
    assert _sync(device).ok
    with ApiClient(live.url, device.tokens.read()) as client:
        answer = client.push(first)  # the first version, arriving late (a retried request)
    assert answer.superseded == [record.id] and record.id not in answer.stored
    assert [s.minutes for s in server_rows(live.engine, HelpSession)] == [42]
    device.close()
