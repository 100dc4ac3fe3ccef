"""Recording a help session: a new household with its consent, an existing one found by name,
chips for services, outcome, follow-up and minutes, errors shown next to their field, and
editing an unsynced session."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from support import demo
from testhost import TestHost
from viewtest import chip, chips, shown, tap, tap_text, type_into

from app.db import Store
from app.models import Household, OutboxEntry
from app.services import households, sessions, settings, stats
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from views.households import HouseholdScreen
from views.session import DEFAULT_MINUTES, SessionScreen
from views.widgets import chip_label
from wire.clock import as_utc, today_local, utcnow

SERVICE = "Đăng ký thường trú"  # thuong_tru, in the bundled catalogue


def record_form(host: TestHost) -> SessionScreen:
    host.go("session")
    assert isinstance(host.top, SessionScreen)
    return host.top


def add_household(store: Store, name: str, village: str = demo.VILLAGES[0].id) -> Household:
    return households.create(store, HouseholdInput(name, village, consent=True))


def stored_households(store: Store) -> list[Household]:
    with store.session() as session:
        return list(session.exec(select(Household)))


def fill_new_household(form: SessionScreen, name: str, village: str = demo.VILLAGES[0].id) -> None:
    tap_text(form.root, "Thêm hộ mới")
    type_into(form.name, name)
    form.village.value = village


def pick(form: SessionScreen, label: str) -> None:
    """Tap the chip, first opening the whole list of services if it is not among those offered."""
    if label not in [chip_label(c) for c in chips(form.root)]:
        tap_text(form.root, "Xem tất cả")
    tap(chip(form.root, label))


def test_a_new_household_and_its_session_in_a_handful_of_taps(host: TestHost, store: Store) -> None:
    form = record_form(host)
    assert form.consent.value is False  # never ticked for the household
    fill_new_household(form, "Hoàng Thị Thu Trang", demo.VILLAGES[2].id)
    type_into(form.phone, "0912 345 678")
    tap(form.consent)
    pick(form, SERVICE)
    tap(chip(form.root, "Đã làm xong trực tuyến"))
    tap(chip(form.root, "15 phút"))
    type_into(form.note, "Đã cài VNeID cho con gái.")
    tap_text(form.root, "Lưu buổi hỗ trợ")

    [household] = households.search(store, "hoang thi thu trang")
    assert (household.village_id, household.phone) == (demo.VILLAGES[2].id, "0912345678")
    [saved] = households.history(store, household.id)
    assert (saved.services, saved.outcome, saved.minutes, saved.note) == (
        ["thuong_tru"],
        "done_online",
        15,
        "Đã cài VNeID cho con gái.",
    )
    with store.session() as session:
        queued = {(e.record_type, e.record_id) for e in session.exec(select(OutboxEntry))}
    assert {("household", household.id), ("help_session", saved.id)} <= queued
    assert host.notice == "Đã lưu buổi hỗ trợ cho hộ Hoàng Thị Thu Trang."

    fresh = host.top  # the bar's form starts afresh for the next house, in the same village
    assert fresh is not form and fresh.form.household is None and fresh.consent.value is False
    assert fresh.village.value == demo.VILLAGES[2].id == settings.last_village(store)
    assert fresh.form.minutes == DEFAULT_MINUTES


def test_without_consent_nothing_is_kept_and_the_box_says_why(host: TestHost, store: Store) -> None:
    form = record_form(host)
    fill_new_household(form, "Lý Văn Páo")
    pick(form, SERVICE)
    tap(chip(form.root, "Đã làm xong trực tuyến"))
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert (
        form.errors.message("consent")
        == "Cần hộ gia đình đồng ý thì mới lưu được thông tin của hộ."
    )
    assert "Cần hộ gia đình đồng ý" in shown(form.new_household)
    assert stored_households(store) == [] and host.top is form


def test_a_bad_phone_number_is_shown_on_the_phone_field(host: TestHost, store: Store) -> None:
    form = record_form(host)
    fill_new_household(form, "Đặng Thị Hạnh")
    type_into(form.phone, "12345")
    tap(form.consent)
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert form.phone.error.startswith("Số điện thoại không phải số di động Việt Nam")
    assert stored_households(store) == []


def test_each_missing_choice_is_named_next_to_its_chips(host: TestHost, store: Store) -> None:
    household = add_household(store, "Nguyễn Văn An")
    form = record_form(host)
    type_into(form.household_search, "nguyen van")
    tap_text(form.household_matches, "Nguyễn Văn An")
    assert form.form.household.id == household.id and "Nguyễn Văn An" in shown(
        form.chosen_household
    )

    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert shown(form.services_error) == "Hãy chọn ít nhất một dịch vụ đã hỗ trợ."
    pick(form, SERVICE)
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert not form.services_error.visible
    assert shown(form.outcome_error) == "Hãy chọn kết quả của buổi hỗ trợ."

    tap(chip(form.root, "Cần quay lại"))
    assert form.follow_up.visible
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert shown(form.follow_up_error) == "Hãy chọn ngày quay lại hỗ trợ."
    tap(chip(form.root, "Sau 3 ngày"))
    assert "Hẹn ngày" in shown(form.follow_up)
    tap_text(form.root, "Lưu buổi hỗ trợ")

    [saved] = households.history(store, household.id)
    assert saved.follow_up_on == today_local() + timedelta(days=3)


def test_identity_numbers_in_the_note_are_refused_on_the_note(host: TestHost, store: Store) -> None:
    add_household(store, "Trần Văn Bình")
    form = record_form(host)
    type_into(form.household_search, "tran van binh")
    tap_text(form.household_matches, "Trần Văn Bình")
    pick(form, SERVICE)
    tap(chip(form.root, "Chuyển bộ phận một cửa"))
    type_into(form.note, "CCCD 001203004567")
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert form.note.error == "Không ghi số căn cước hay số CMND vào ghi chú."
    assert sessions.recent(store) == []


def test_a_new_household_is_written_only_with_its_session(host: TestHost, store: Store) -> None:
    form = record_form(host)
    fill_new_household(form, "Bùi Thị Lan")
    tap(form.consent)
    tap_text(form.root, "Lưu buổi hỗ trợ")  # no service yet
    assert form.errors.message("services")
    assert stored_households(store) == []  # the household waits for its session
    with store.session() as session:
        assert list(session.exec(select(OutboxEntry))) == []
    assert form.new_household.visible and form.name.value == "Bùi Thị Lan"
    pick(form, SERVICE)
    tap(chip(form.root, "Đã làm xong trực tuyến"))
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert [h.head_name for h in stored_households(store)] == ["Bùi Thị Lan"]
    assert len(sessions.recent(store)) == 1


def test_a_refused_save_scrolls_to_the_field_and_says_why_beside_the_button(host: TestHost) -> None:
    form = record_form(host)
    tap_text(form.root, "Lưu buổi hỗ trợ")  # nobody chosen
    assert host.revealed == "household"
    assert shown(form.household_error) == "Hãy chọn hoặc thêm hộ gia đình."
    assert shown(form.save_problem_line) == "Chưa lưu được: Hãy chọn hoặc thêm hộ gia đình."
    tap_text(form.root, "Thêm hộ mới")
    tap_text(form.root, "Lưu buổi hỗ trợ")  # no name
    assert host.revealed == "head_name" and form.name.error
    assert shown(form.save_problem_line) == f"Chưa lưu được: {form.name.error}"
    type_into(form.name, "Lò Văn Tài")
    form.village.value = demo.VILLAGES[0].id
    tap_text(form.root, "Lưu buổi hỗ trợ")  # no consent
    assert host.revealed == "consent"
    assert "Cần hộ gia đình đồng ý" in shown(form.save_problem_line)
    tap(form.consent)
    pick(form, SERVICE)
    tap_text(form.root, "Lưu buổi hỗ trợ")  # no outcome
    assert host.revealed == "outcome" and form.name.error is None and not form.consent_error.visible


def test_adding_a_household_has_a_way_back_to_the_search(host: TestHost, store: Store) -> None:
    add_household(store, "Hà Văn Thắng")
    form = record_form(host)
    tap_text(form.root, "Thêm hộ mới")
    type_into(form.name, "ha van thang")
    tap_text(form.root, "Quay lại tìm hộ đã có")
    assert not form.new_household.visible and form.household_search.visible
    assert "Hà Văn Thắng" in shown(form.household_matches)  # what was typed, searched for
    tap_text(form.household_matches, "Hà Văn Thắng")
    assert form.form.household.head_name == "Hà Văn Thắng"


def test_a_half_filled_form_survives_a_tab_switch_and_a_restart(
    host: TestHost, store: Store, app_settings
) -> None:
    form = record_form(host)
    fill_new_household(form, "Sùng Thị Mỷ", demo.VILLAGES[1].id)
    tap(form.consent)
    pick(form, SERVICE)
    tap(chip(form.root, "Cần quay lại"))
    tap(chip(form.root, "Sau 3 ngày"))
    type_into(form.note, "Hẹn khi có căn cước")
    host.go("households")  # another tab: the form is closed
    again = record_form(host)
    assert again is not form and again.form.adding_household
    assert (again.name.value, again.village.value, again.consent.value) == (
        "Sùng Thị Mỷ",
        demo.VILLAGES[1].id,
        True,
    )
    assert chip(again.root, SERVICE).checked and chip(again.root, "Sau 3 ngày").checked
    assert again.note.value == "Hẹn khi có căn cước"
    assert "Đã mở lại buổi chưa lưu" in shown(again.root)
    assert stored_households(store) == []  # a draft is not a record

    restarted = TestHost(store, app_settings)  # the app opened again on the same device
    try:
        form = record_form(restarted)
        assert form.name.value == "Sùng Thị Mỷ" and chip(form.root, "Sau 3 ngày").checked
        tap_text(form.root, "Lưu buổi hỗ trợ")
        assert [h.head_name for h in stored_households(store)] == ["Sùng Thị Mỷ"]
        fresh = record_form(restarted)  # saved: the next house starts afresh
        assert fresh.name.value == "" and not fresh.form.services
        assert "Đã mở lại" not in shown(fresh.root)
    finally:
        restarted.close()


def test_a_draft_can_be_thrown_away(host: TestHost, store: Store) -> None:
    form = record_form(host)
    fill_new_household(form, "Vàng A Dơ")
    pick(form, SERVICE)
    host.go("library")
    form = record_form(host)
    tap_text(form.root, "Bỏ, làm lại từ đầu")
    assert form.name.value == "" and not form.form.services and not form.form.adding_household
    host.go("library")
    assert record_form(host).name.value == ""


def test_a_form_opened_from_a_guide_adds_the_guide_to_the_unsaved_session(
    host: TestHost, store: Store
) -> None:
    form = record_form(host)
    fill_new_household(form, "Giàng Thị Sua")
    host.go("library")
    opened = SessionScreen(host, guide_code="vneid-m2")
    host.open(opened)
    assert opened.name.value == "Giàng Thị Sua" and opened.form.guides == ["vneid-m2"]
    assert "vneid_muc_2" in opened.form.services


def test_the_search_offers_who_is_due_today_before_typing(host: TestHost, store: Store) -> None:
    due = add_household(store, "Vũ Quang Lan")
    sessions.record(
        store,
        SessionInput(
            household_id=due.id,
            services=["thuong_tru"],
            outcome="follow_up",
            minutes=10,
            follow_up_on=today_local(),
            occurred_at=utcnow() - timedelta(days=2),
        ),
    )
    add_household(store, "Phạm Đức Long")
    form = record_form(host)
    text = shown(form.household_matches)
    assert "Hẹn quay lại hôm nay" in text and "Vũ Quang Lan" in text and "Phạm Đức Long" not in text
    type_into(form.household_search, "xyz")
    assert shown(form.household_matches) == "Không có hộ nào tên như vậy."


def test_all_services_are_one_tap_away(host: TestHost) -> None:
    form = record_form(host)
    few = len(form.service_chips.controls)
    tap_text(form.root, "Xem tất cả")
    assert len(form.service_chips.controls) == len(form.services) > few
    tap_text(form.root, "Thu gọn")
    assert len(form.service_chips.controls) == few


def test_guides_offered_follow_the_services_chosen(host: TestHost, store: Store) -> None:
    form = record_form(host)
    assert chips(form.guide_chips) == []
    pick(form, SERVICE)
    offered = [chip_label(c) for c in form.guide_chips.controls]
    assert offered and all("thuong_tru" in g.services for g in form.guides if g.title in offered)
    tap(form.guide_chips.controls[0])
    assert form.form.guides == [g.code for g in form.guides if g.title == offered[0]]


def test_an_unsynced_session_is_edited_from_the_history(host: TestHost, store: Store) -> None:
    household = add_household(store, "Đỗ Thị Mai")
    first = sessions.record(
        store,
        SessionInput(
            household_id=household.id,
            services=["thuong_tru"],
            outcome="done_online",
            minutes=10,
            occurred_at=utcnow() - timedelta(hours=3),
        ),
    )
    host.go("households")
    host.top.open_household(household.id)
    history = host.top
    assert isinstance(history, HouseholdScreen)
    tap_text(history.root, "Sửa")
    form = host.top
    assert isinstance(form, SessionScreen) and form.editing.id == first.id
    assert "Sửa buổi hỗ trợ" == form.title and chip(form.root, "10 phút").checked
    tap(chip(form.root, "30 phút"))
    tap_text(form.root, "Lưu thay đổi")

    edited = sessions.get(store, first.id)
    assert (edited.minutes, as_utc(edited.occurred_at)) == (30, as_utc(first.occurred_at))
    assert host.top is history and "30 phút" in shown(history.root)  # back, refreshed


def test_a_synced_session_cannot_be_edited(host: TestHost, store: Store) -> None:
    household = add_household(store, "Lê Thị Hà")
    record = sessions.record(
        store,
        SessionInput(
            household_id=household.id, services=["thuong_tru"], outcome="done_online", minutes=10
        ),
    )
    host.go("households")
    host.top.open_household(household.id)
    history = host.top
    assert "Chưa đồng bộ" in shown(history.root)
    tap_text(history.root, "Sửa")
    form = host.top
    with store.session() as session:  # the sync client pushes it while the form is open
        sessions.mark_synced(session, record.id, utcnow())
    tap_text(form.root, "Lưu thay đổi")
    assert shown(form.general_error) == "Buổi hỗ trợ đã đồng bộ, không sửa được nữa."
    host.back()
    assert "Đã đồng bộ" in shown(history.root) and "Sửa" not in shown(history.root)


def test_a_household_needs_its_village_chosen(host: TestHost, store: Store) -> None:
    form = record_form(host)
    assert form.village.value is None  # no village used yet on this device
    tap_text(form.root, "Thêm hộ mới")
    type_into(form.name, "Triệu Văn Sơn")
    tap(form.consent)
    tap_text(form.root, "Lưu buổi hỗ trợ")
    assert form.village.error_text == "Hãy chọn thôn, bản hoặc khu."
    assert stored_households(store) == []


def test_the_services_recorded_lately_are_offered_first(host: TestHost, store: Store) -> None:
    household = add_household(store, "Phạm Văn Đức")
    for days_ago, code in [
        (1, "ho_chieu"),
        (2, "ho_chieu"),
        (3, "tam_vang"),
        (200, "con_dau"),
        (201, "con_dau"),
        (202, "con_dau"),
    ]:
        sessions.record(
            store,
            SessionInput(
                household_id=household.id,
                services=[code],
                outcome="done_online",
                minutes=5,
                occurred_at=utcnow() - timedelta(days=days_ago),
            ),
        )
    form = record_form(host)
    offered = [chip_label(c) for c in form.service_chips.controls]
    assert offered[:2] == ["Cấp hộ chiếu phổ thông", "Khai báo tạm vắng"]
    assert stats.frequent_services(store) == [
        "ho_chieu",
        "tam_vang",
    ]  # the seal was asked for long ago
    assert stats.frequent_services(store, days=365)[0] == "con_dau"
