"""The runner the views use: syncs in the background on start and on demand, one at a time,
tells subscribers, says plainly when the device is not enrolled, offline or revoked, notices
the network's return by itself, and lets a tap cut a retry's wait short."""

from __future__ import annotations

import threading
import time

from sqlmodel import select
from synctest import FAST, enrolment_code, new_device

from app.db import Store
from app.models import SyncState
from app.services import households, sync_state
from app.services.households import HouseholdInput
from server.core.db import session_scope
from server.models import Device
from sync.enrol import enrol
from sync.retry import Backoff
from sync.runner import State, SyncRunner
from sync.tokens import FileTokenStore
from wire.clock import utcnow


def _wait(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_start_syncs_in_the_background_and_subscribers_hear_of_it(
    live, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "d", server_settings, team, live.url)
    households.create(
        device.store, HouseholdInput("Hộ chạy nền", "qn.quang-la.thon-1", None, consent=True)
    )
    seen: list = []
    runner = SyncRunner(device.store, device.tokens, interval=3600, backoff=FAST, media=False)
    runner.subscribe(seen.append)
    assert runner.status().pending == 1
    runner.start()
    _wait(lambda: runner.status().last_success_at is not None)
    assert runner.status().state == State.IDLE and runner.status().pending == 0
    assert any(s.state == State.SYNCING for s in seen) and seen[-1].state == State.IDLE
    households.create(
        device.store, HouseholdInput("Hộ thứ hai", "qn.quang-la.thon-1", None, consent=True)
    )
    runner.session_recorded()
    _wait(lambda: runner.status().pending == 0)
    runner.stop()
    device.close()


def test_one_sync_at_a_time(live, team, server_settings, tmp_path) -> None:
    device = new_device(tmp_path / "d", server_settings, team, live.url)
    runner = SyncRunner(device.store, device.tokens, backoff=FAST, media=False)
    running, most = [0], [0]
    lock = threading.Lock()

    def watch(status) -> None:
        with lock:
            if status.phase == "push":
                running[0] += 1
                most[0] = max(most[0], running[0])
            elif status.phase == "idle" and status.state != State.SYNCING and running[0]:
                running[0] -= 1

    runner.subscribe(watch)
    threads = [threading.Thread(target=runner.run_once) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1
    device.close()


def test_not_enrolled_offline_and_revoked_are_told_plainly(
    live, team, server_settings, tmp_path
) -> None:
    lonely = Store(tmp_path / "lonely.sqlite3")
    runner = SyncRunner(lonely, FileTokenStore(tmp_path / "none"), backoff=FAST)
    assert (
        runner.run_once().error.code == "not_enrolled"
        and runner.status().state == State.NOT_ENROLLED
    )
    lonely.close()

    device = new_device(tmp_path / "d", server_settings, team, live.url)
    households.create(
        device.store, HouseholdInput("Hộ chờ gửi", "qn.quang-la.thon-1", None, consent=True)
    )
    with device.store.session() as s:  # the server moved away: nothing answers there
        state = s.get(SyncState, 1)
        real_url, state.server_url = state.server_url, "http://127.0.0.1:9"
        s.add(state)
    runner = SyncRunner(device.store, device.tokens, backoff=FAST, media=False)
    result = runner.run_once()
    assert result.error.code == "network" and runner.status().state == State.OFFLINE
    assert (
        "Không kết nối được" in runner.status().last_error_message and runner.status().pending == 1
    )

    with device.store.session() as s:
        state = s.get(SyncState, 1)
        state.server_url = real_url
        s.add(state)
    with session_scope(live.engine) as s:
        for row in s.exec(select(Device)):
            row.revoked_at = utcnow()
            s.add(row)
    result = runner.run_once()
    assert result.error.code == "device_revoked"
    status = runner.status()
    assert status.state == State.REVOKED and "thu hồi" in status.last_error_message
    assert status.pending == 1  # the unsynced record stays on the device
    # Enrolled again with a new code: the record goes up.
    enrol(
        device.store,
        device.tokens,
        "Máy mới",
        code=enrolment_code(server_settings, team),
        server_url=live.url,
    )
    assert (
        runner.run_once().ok
        and runner.status().pending == 0
        and sync_state.get(device.store).revoked_at is None
    )
    device.close()


def test_the_network_coming_back_is_noticed_without_waiting_for_the_periodic_sync(
    live, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "d", server_settings, team, live.url)
    households.create(
        device.store, HouseholdInput("Hộ chờ mạng", "qn.quang-la.thon-1", None, consent=True)
    )
    live.stop()  # the server (or the village's network) goes away
    seen: list = []
    runner = SyncRunner(
        device.store,
        device.tokens,
        interval=3600,
        backoff=FAST,
        media=False,
        probe_first=0.2,
        probe_cap=0.8,
    )
    runner.subscribe(seen.append)
    runner.start()
    _wait(lambda: runner.status().state == State.OFFLINE and runner.status().next_attempt_at)
    assert runner.status().pending == 1
    first = len(seen)  # the first sync has ended; from here on only probes, put off each time
    _wait(lambda: len({s.next_attempt_at for s in seen[first:] if s.next_attempt_at}) >= 2)
    assert not any(s.state == State.SYNCING for s in seen[first:])  # no sync while nothing answers
    live.start()  # back, an hour before the periodic sync would come
    _wait(lambda: runner.status().pending == 0 and runner.status().state == State.IDLE)
    assert runner.status().next_attempt_at is None
    runner.stop()
    device.close()


def test_a_tap_cuts_a_retrys_wait_short(live, team, server_settings, tmp_path) -> None:
    device = new_device(tmp_path / "d", server_settings, team, live.url)
    households.create(
        device.store, HouseholdInput("Hộ chờ thử lại", "qn.quang-la.thon-1", None, consent=True)
    )
    live.stop()
    slow = Backoff(base=30, cap=30, attempts=3)  # a retry would wait up to half a minute
    runner = SyncRunner(
        device.store, device.tokens, interval=3600, backoff=slow, media=False, probe_first=3600
    )
    runner.start()
    _wait(lambda: runner.status().retry_at is not None)
    status = runner.status()
    assert status.state == State.SYNCING and status.retry_at > utcnow()
    live.start()
    runner.sync_now()  # "Thử lại ngay": the waiting sync ends, a new one starts now
    _wait(lambda: runner.status().pending == 0 and runner.status().state == State.IDLE)
    runner.stop()
    device.close()
