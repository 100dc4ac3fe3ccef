"""Two devices of one team edit the same household offline: field-level last writer wins by
hybrid logical clock, erasure wins over everything, and no follow-up is ever lost — checked
end to end with the real server and the real client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support import demo
from synctest import FAST, new_device, server_rows

from app.errors import Locked
from app.services import households, outbox, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.models import HelpSession, Household
from sync.client import ApiClient
from sync.engine import Sync
from wire.clock import today_local

VILLAGE, OTHER = demo.VILLAGES[0].id, demo.VILLAGES[1].id


def sync(device) -> None:
    from app.services import sync_state

    client = ApiClient(sync_state.get(device.store).server_url, device.tokens.read())
    result = Sync(device.store, client, backoff=FAST, media=False).run()
    client.close()
    assert result.ok, result.error


@pytest.fixture
def pair(live, team, server_settings, tmp_path):
    a = new_device(tmp_path / "a", server_settings, team, live.url, "Máy A")
    b = new_device(tmp_path / "b", server_settings, team, live.url, "Máy B")
    yield a, b
    a.close()
    b.close()


def _shared_household(a, b):
    made = households.create(
        a.store, HouseholdInput("Nguyễn Văn An", VILLAGE, "0912345678", consent=True)
    )
    sync(a)
    sync(b)
    assert households.get(b.store, made.id).head_name == "Nguyễn Văn An"
    return made.id


def test_edits_of_different_fields_on_two_devices_both_survive(pair, live) -> None:
    a, b = pair
    hid = _shared_household(a, b)
    households.update(
        a.store, hid, HouseholdInput("Nguyễn Văn An", VILLAGE, "0987654321", consent=True)
    )
    households.update(
        b.store, hid, HouseholdInput("Nguyễn Văn Anh", OTHER, "0912345678", consent=True)
    )
    sync(b)
    sync(a)
    sync(b)
    for device in (a, b):
        h = households.get(device.store, hid)
        assert (h.head_name, h.village_id, h.phone) == ("Nguyễn Văn Anh", OTHER, "0987654321")
    [held] = server_rows(live.engine, Household)
    assert (held.head_name, held.village_id, held.phone) == ("Nguyễn Văn Anh", OTHER, "0987654321")


def test_the_later_edit_of_one_field_wins_whatever_the_push_order(pair, live) -> None:
    a, b = pair
    hid = _shared_household(a, b)
    households.update(
        a.store, hid, HouseholdInput("Tên sửa trước", VILLAGE, "0912345678", consent=True)
    )
    households.update(
        b.store, hid, HouseholdInput("Tên sửa sau", VILLAGE, "0912345678", consent=True)
    )
    sync(b)  # the later edit reaches the server first
    sync(a)  # the earlier one arrives late and loses
    sync(b)
    assert (
        households.get(a.store, hid).head_name
        == households.get(b.store, hid).head_name
        == "Tên sửa sau"
    )
    assert server_rows(live.engine, Household)[0].head_name == "Tên sửa sau"


def test_an_edit_after_seeing_the_others_wins_even_with_a_slow_clock(
    pair, live, monkeypatch
) -> None:
    """Causality, not the phone's clock: B saw A's edit, so B's next edit is later, even if
    B's wall clock is an hour behind."""
    a, b = pair
    hid = _shared_household(a, b)
    households.update(
        a.store, hid, HouseholdInput("Sửa ở máy A", VILLAGE, "0912345678", consent=True)
    )
    sync(a)
    sync(b)
    from wire import hlc

    real = hlc.wall_millis
    monkeypatch.setattr(hlc, "wall_millis", lambda: real() - 3_600_000)
    households.update(
        b.store, hid, HouseholdInput("Sửa ở máy B", VILLAGE, "0912345678", consent=True)
    )
    monkeypatch.undo()
    sync(b)
    sync(a)
    assert households.get(a.store, hid).head_name == "Sửa ở máy B"


def test_erasure_wins_over_an_edit_made_elsewhere(pair, live) -> None:
    a, b = pair
    hid = _shared_household(a, b)
    sessions.record(b.store, SessionInput(hid, ["vneid_muc_2"], "done_online", 10))
    households.update(
        b.store, hid, HouseholdInput("Sửa sau khi bị xoá", VILLAGE, None, consent=True)
    )
    households.delete_household(a.store, hid)
    sync(a)
    sync(b)  # B's edit and session go up, and are dropped: the household asked to be forgotten
    sync(a)
    assert households.get(a.store, hid) is None and households.get(b.store, hid) is None
    assert outbox.pending_count(b.store) == 0 and households.history(b.store, hid) == []
    assert server_rows(live.engine, Household) == [] and server_rows(live.engine, HelpSession) == []


def test_follow_ups_and_history_reach_every_device_of_the_team(pair, live) -> None:
    a, b = pair
    hid = _shared_household(a, b)
    due = today_local() + timedelta(days=3)
    first = sessions.record(
        a.store,
        SessionInput(
            hid, ["vneid_muc_2"], "follow_up", 20, follow_up_on=due, note="Hẹn quay lại cài VNeID"
        ),
    )
    households.update(
        b.store, hid, HouseholdInput("Nguyễn Văn Anh", VILLAGE, "0912345678", consent=True)
    )
    sync(a)
    sync(b)
    [seen] = households.follow_ups(b.store, until=due)
    assert (seen.household.id, seen.session_id, seen.due_on) == (hid, first.id, due)
    pulled = sessions.get(b.store, first.id)
    assert pulled.recorded_here is False and pulled.synced_at is not None
    with pytest.raises(Locked):  # another volunteer's session: read-only here
        sessions.update(b.store, first.id, SessionInput(hid, ["vneid_muc_2"], "done_online", 5))
    second = sessions.record(
        b.store, SessionInput(hid, ["vneid_muc_2"], "done_online", 15, note="Đã xong")
    )
    sync(b)
    sync(a)
    assert [s.id for s in households.history(a.store, hid)] == [second.id, first.id]
    assert households.follow_ups(a.store, until=due) == []  # the later session cleared it, on both
    assert households.get(a.store, hid).head_name == "Nguyễn Văn Anh"
