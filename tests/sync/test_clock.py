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
    household = households.create(
        device.store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, consent=True)
    )
    return household, sessions.record(
        device.store, SessionInput(household.id, ["vneid_muc_2"], "done_online", minutes, note=note)
    )


def _edit(device, record, minutes: int) -> None:
    sessions.update(
        device.store,
        record.id,
        SessionInput(
            record.household_id,
            list(record.services),
            record.outcome,
            minutes,
            note=record.note,
            occurred_at=record.occurred_at,
        ),
    )


def test_an_edit_after_the_clock_stepped_back_wins_over_the_version_the_server_holds(
    live, proxy, team, server_settings, tmp_path
) -> None:
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


def test_an_older_version_is_answered_superseded_never_stored(
    live, team, server_settings, tmp_path
) -> None:
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


@pytest.mark.parametrize(
    "ahead", [timedelta(hours=72), timedelta(days=400)], ids=["72 hours", "400 days"]
)
def test_a_clock_far_ahead_is_said_plainly_and_what_waits_goes_up_once_it_is_right(
    ahead, live, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, live.url)
    device_clock.set_wall_offset(ahead)
    recorded_at = wall_now = device_clock.wall() - ahead  # the true time it was recorded
    household, _ = _session(device, minutes=25, note="đồng hồ sai")

    result = _sync(device)
    assert result.error is not None and result.error.code == "clock_ahead"
    days = ahead.days
    said = sync_state.get(device.store).last_error_message
    assert said.startswith(f"Đồng hồ của máy đang nhanh {days} ngày so với giờ chuẩn.")
    assert server_rows(live.engine, HelpSession) == [] and outbox.pending_count(device.store) == 2

    device_clock.set_wall_offset(timedelta(0))  # the volunteer sets the clock right
    assert _sync(device).ok
    assert outbox.pending_count(device.store) == 0
    [held] = server_rows(live.engine, HelpSession)
    assert (held.minutes, held.note) == (25, "đồng hồ sai")
    from wire.clock import as_utc

    assert abs(as_utc(held.occurred_at) - recorded_at) < timedelta(minutes=1)  # when it really was
    assert int(held.clock[:13]) <= int((wall_now + timedelta(minutes=2)).timestamp() * 1000)
    with device.store.session() as s:
        assert device_clock.last(s).millis <= int(
            (device_clock.wall() + timedelta(minutes=5)).timestamp() * 1000
        )
    assert [h.id for h in server_rows(live.engine, Household)] == [household.id]
    device.close()


def test_after_the_repair_causally_later_still_wins_and_a_later_edit_elsewhere_too(
    live, team, server_settings, tmp_path
) -> None:
    b = new_device(tmp_path / "b", server_settings, team, live.url, "Máy B")
    household = households.create(
        b.store, HouseholdInput("Nguyễn Văn An", demo.VILLAGES[0].id, "0912345678", consent=True)
    )
    assert _sync(b).ok
    a = new_device(tmp_path / "a", server_settings, team, live.url, "Máy A")
    assert _sync(a).ok and households.get(a.store, household.id) is not None

    device_clock.set_wall_offset(timedelta(hours=72))
    # A edits after seeing B's phone number: its new number is causally later.
    households.update(
        a.store,
        household.id,
        HouseholdInput("Nguyễn Văn Ân", demo.VILLAGES[0].id, "0987654321", consent=True),
    )
    assert _sync(a).error.code == "clock_ahead"
    device_clock.set_wall_offset(timedelta(0))
    # B renames the household later in real time, without having seen A's edit.
    households.update(
        b.store,
        household.id,
        HouseholdInput("Nguyễn Văn Anh", demo.VILLAGES[0].id, "0912345678", consent=True),
    )
    assert _sync(b).ok
    assert _sync(a).ok and _sync(b).ok

    [held] = server_rows(live.engine, Household)
    assert (held.head_name, held.phone) == ("Nguyễn Văn Anh", "0987654321")
    for device in (a, b):
        mine = households.get(device.store, household.id)
        assert (mine.head_name, mine.phone) == ("Nguyễn Văn Anh", "0987654321")
        device.close()
