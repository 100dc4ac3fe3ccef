"""Household sheets from the device's records: the guides shared in a household's sessions come
pre-selected, a village batch gives one page per household, the poster shows the village's most
shared guides; every QR read back from the rasterised PDF."""

from __future__ import annotations

from datetime import date

import pypdfium2
import pytest
from devicetest import OTHER_VILLAGE, VILLAGE, add_household, ago, rejected, session_input

from app.db import Store
from app.errors import NotFound
from app.services import areas, guides, sessions, sheets, sync_state
from app.services.sheets import TeamContact
from content.qr import decoded_texts

BASE = "https://huongdan.quangninh.gov.vn"
TEAM = TeamContact("Tổ công nghệ số cộng đồng thôn 1, xã Quảng La", "0203 3123 456")


def _share(store: Store, household_id: str, codes: list[str], days_ago: float) -> None:
    sessions.record(
        store, session_input(household_id, guides=codes, occurred_at=ago(days=days_ago))
    )


def _pages(pdf: bytes) -> list[tuple[str, set[str]]]:
    document = pypdfium2.PdfDocument(pdf)
    return [
        (
            " ".join(document[i].get_textpage().get_text_range().split()),
            set(decoded_texts(document[i].render(scale=3).to_pil())),
        )
        for i in range(len(document))
    ]


def _url(code: str) -> str:
    return f"{BASE}/g/{code}"


def test_the_guides_shared_in_sessions_come_preselected_newest_first(store: Store) -> None:
    household = add_household(store, "Đặng Thị Hồng")
    _share(store, household.id, ["vneid-dk", "lua-dao"], days_ago=9)
    _share(store, household.id, ["vneid-m2", "vneid-dk"], days_ago=2)
    assert sheets.preselected_guides(store, household.id) == ["vneid-m2", "vneid-dk", "lua-dao"]
    assert sheets.preselected_guides(store, add_household(store, "Lý Văn Nam").id) == []


def test_the_preselection_fills_one_sheet_at_most(store: Store) -> None:
    household = add_household(store)
    codes = [g.code for g in guides.all_guides(store)][:10]
    for days, code in enumerate(codes):
        _share(store, household.id, [code], days_ago=days + 1)
    assert sheets.preselected_guides(store, household.id) == codes[: sheets.MAX_GUIDES_PER_SHEET]


def test_a_household_sheet_prints_its_preselected_guides(store: Store) -> None:
    household = add_household(store, "Đặng Thị Hồng", phone="0912345678")
    _share(store, household.id, ["vneid-m2", "lua-dao"], days_ago=1)
    pdf = sheets.household_sheet(store, household.id, TEAM, BASE, printed_on=date(2026, 11, 25))
    [(text, codes)] = _pages(pdf)
    assert codes == {_url("vneid-m2"), _url("lua-dao")}
    assert "Hộ gia đình: Đặng Thị Hồng" in text and areas.place_name(store, VILLAGE) in text
    assert guides.get(store, "vneid-m2").title in text and TEAM.phone in text
    assert "0912345678" not in text  # the household's phone is not printed


def test_the_volunteer_can_change_the_choice(store: Store) -> None:
    household = add_household(store)
    _share(store, household.id, ["vneid-m2"], days_ago=1)
    pdf = sheets.household_sheet(
        store, household.id, TEAM, BASE, guide_codes=["thuong-tru", "dvc-tra-cuu", "thuong-tru"]
    )
    [(_, codes)] = _pages(pdf)
    assert codes == {_url("thuong-tru"), _url("dvc-tra-cuu")}


def test_what_cannot_be_printed_gets_a_clear_error(store: Store) -> None:
    household = add_household(store)
    rejected(
        lambda: sheets.household_sheet(store, household.id, TEAM, BASE), "guides", "guides_required"
    )
    too_many = [g.code for g in guides.all_guides(store)][: sheets.MAX_GUIDES_PER_SHEET + 1]
    rejected(
        lambda: sheets.household_sheet(store, household.id, TEAM, BASE, too_many),
        "guides",
        "too_many_guides",
    )
    rejected(
        lambda: sheets.household_sheet(store, household.id, TEAM, BASE, ["khong-co"]),
        "guides",
        "unknown_guide",
    )
    rejected(
        lambda: sheets.household_sheet(store, household.id, TeamContact("", ""), BASE, ["lua-dao"]),
        "team",
        "team_contact_required",
    )
    rejected(
        lambda: sheets.household_sheet(store, household.id, TEAM, "huongdan", ["lua-dao"]),
        "public_base_url",
        "public_address_invalid",
    )
    # A code must lead somewhere real: no placeholder, no unset address, no LAN but the demo's.
    for address, code in [
        ("https://cnscd.example.vn", "public_address_placeholder"),
        ("", "public_address_unset"),
        ("http://192.168.1.23:8000", "public_address_private"),
    ]:
        rejected(
            lambda address=address: sheets.household_sheet(
                store, household.id, TEAM, address, ["lua-dao"]
            ),
            "public_base_url",
            code,
        )
    with pytest.raises(NotFound):
        sheets.household_sheet(store, "khong-co-ho-nay", TEAM, BASE, ["lua-dao"])


