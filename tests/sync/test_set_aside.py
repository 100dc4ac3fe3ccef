"""One refused record never blocks the rest (the real client, the real server on SQLite and
PostgreSQL): the record the server refuses is set aside on the device with why, in words that
name the household, and everything else goes up in the same sync; the volunteer fixes it (a
new version goes up) or discards it; the team leader's devices page says the device has one.

The refusals: a household placed in a village the server retired after the phone last pulled
(the server names no record, so the client halves the batch until it is alone), a record of an
id that belongs to another team (the server names it), a record an older app wrote that no
longer keeps the wire's rules (set aside before it is sent)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from support import demo
from synctest import FAST, Device, enrolment_code, new_device, seed_team, server_rows

from app.db import Store
from app.models import OutboxEntry
from app.services import areas, guides, households, outbox, sessions, set_aside, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.manifest import load_manifest
from server.core.db import make_engine, session_scope
from server.models import Device as ServerDevice
from server.models import HelpSession, Household
from server.services import accounts
from sync.client import ApiClient
from sync.engine import Sync
from sync.enrol import enrol
from sync.tokens import FileTokenStore
from wire.records import HouseholdPayload

GOOD_HOUSEHOLDS, GOOD_SESSIONS = 50, 4949  # with the bad one, 5,000 records
RETIRED = demo.VILLAGES[4]  # retired by the server after the phone last pulled
BAD_NAME = "Hoàng Văn Bảy"


def _template(folder: Path, household_count: int, session_count: int) -> Path:
    """A phone's store holding good records and, last, a household in RETIRED."""
    store = Store(folder / "cnscd.sqlite3")
    guides.import_manifest(store, load_manifest())
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    made = [
        households.create(
            store, HouseholdInput(f"Hộ thử {n}", demo.VILLAGES[n % 4].id, consent=True)
        )
        for n in range(household_count)
    ]
    for n in range(session_count):
        sessions.record(
            store,
            SessionInput(
                made[n % household_count].id,
                ["vneid_muc_2"],
                "done_online",
                1 + n % 60,
                note=f"Buổi {n}",
            ),
        )
    households.create(store, HouseholdInput(BAD_NAME, RETIRED.id, consent=True))
    store.close()
    return folder


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,999 good records and the bad one."""
    return _template(tmp_path_factory.mktemp("template"), GOOD_HOUSEHOLDS, GOOD_SESSIONS)


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """19 good records and the bad one."""
    return _template(tmp_path_factory.mktemp("small"), 4, 15)


def _phone(template: Path, folder: Path, settings, team_id: int, url: str) -> Device:
    shutil.copytree(template, folder)
    store = Store(folder / "cnscd.sqlite3")
    tokens = FileTokenStore(folder / "device-token")
    enrol(store, tokens, "Máy của Lan", code=enrolment_code(settings, team_id), server_url=url)
    return Device(store, tokens, folder)


def _place_last_entry(store: Store, position: int) -> None:
    """Move the outbox's last entry (the bad household) to `position` among the entries, as if
    it had been written then: the entries after it move one on."""
    engine = store.engine
    with engine.begin() as conn:
        ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM outbox ORDER BY id")]
        last = ids[-1]
        conn.exec_driver_sql("UPDATE outbox SET id = -id WHERE id = ?", (last,))
        for entry_id in reversed(ids[position:-1]):
            conn.exec_driver_sql("UPDATE outbox SET id = id + 1 WHERE id = ?", (entry_id,))
        conn.exec_driver_sql("UPDATE outbox SET id = ? WHERE id = ?", (ids[position], -last))


def _retire(settings, village_id: str) -> None:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        accounts.retire_area(s, village_id, "test")
    engine.dispose()


def _sync(device: Device) -> object:
    state = sync_state.get(device.store)
    with ApiClient(state.server_url, device.tokens.read()) as client:
        return Sync(device.store, client, backoff=FAST, media=False).run()


@pytest.fixture
def phone(template: Path, tmp_path: Path, server_settings, team: int, live) -> Iterator[Device]:
    device = _phone(template, tmp_path / "phone", server_settings, team, live.url)
    yield device
    device.close()


@pytest.fixture
def small_phone(
    small_template: Path, tmp_path: Path, server_settings, team: int, live
) -> Iterator[Device]:
    device = _phone(small_template, tmp_path / "phone", server_settings, team, live.url)
    yield device
    device.close()


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_one_refused_record_among_5000_is_set_aside_and_all_the_others_go_up_in_one_sync(
    position, phone: Device, live, server_settings
) -> None:
    entries = outbox.pending_count(phone.store)
    assert entries == 5000
    _place_last_entry(
        phone.store, {"first": 0, "middle": entries // 2, "last": entries - 1}[position]
    )
    _retire(server_settings, RETIRED.id)

    result = _sync(phone)

    assert result.ok, result.error
    assert len(server_rows(live.engine, Household)) == GOOD_HOUSEHOLDS
    assert len(server_rows(live.engine, HelpSession)) == GOOD_SESSIONS
    assert outbox.pending_count(phone.store) == 0
    [item] = set_aside.items(phone.store)
    assert item.what == f"Hộ {BAD_NAME} ({RETIRED.name})"
    assert item.why == (
        "Thôn, bản của hộ này không còn trong danh sách của xã. Hãy mở hộ và chọn thôn, bản khác."
    )
    assert "records." not in item.why and item.can_fix
    with Session(live.engine) as s:
        [held] = s.exec(select(ServerDevice)).all()
        assert held.set_aside == 1  # the team leader sees it


def test_the_volunteer_fixes_the_household_and_it_goes_up(
    small_phone: Device, live, server_settings
) -> None:
    phone = small_phone
    _retire(server_settings, RETIRED.id)
    assert _sync(phone).ok
    [item] = set_aside.items(phone.store)
    assert RETIRED.id not in {
        v.id for v in areas.villages(phone.store)
    }  # the pull said it is retired
    households.update(
        phone.store, item.record_id, HouseholdInput(BAD_NAME, demo.VILLAGES[0].id, consent=True)
    )
    assert set_aside.count(phone.store) == 0 and outbox.pending_count(phone.store) == 1

    assert _sync(phone).ok
    held = {h.id: h for h in server_rows(live.engine, Household)}
    assert held[item.record_id].village_id == demo.VILLAGES[0].id
    with Session(live.engine) as s:
        assert s.exec(select(ServerDevice)).one().set_aside == 0


def test_a_discarded_household_goes_with_its_waiting_sessions(
    small_phone: Device, live, server_settings
) -> None:
    phone = small_phone
    _retire(server_settings, RETIRED.id)
    bad_id = next(
        e.record_id
        for e in outbox.pending(phone.store, 10_000)
        if e.payload.get("head_name") == BAD_NAME
    )
    # A session recorded for it waits while it is set aside: it would be refused without it.
    sessions.record(phone.store, SessionInput(bad_id, ["thuong_tru"], "done_online", 10))
    assert _sync(phone).ok
    assert outbox.pending_count(phone.store) == 1 and set_aside.count(phone.store) == 1
    [item] = set_aside.items(phone.store)
    set_aside.discard(phone.store, item.id)
    assert (
        households.get(phone.store, bad_id) is None
        and households.history(phone.store, bad_id) == []
    )
    assert outbox.pending_count(phone.store) == 0 and set_aside.count(phone.store) == 0
    assert _sync(phone).ok
    assert bad_id not in {h.id for h in server_rows(live.engine, Household)}


def test_a_record_the_server_names_and_one_an_older_app_wrote_are_set_aside(
    live, server_settings, team: int, tmp_path: Path
) -> None:
    other = seed_team(server_settings, "Tổ CNSCĐ khác")
    theirs = new_device(tmp_path / "theirs", server_settings, other.id, live.url, "Máy tổ khác")
    taken = households.create(
        theirs.store, HouseholdInput("Đặng Thị Mai", demo.VILLAGES[0].id, consent=True)
    )
    assert _sync(theirs).ok

    mine = new_device(tmp_path / "mine", server_settings, team, live.url)
    good = households.create(
        mine.store, HouseholdInput("Lý Văn Tám", demo.VILLAGES[1].id, consent=True)
    )
    with (
        mine.store.session() as s
    ):  # an id that belongs to the other team (a copied or buggy record)
        outbox.enqueue(s, HouseholdPayload.held(households.get(theirs.store, taken.id)))
    # An older app's session: its note carries an identity number the rules now catch.
    made = sessions.record(mine.store, SessionInput(good.id, ["thuong_tru"], "done_online", 10))
    with mine.store.session() as s:
        entry = s.exec(select(OutboxEntry).where(OutboxEntry.record_id == made.id)).one()
        entry.payload = {**entry.payload, "note": "CCCD 001 234 567 890"}
        s.add(entry)

    result = _sync(mine)
    assert result.ok, result.error
    assert good.id in {h.id for h in server_rows(live.engine, Household)}
    why = {item.record_id: item.why for item in set_aside.items(mine.store)}
    assert why == {
        taken.id: "Bản ghi này thuộc một tổ khác; máy chủ không nhận nó vào tổ của máy này.",
        made.id: "Không ghi số căn cước hay số CMND vào ghi chú.",
    }
    assert outbox.pending_count(mine.store) == 0
    theirs.close()
    mine.close()
