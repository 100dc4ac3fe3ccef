"""Two phones restored from one backup (the real client and server on SQLite and PostgreSQL):
a store copied with its whole data folder, token included, is found to be a copy at its start
(its installation marker, kept outside the data folder, is not there) and becomes a device of
its own before it writes anything: a new HLC node at once, a new device id from the server at
its first sync. Then each phone receives the other's sessions, follow-ups included, and a
household both edited ends the same on both."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from support import demo
from synctest import FAST, Device, new_device, server_rows

from app.db import Store
from app.services import device_clock, households, installation, outbox, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.installation import Found
from app.services.sessions import SessionInput
from server.models import Device as ServerDevice
from server.models import HelpSession, Household
from sync.runner import SyncRunner
from sync.tokens import FileTokenStore
from wire.clock import today_local


def _runner(device: Device) -> SyncRunner:
    return SyncRunner(device.store, device.tokens, backoff=FAST, media=False)


def _ten_sessions(device: Device, household_id: str, tag: str) -> set[str]:
    made = set()
    for n in range(10):
        follow_up = n in (3, 9)  # the last one asks to come back
        made.add(
            sessions.record(
                device.store,
                SessionInput(
                    household_id,
                    ["vneid_muc_2"],
                    "follow_up" if follow_up else "done_online",
                    5 + n,
                    note=f"{tag} {n}",
                    follow_up_on=today_local() + timedelta(days=1) if follow_up else None,
                ),
            ).id
        )
    return made


def _node(store: Store) -> str:
    with store.session() as s:
        return device_clock.node(s)


def test_a_copied_data_folder_becomes_a_device_of_its_own(
    live, team, server_settings, tmp_path: Path
) -> None:
    a = new_device(tmp_path / "a", server_settings, team, live.url, "Máy của Lan")
    assert installation.settle(a.store, tmp_path / "a-install") is Found.NEW
    shared = households.create(
        a.store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, "0912345678", consent=True)
    )
    for_a = households.create(
        a.store, HouseholdInput("Lò Văn Sáng", demo.VILLAGES[1].id, consent=True)
    )
    for_b = households.create(
        a.store, HouseholdInput("Đinh Thị Lan", demo.VILLAGES[2].id, consent=True)
    )
    assert _runner(a).run_once().ok
    a.close()

    shutil.copytree(tmp_path / "a", tmp_path / "b")  # the backup, restored on a second phone
    a = Device(
        Store(tmp_path / "a" / "cnscd.sqlite3"),
        FileTokenStore(tmp_path / "a" / "device-token"),
        tmp_path / "a",
    )
    b = Device(
        Store(tmp_path / "b" / "cnscd.sqlite3"),
        FileTokenStore(tmp_path / "b" / "device-token"),
        tmp_path / "b",
    )
    assert installation.settle(a.store, tmp_path / "a-install") is Found.SAME
    assert installation.settle(b.store, tmp_path / "b-install") is Found.COPY
    assert _node(a.store) != _node(b.store)  # before b writes anything
    assert installation.settle(b.store, tmp_path / "b-install") is Found.SAME  # settled once

    assert _runner(b).run_once().ok
    ids = {sync_state.get(a.store).device_id, sync_state.get(b.store).device_id}
    assert len(ids) == 2 and ids <= {d.id for d in server_rows(live.engine, ServerDevice)}
    assert a.tokens.read() != b.tokens.read()

    from_a = _ten_sessions(a, for_a.id, "A")
    from_b = _ten_sessions(b, for_b.id, "B")
    households.update(
        a.store,
        shared.id,
        HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, "0987000111", consent=True),
    )
    households.update(
        b.store,
        shared.id,
        HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, "0987000222", consent=True),
    )
    for device in (a, b, a, b):
        assert _runner(device).run_once().ok
    assert outbox.pending_count(a.store) == outbox.pending_count(b.store) == 0

    held = {s.id for s in server_rows(live.engine, HelpSession)}
    assert from_a | from_b <= held
    for device in (a, b):
        mine = {s.id for h in (for_a, for_b) for s in households.history(device.store, h.id)}
        assert mine == from_a | from_b  # each has the other's ten too
        due = {
            f.household.id
            for f in households.follow_ups(device.store, today_local() + timedelta(days=1))
        }
        assert due == {for_a.id, for_b.id}  # the follow-ups of both phones
    phones = {households.get(d.store, shared.id).phone for d in (a, b)}
    [server_phone] = [h.phone for h in server_rows(live.engine, Household) if h.id == shared.id]
    assert phones == {server_phone}  # the same everywhere, for good
    a.close()
    b.close()
