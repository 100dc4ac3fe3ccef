"""Households: search by name, follow-ups due today, and a household's history shown in
Vietnam's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import flet as ft
from support import demo
from testhost import TestHost
from viewtest import find_all, shown, tap_text, type_into

from app.db import Store
from app.models import HelpSession
from app.services import households, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from views.households import HouseholdScreen, HouseholdsScreen
from views.session import SessionScreen
from wire.clock import show_date, today_local, utcnow


def add(store: Store, name: str, village: int = 0, phone: str | None = None):
    return households.create(
        store, HouseholdInput(name, demo.VILLAGES[village].id, phone, consent=True)
    )


def visit(store: Store, household_id: str, **fields):
    values = {
        "household_id": household_id,
        "services": ["thuong_tru"],
        "outcome": "done_online",
        "minutes": 10,
        "occurred_at": utcnow() - timedelta(days=1),
    }
    values.update(fields)
    return sessions.record(store, SessionInput(**values))


def households_screen(host: TestHost) -> HouseholdsScreen:
    host.go("households")
    assert isinstance(host.top, HouseholdsScreen)
    return host.top


def test_the_list_starts_with_the_follow_ups_ahead_then_everyone(
    host: TestHost, store: Store
) -> None:
    today = today_local()
    late = add(store, "Hà Thị Nhung", 1)
    missed = visit(
        store,
        late.id,
        outcome="follow_up",
        follow_up_on=today,
        occurred_at=utcnow() - timedelta(days=9),
    )
    with store.session() as session:  # recorded nine days ago for two days ago
        row = session.get(HelpSession, missed.id)
        row.follow_up_on = today - timedelta(days=2)
        session.add(row)
    due = add(store, "Vũ Quang Lan", 2)
    visit(store, due.id, outcome="follow_up", follow_up_on=today)
    soon = add(store, "Phạm Đức Long")
    visit(store, soon.id, outcome="follow_up", follow_up_on=today + timedelta(days=3))
    far = add(store, "Mai Văn Đông")
    visit(store, far.id, outcome="follow_up", follow_up_on=today + timedelta(days=12))
    add(store, "Bùi Thu Yến")
    screen = households_screen(host)
    text = shown(screen.results)
    assert text.startswith(
        "Quá hẹn (1)\nHà Thị Nhung\n"
        f"Thôn 2, Xã Quảng La · hẹn {show_date(today - timedelta(days=2))}, trễ 2 ngày\n"
        "Cần quay lại hôm nay (1)\nVũ Quang Lan\n"
        f"Thôn 3, Xã Quảng La · hẹn {show_date(today)}\n"
        "Hẹn trong 7 ngày tới (1)\nPhạm Đức Long\n"
        f"Thôn 1, Xã Quảng La · hẹn {show_date(today + timedelta(days=3))}, còn 3 ngày\n"
        "Các hộ\n"
    ), text
    assert text.index("Các hộ") < text.index("Bùi Thu Yến") < text.index("Mai Văn Đông")
    assert text.count("Mai Văn Đông") == 1  # twelve days away: only in the whole list


def test_searching_ignores_diacritics_and_opens_the_history(host: TestHost, store: Store) -> None:
    add(store, "Đàm Thị Hùng")
    add(store, "Đỗ Văn Hùng")
    screen = households_screen(host)
    type_into(screen.search, "dam thi")
    assert [t.title.value for t in find_all(screen.results, ft.ListTile)] == ["Đàm Thị Hùng"]
    type_into(screen.search, "không ai")
    assert shown(screen.results) == "Không có hộ nào tên như vậy."
    type_into(screen.search, "hung")
    assert len(find_all(screen.results, ft.ListTile)) == 2
    tap_text(screen.results, "Đỗ Văn Hùng")
    assert isinstance(host.top, HouseholdScreen) and shown(host.top.root).startswith(
        "Đỗ Văn Hùng\n"
    )


def test_the_history_shows_each_session_newest_first_in_vietnam_time(
    host: TestHost, store: Store
) -> None:
    household = add(store, "Lê Thị Hà", 1, "0987654321")
    # 20:30 UTC is 03:30 the next morning in Vietnam.
    visit(store, household.id, occurred_at=datetime(2026, 11, 20, 20, 30, tzinfo=UTC), minutes=20)
    visit(
        store,
        household.id,
        occurred_at=utcnow() - timedelta(hours=1),
        services=["khai_sinh", "thuong_tru"],
        outcome="follow_up",
        follow_up_on=today_local() + timedelta(days=7),
        guides=["vneid-m2"],
        note="Hẹn mang giấy chứng sinh.",
    )
    host.go("households")
    host.top.open_household(household.id)
    text = shown(host.top.root)
    assert "Thôn 2, Xã Quảng La · 0987654321" in text
    newest, oldest = (
        text.index("Đăng ký khai sinh, Đăng ký thường trú"),
        text.index("03:30 21/11/2026"),
    )
    assert newest < oldest
    assert f"Cần quay lại · hẹn {show_date(today_local() + timedelta(days=7))} · 10 phút" in text
    assert "Hẹn mang giấy chứng sinh." in text and "Đã làm xong trực tuyến · 20 phút" in text
    assert text.count("Chưa đồng bộ") == 2 and "Hướng dẫn đã chia sẻ: Kích hoạt" in text


def test_a_new_session_from_the_household_comes_back_to_its_history(
    host: TestHost, store: Store
) -> None:
    household = add(store, "Hoàng Văn Nam")
    host.go("households")
    host.top.open_household(household.id)
    history = host.top
    assert "Chưa có buổi hỗ trợ nào." in shown(history.root)
    tap_text(history.root, "Ghi nhận buổi mới")
    form = host.top
    assert isinstance(form, SessionScreen) and form.form.household.id == household.id
    form.toggle_service("thuong_tru")
    form.choose_outcome("referred")
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert host.top is history
    assert "Chuyển bộ phận một cửa · 10 phút" in shown(history.root)
    host.back()
    assert isinstance(host.top, HouseholdsScreen) and "Hoàng Văn Nam" in shown(host.top.root)


def test_an_empty_device_says_there_are_no_households_yet(host: TestHost) -> None:
    assert "Chưa có hộ nào." in shown(households_screen(host).results)
