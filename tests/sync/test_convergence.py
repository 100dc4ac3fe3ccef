"""Property: whatever two devices of one team do — create, edit, record sessions, erase, sync
through faults, in any order — once the network is back and both have synced, both devices
and the server hold the same households and sessions, each household field holds its latest
write, no session of a living household is lost, and both outboxes are empty."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from faultproxy import Fault, FaultProxy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select
from support import demo
from synctest import FAST, LiveServer, new_device, seed_team

from app.models import HelpSession as DeviceSession
from app.models import Household as DeviceHousehold
from app.services import households, outbox, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.core.config import Settings
from server.core.db import migrate
from server.models import HelpSession, Household
from sync.client import ApiClient
from sync.engine import Sync
from wire.clock import today_local
from wire.hlc import CLOCKED

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
PHONES = [None, "0912345678", "0987654321"]
VILLAGES = [demo.VILLAGES[0].id, demo.VILLAGES[1].id]
FAULTS = [None, "cut_request", "cut_response", "status_500", "status_429", "duplicate", "restart"]

devices_ = st.sampled_from([0, 1])
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), devices_, st.sampled_from(NAMES)),
        st.tuples(
            st.just("edit"),
            devices_,
            st.integers(0, 5),
            st.sampled_from(CLOCKED),
            st.integers(0, 2),
        ),
        st.tuples(st.just("session"), devices_, st.integers(0, 5), st.booleans()),
        st.tuples(st.just("erase"), devices_, st.integers(0, 5)),
        st.tuples(
            st.just("sync"), devices_, st.sampled_from(FAULTS), st.sampled_from(["push", "pull"])
        ),
    ),
    max_size=14,
)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Settings, LiveServer, FaultProxy]]:
    root = tmp_path_factory.mktemp("convergence")
    server_settings = Settings(
        data_dir=root / "server",
        database_url=f"sqlite:///{root / 'server.sqlite3'}",
        enrol_rate_per_minute=100_000,
    )  # two enrolments per example
    migrate(server_settings.url)
    with LiveServer(server_settings) as live, FaultProxy(live.port, restart=live.restart) as proxy:
        yield server_settings, live, proxy


def _sync(device) -> bool:
    client = ApiClient(sync_state.get(device.store).server_url, device.tokens.read())
    result = Sync(device.store, client, backoff=FAST, media=False).run()
    client.close()
    return result.ok


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations)
def test_two_devices_converge_with_the_server_and_nothing_is_lost(world, steps) -> None:
    server_settings, live, proxy = world
    proxy.clear()
    team = seed_team(server_settings).id
    folder = Path(tempfile.mkdtemp())
    pair = [
        new_device(folder / name, server_settings, team, proxy.url, name) for name in ("a", "b")
    ]
    created: list[str] = []
    erased: set[str] = set()
    writes: dict[
        tuple[str, str], list[tuple[str, object]]
    ] = {}  # (household, field) -> [(clock, value)]
    recorded: dict[str, str] = {}  # session -> household

    def note_writes(store, household_id: str) -> None:
        row = households.get(store, household_id)
        for name in CLOCKED:
            writes.setdefault((household_id, name), []).append(
                (row.clocks[name], getattr(row, name))
            )

    try:
        for step in steps:
            kind, device = step[0], pair[step[1]]
            if kind == "create":
                made = households.create(
                    device.store, HouseholdInput(step[2], VILLAGES[0], None, consent=True)
                )
                created.append(made.id)
                note_writes(device.store, made.id)
            elif kind == "sync":
                _, _, fault, path = step
                if fault:
                    proxy.inject(Fault(fault, f"/api/v1/sync/{path}"))
                _sync(device)
                proxy.clear()
            elif created:
                hid = created[step[2] % len(created)]
                current = households.get(device.store, hid)
                if current is None:
                    continue  # not on this device (yet, or any more)
                if kind == "edit":
                    _, _, _, name, choice = step
                    values = {
                        "head_name": current.head_name,
                        "village_id": current.village_id,
                        "phone": current.phone,
                    }
                    options = {"head_name": NAMES, "village_id": VILLAGES, "phone": PHONES}[name]
                    values[name] = options[choice % len(options)]
                    households.update(
                        device.store,
                        hid,
                        HouseholdInput(
                            values["head_name"], values["village_id"], values["phone"], consent=True
                        ),
                    )
                    note_writes(device.store, hid)
                elif kind == "session":
                    follow = step[3]
                    made = sessions.record(
                        device.store,
                        SessionInput(
                            hid,
                            ["vneid_muc_2"],
                            "follow_up" if follow else "done_online",
                            10,
                            follow_up_on=today_local() + timedelta(days=2) if follow else None,
                        ),
                    )
                    recorded[made.id] = hid
                else:
                    households.delete_household(device.store, hid)
                    erased.add(hid)

        # The network is back: both sync until each has seen the other's changes.
        for device in (*pair, *pair):
            assert _sync(device)

        alive = set(created) - erased
        for device in pair:
            assert outbox.pending_count(device.store) == 0
        with Session(live.engine) as s:
            held = {h.id: h for h in s.exec(select(Household).where(Household.team_id == team))}
            held_sessions = {
                x.id for x in s.exec(select(HelpSession).where(HelpSession.team_id == team))
            }
        assert set(held) == alive
        expected_sessions = {sid for sid, hid in recorded.items() if hid in alive}
        assert held_sessions == expected_sessions  # none lost, none duplicated, none of the erased
        for hid in alive:
            for name in CLOCKED:
                latest_clock, latest_value = max(writes[(hid, name)], key=lambda w: w[0])
                assert (
                    getattr(held[hid], name) == latest_value
                    and held[hid].clocks[name] == latest_clock
                )
        for device in pair:
            with device.store.session() as s:
                local = {h.id: h for h in s.exec(select(DeviceHousehold))}
                local_sessions = {x.id for x in s.exec(select(DeviceSession))}
            assert set(local) == alive and local_sessions == expected_sessions
            for hid in alive:
                assert {n: getattr(local[hid], n) for n in CLOCKED} == {
                    n: getattr(held[hid], n) for n in CLOCKED
                }
                assert local[hid].clocks == held[hid].clocks
    finally:
        for device in pair:
            device.close()
        shutil.rmtree(folder, ignore_errors=True)
