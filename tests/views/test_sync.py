"""The sync screen against the real central API (uvicorn on a loopback port): enrolling from
the team leader's QR read out of a picture or from the typed code, errors beside their fields,
the state in plain words while the host's sync runner works in its thread, a revoked device told
plainly with its data kept."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from support import demo
from synctest import FAST, LiveServer, enrolment_code, seed_team
from testhost import TestHost
from viewtest import shown, tap_text, type_into

from app.config import Settings
from app.db import Store
from app.services import households, outbox, qr, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from launcher.device import RunnerSync
from server.core.config import Settings as ServerSettings
from server.core.db import make_engine, migrate, session_scope
from server.models import Device
from server.services import enrolment
from sync.runner import State, SyncRunner
from sync.tokens import default_token_store
from views.sync import CODE, SyncScreen
from wire.api import EnrolmentQr
from wire.clock import utcnow

TEAM = "Tổ CNSCĐ thôn 3, xã Quảng La"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, int]]:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    migrate(url)
    settings = ServerSettings(data_dir=tmp_path / "server-data", database_url=url)
    with LiveServer(settings) as live:
        yield live, seed_team(settings, TEAM).id


@pytest.fixture
def synced_host(store: Store, app_settings: Settings) -> Iterator[TestHost]:
    """A host whose sync runner works in its thread, as run_app starts it."""
    runner = SyncRunner(
        store, default_token_store(app_settings.data_dir), interval=3600, backoff=FAST, media=False
    )
    runner.start()
    host = TestHost(store, app_settings, web=True, sync=RunnerSync(store, runner))
    yield host
    host.close()
    runner.stop()


def wait_until(predicate, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def sync_screen(host: TestHost) -> SyncScreen:
    host.go("sync")
    assert isinstance(host.top, SyncScreen)
    return host.top


def enrolment_qr(live: LiveServer, team_id: int) -> str:
    """What the team leader's enrolment QR holds, as the server writes it."""
    return EnrolmentQr(
        server=live.url, code=enrolment_code(live.settings, team_id)
    ).model_dump_json()


def test_not_enrolled_shows_the_form_and_puts_each_error_by_its_field(
    synced_host: TestHost,
) -> None:
    screen = sync_screen(synced_host)
    text = shown(screen.root)
    assert "Máy chưa ghi danh với tổ" in text and "Ghi danh máy với tổ" in text
    assert "Đồng bộ ngay" not in text  # nothing to sync with yet
    assert screen.pick_button.visible  # zxing-cpp is installed here

    asyncio.run(screen.enrol())
    assert screen.errors.message("device_name") == "Hãy đặt tên cho máy để tổ trưởng nhận ra."

    type_into(screen.device_name, "Máy của Lan")
    type_into(screen.qr_text, "https://example.vn/khong-phai-ma-ghi-danh")
    asyncio.run(screen.enrol())
    assert screen.errors.message("qr") == "Mã QR này không phải mã ghi danh của tổ CNSCĐ."

    screen.read_qr_image(qr.png("WIFI:T:nopass;S:Thon3;;")[:200])  # a cut-off file
    assert screen.errors.message("qr_image") == "Không mở được tệp này như một ảnh."

    screen.mode_picker.selected = [CODE]
    screen.mode_picker.on_change()
    assert not screen.by_qr.visible and screen.by_code.visible
    type_into(screen.code, "ABCDE-FGH23")
    type_into(screen.server, "ftp://may-chu.vn")
    asyncio.run(screen.enrol())
    assert (
        screen.errors.message("server")
        == "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://."
    )
    assert not sync_state.is_enrolled(synced_host.store)


def test_enrol_from_a_picture_of_the_qr_then_sync_starts(
    synced_host: TestHost, store: Store, server
) -> None:
    live, team_id = server
    household = households.create(
        store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[2].id, consent=True)
    )
    screen = sync_screen(synced_host)
    assert "Bản ghi chờ gửi: 1" in shown(screen.root)

    screen.read_qr_image(qr.png(enrolment_qr(live, team_id)))
    assert synced_host.notice == "Đã đọc mã QR từ ảnh."
    type_into(screen.device_name, "Máy của Lan – thôn 3")
    asyncio.run(screen.enrol())
    assert synced_host.notice == f"Đã ghi danh với {TEAM}. Đang đồng bộ…"
    wait_until(lambda: synced_host.sync_status.last_success_at is not None)
    # The screen redraws after the sync's state is set: wait for what the volunteer sees.
    wait_until(lambda: "Đồng bộ thành công lần cuối: " in shown(screen.root))

    text = shown(screen.root)
    assert "Đã đồng bộ" in text and f"Tổ: {TEAM}" in text and f"Máy chủ: {live.url}" in text
    assert "Bản ghi chờ gửi: 0" in text and "Đồng bộ thành công lần cuối: " in text
    assert not screen.enrol_form.visible and screen.sync_button.visible
    assert outbox.pending_count(store) == 0

    # A session saved through the form goes up at once: the host tells the runner.
    synced_host.go("session")
    form = synced_host.top
    form.choose_household(household.id)
    tap_text(form.root, "Xem tất cả")  # 34 guides' services: more than the form offers first
    tap_text(form.root, "Đăng ký thường trú")
    tap_text(form.root, "Đã làm xong trực tuyến")
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert outbox.pending_count(store) == 1
    wait_until(lambda: outbox.pending_count(store) == 0)


