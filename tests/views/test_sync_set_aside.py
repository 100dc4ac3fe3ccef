"""The sync screen shows what the server did not accept (against the real central API): which
household or session, why in plain words, a way to fix it in its own form and a way to discard
it; and it tells the volunteer plainly when the phone's clock is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support import demo
from synctest import FAST, LiveServer, enrolment_code, seed_team
from testhost import TestHost
from viewtest import shown, tap_text

from app.config import Settings
from app.db import Store
from app.services import device_clock, households, outbox, sessions, set_aside, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from launcher.device import RunnerSync
from server.core.config import Settings as ServerSettings
from server.core.db import make_engine, migrate, session_scope
from server.services import accounts
from sync.runner import SyncRunner
from sync.tokens import default_token_store
from views.household_edit import HouseholdEditScreen
from views.session import SessionScreen
from views.sync import SyncScreen

RETIRED = demo.VILLAGES[4]


@pytest.fixture
def enrolled(
    store: Store, app_settings: Settings, tmp_path: Path
) -> Iterator[tuple[TestHost, LiveServer]]:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    migrate(url)
    server_settings = ServerSettings(data_dir=tmp_path / "server-data", database_url=url)
    with LiveServer(server_settings) as live:
        team = seed_team(server_settings).id
        runner = SyncRunner(
            store, default_token_store(app_settings.data_dir), backoff=FAST, media=False
        )
        host = TestHost(store, app_settings, web=True, sync=RunnerSync(store, runner))
        host.sync.enrol(
            "Máy của Lan", code=enrolment_code(server_settings, team), server_url=live.url
        )
        yield host, live
        host.close()
        device_clock.set_wall_offset(timedelta(0))


def _retire(live: LiveServer, village_id: str) -> None:
    engine = make_engine(live.settings.url)
    with session_scope(engine) as s:
        accounts.retire_area(s, village_id, "test")
    engine.dispose()


def _screen(host: TestHost) -> SyncScreen:
    host.go("sync")
    return host.top


def test_a_household_the_server_refused_is_shown_and_fixed_in_its_form(
    enrolled, store: Store
) -> None:
    host, live = enrolled
    household = households.create(
        store, HouseholdInput("Hoàng Văn Bảy", RETIRED.id, "0912345678", consent=True)
    )
    _retire(live, RETIRED.id)
    assert host.sync.runner.run_once().ok
    screen = _screen(host)
    text = shown(screen.root)
    assert "Bản ghi máy chủ chưa nhận: 1" in text
    assert f"Hộ Hoàng Văn Bảy ({RETIRED.name})" in text
    assert (
        "Thôn, bản của hộ này không còn trong danh sách của xã. Hãy mở hộ và chọn thôn, bản khác."
        in text
    )
    assert "records." not in text and "Bản ghi chờ gửi: 0" in text

    tap_text(screen.root, "Sửa")
    form = host.top
    assert isinstance(form, HouseholdEditScreen)
    assert form.village.value is None  # the retired village is no longer offered
    assert RETIRED.id not in {o.key for o in form.village.options}
    form.village.value = demo.VILLAGES[1].id
    tap_text(form.root, "Lưu thông tin hộ")
    assert host.top is screen and set_aside.count(store) == 0 and outbox.pending_count(store) == 1
    assert host.sync.runner.run_once().ok
    screen.refresh()
    assert "Bản ghi máy chủ chưa nhận" not in shown(screen.root)
    assert households.get(store, household.id).village_id == demo.VILLAGES[1].id


def test_a_session_set_aside_opens_in_the_session_form_or_is_discarded(
    enrolled, store: Store
) -> None:
    host, _ = enrolled
    household = households.create(
        store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, consent=True)
    )
    made = sessions.record(store, SessionInput(household.id, ["thuong_tru"], "done_online", 10))
    with store.session() as s:  # written by an older app, before the rule caught this note
        [entry] = [e for e in outbox.pending(store) if e.record_id == made.id]
        held = s.get(type(entry), entry.id)
        held.payload = {**held.payload, "note": "CCCD 001 234 567 890"}
        s.add(held)
    assert host.sync.runner.run_once().ok
    screen = _screen(host)
    text = shown(screen.root)
    assert (
        "Buổi hỗ trợ hộ Vũ Thị Hoa (" in text
        and "Không ghi số căn cước hay số CMND vào ghi chú." in text
    )

    tap_text(screen.root, "Sửa")
    assert isinstance(host.top, SessionScreen) and host.top.editing.id == made.id
    host.back()

    tap_text(screen.root, "Bỏ")
    dialog = host.dialogs[-1]
    assert "Bản ghi sẽ bị xoá khỏi máy và không được gửi lên máy chủ." in shown(dialog)
    tap_text(dialog, "Bỏ bản ghi")
    assert set_aside.count(store) == 0 and sessions.get(store, made.id) is None
    assert "Bản ghi máy chủ chưa nhận" not in shown(screen.root) and host.notice == "Đã bỏ bản ghi."


def test_a_clock_far_ahead_is_told_plainly_on_the_sync_screen(enrolled, store: Store) -> None:
    host, _ = enrolled
    device_clock.set_wall_offset(timedelta(days=3, hours=2))
    household = households.create(
        store, HouseholdInput("Lò Văn Sáng", demo.VILLAGES[0].id, consent=True)
    )
    sessions.record(store, SessionInput(household.id, ["thuong_tru"], "done_online", 10))
    assert host.sync.runner.run_once().error.code == "clock_ahead"
    text = shown(_screen(host).root)
    assert (
        "Đồng hồ của máy đang nhanh 3 ngày so với giờ chuẩn. Hãy chỉnh lại ngày giờ của máy" in text
    )
    assert "Bản ghi chờ gửi: 2" in text

    device_clock.set_wall_offset(timedelta(0))
    assert host.sync.runner.run_once().ok
    screen = _screen(host)
    assert "Đồng hồ của máy" not in shown(screen.root) and "Bản ghi chờ gửi: 0" in shown(
        screen.root
    )
    assert sync_state.get(store).last_error_code == ""