def test_the_codes_carry_the_teams_commune_and_the_demo_its_lan_address(store: Store) -> None:
    household = add_household(store)
    sync_state.enrolled(
        store,
        sync_state.Enrolment(
            server_url="http://127.0.0.1:8000",
            device_id=7,
            device_name="Máy của Lan",
            team_id=3,
            team_name="Tổ CNSCĐ xã Quảng La",
            commune_id="qn.quang-la",
        ),
    )
    pdf = sheets.household_sheet(store, household.id, TEAM, BASE, ["lua-dao"])
    assert _pages(pdf)[0][1] == {f"{_url('lua-dao')}?c=qn.quang-la"}
    demo = sheets.household_sheet(
        store, household.id, TEAM, "http://192.168.1.23:8000", ["lua-dao"], demo=True
    )
    assert _pages(demo)[0][1] == {"http://192.168.1.23:8000/g/lua-dao?c=qn.quang-la"}
    english = sheets.household_sheet(store, household.id, TEAM, BASE, ["lua-dao"], language="en")
    assert guides.get(store, "lua-dao").title_en in _pages(english)[0][0]


def test_a_village_batch_has_a_page_per_household_that_was_shared_a_guide(store: Store) -> None:
    hong = add_household(store, "Đặng Thị Hồng")
    an = add_household(store, "Bùi Văn An")
    add_household(store, "Chu Thị Lan")  # never shared a guide: no page
    elsewhere = add_household(store, "Trần Văn Bình", village_id=OTHER_VILLAGE)
    _share(store, hong.id, ["vneid-m2"], days_ago=3)
    _share(store, an.id, ["lua-dao", "app-gia"], days_ago=1)
    _share(store, elsewhere.id, ["thuong-tru"], days_ago=1)
    pages = _pages(sheets.village_sheets(store, VILLAGE, TEAM, BASE))
    assert len(pages) == 2
    (first, first_codes), (second, second_codes) = pages
    assert "Bùi Văn An" in first and first_codes == {_url("lua-dao"), _url("app-gia")}
    assert "Đặng Thị Hồng" in second and second_codes == {_url("vneid-m2")}
    assert not any("Trần Văn Bình" in text or "Chu Thị Lan" in text for text, _ in pages)


def test_a_village_with_nothing_to_print_says_so(store: Store) -> None:
    add_household(store)
    rejected(
        lambda: sheets.village_sheets(store, VILLAGE, TEAM, BASE), "village_id", "nothing_to_print"
    )
    with pytest.raises(NotFound):
        sheets.village_sheets(store, "qn.quang-la", TEAM, BASE)  # a commune, not a village


def test_the_poster_shows_the_guides_shared_with_most_households(store: Store) -> None:
    first, second, third = (
        add_household(store, name) for name in ("Đỗ Văn Hùng", "Vũ Thị Yến", "Lê Văn Sơn")
    )
    _share(store, first.id, ["lua-dao", "vneid-m2"], days_ago=5)
    _share(store, first.id, ["lua-dao"], days_ago=2)  # the same household again counts once
    _share(store, second.id, ["vneid-m2", "thuong-tru"], days_ago=3)
    _share(store, third.id, ["vneid-m2", "app-gia"], days_ago=1)
    assert sheets.most_used_guides(store, VILLAGE) == [
        "vneid-m2",
        "app-gia",
        "lua-dao",
        "thuong-tru",
    ]
    assert sheets.most_used_guides(store, VILLAGE, limit=2) == ["vneid-m2", "app-gia"]
    [(text, codes)] = _pages(sheets.village_poster(store, VILLAGE, TEAM, BASE))
    assert codes == {_url(c) for c in ("vneid-m2", "app-gia", "lua-dao", "thuong-tru")}
    assert areas.place_name(store, VILLAGE) in text
    assert not any(name in text for name in ("Đỗ Văn Hùng", "Vũ Thị Yến", "Lê Văn Sơn"))