def test_enrol_with_the_typed_code_and_sync_now(
    synced_host: TestHost, store: Store, server
) -> None:
    live, team_id = server
    screen = sync_screen(synced_host)
    type_into(screen.device_name, "Máy tổ trưởng")
    screen.mode_picker.selected = [CODE]
    screen.mode_picker.on_change()
    type_into(screen.code, "ZZZZZ-ZZZZZ")
    type_into(screen.server, live.url)
    asyncio.run(screen.enrol())
    assert screen.errors.message("code") == "Mã ghi danh không đúng."

    type_into(screen.code, enrolment_code(live.settings, team_id).lower())  # typed as it comes
    asyncio.run(screen.enrol())
    wait_until(lambda: synced_host.sync_status.last_success_at is not None)
    first = synced_host.sync_status.last_success_at

    household = households.create(
        store, HouseholdInput("Đinh Văn Tú", demo.VILLAGES[0].id, consent=True)
    )
    sessions.record(
        store,
        SessionInput(
            household_id=household.id, services=["thuong_tru"], outcome="done_online", minutes=10
        ),
    )
    time.sleep(0.01)
    tap_text(screen.root, "Đồng bộ ngay")
    wait_until(
        lambda: (
            synced_host.sync_status.last_success_at > first and synced_host.sync_status.pending == 0
        )
    )
    assert "Bản ghi chờ gửi: 0" in shown(screen.root)


def test_offline_then_revoked_are_said_plainly_and_the_data_stays(
    synced_host: TestHost, store: Store, server
) -> None:
    live, team_id = server
    screen = sync_screen(synced_host)
    type_into(screen.device_name, "Máy của Minh")
    type_into(screen.qr_text, enrolment_qr(live, team_id))
    asyncio.run(screen.enrol())
    wait_until(lambda: synced_host.sync_status.last_success_at is not None)

    households.create(store, HouseholdInput("Lò Văn Sáng", demo.VILLAGES[1].id, consent=True))
    live.stop()
    synced_host.sync.runner.run_once()
    assert synced_host.sync_status.state == State.OFFLINE
    text = shown(screen.root)
    assert "Không kết nối được — ứng dụng sẽ tự thử lại" in text
    assert "Lần trước: Không kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy" in text
    assert "Bản ghi chờ gửi: 1" in text
    assert not screen.sync_button.disabled  # and it says what the app does meanwhile
    assert re.search(r"Ứng dụng tự kiểm tra lại mạng sau khoảng \d+ giây, có mạng là đồng bộ", text)

    live.start()
    engine = make_engine(live.settings.url)
    with session_scope(engine) as db:
        device = db.get(Device, sync_state.get(store).device_id)
        enrolment.revoke(db, device, "test")
    engine.dispose()
    synced_host.sync.runner.run_once()
    assert synced_host.sync_status.state == State.REVOKED
    text = shown(screen.root)
    assert "Máy này đã bị thu hồi quyền đồng bộ" in text
    assert "Dữ liệu chưa gửi vẫn còn nguyên trên máy" in text and "Bản ghi chờ gửi: 1" in text
    assert screen.enrol_form.visible and not screen.sync_button.visible
    assert outbox.pending_count(store) == 1

    # A new code from the leader: enrolled again, the waiting record goes up.
    type_into(screen.qr_text, enrolment_qr(live, team_id))
    asyncio.run(screen.enrol())
    wait_until(lambda: outbox.pending_count(store) == 0)


def test_english_and_vietnam_time(store: Store, app_settings: Settings, server) -> None:
    from app.services import settings as app_settings_service
    from sync.enrol import enrol

    live, team_id = server
    app_settings_service.set_language(store, "en")
    tokens = default_token_store(app_settings.data_dir)
    enrol(
        store, tokens, "Máy thử", code=enrolment_code(live.settings, team_id), server_url=live.url
    )
    runner = SyncRunner(store, tokens, backoff=FAST, media=False)
    runner.run_once()
    host = TestHost(store, app_settings, web=True, sync=RunnerSync(store, runner))
    screen = sync_screen(host)
    success = runner.status().last_success_at
    from wire.clock import show_datetime

    assert success is not None and success.utcoffset() == timedelta(0)
    text = shown(screen.root)
    assert "Up to date" in text and f"Last successful sync: {show_datetime(success)}" in text
    assert "Sync now" in text


def test_the_button_is_never_disabled_without_saying_why(synced_host: TestHost) -> None:
    screen = sync_screen(synced_host)
    syncing = replace(synced_host.sync_status, state=State.SYNCING, phase="push", team_name=TEAM)
    screen.show(syncing)
    assert screen.sync_button.disabled
    assert shown(screen.button_note) == "Đang đồng bộ, nút sẽ mở lại khi xong."
    screen.show(replace(syncing, retry_at=utcnow() + timedelta(seconds=8)))  # between two tries
    assert not screen.sync_button.disabled and shown(screen.sync_button) == "Thử lại ngay"
    assert re.fullmatch(
        r"Chưa kết nối được máy chủ; ứng dụng tự thử lại sau khoảng [78] giây.",
        shown(screen.button_note),
    )
