"""A household's guide sheet from its page: the guides shared in its sessions pre-selected, the
team's contact remembered (the enrolled team's name by default), errors in Vietnamese beside
what to fix, and a real PDF whose QR codes read back as the chosen guides' addresses."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pypdfium2
from support import demo
from testhost import TestHost
from viewtest import PUBLIC_BASE_URL, chip, shown, tap, tap_text, type_into

from app.db import Store
from app.services import guides, households, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from app.text import fold
from content.qr import decoded_texts
from views.households import HouseholdScreen
from views.sheet import SheetScreen, file_name
from views.widgets import chip_label
from wire.clock import today_local, utcnow

TEAM = "Tổ CNSCĐ thôn 3, xã Quảng La"


def household_with_shared_guides(store: Store) -> str:
    household = households.create(
        store, HouseholdInput("Đặng Thị Hồng", demo.VILLAGES[2].id, "0912345678", consent=True)
    )
    for days, shared in [(5, ["lua-dao"]), (1, ["vneid-m2"])]:
        sessions.record(
            store,
            SessionInput(
                household_id=household.id,
                services=["thuong_tru"],
                guides=shared,
                outcome="done_online",
                minutes=10,
                occurred_at=utcnow() - timedelta(days=days),
            ),
        )
    return household.id


def open_sheet(host: TestHost, household_id: str) -> SheetScreen:
    host.open(HouseholdScreen(host, household_id))
    tap_text(host.top.root, "In phiếu hướng dẫn")
    assert isinstance(host.top, SheetScreen)
    return host.top


def title(store: Store, code: str) -> str:
    return guides.get(store, code).title


def test_the_sheet_comes_with_the_shared_guides_and_the_teams_name(
    host: TestHost, store: Store
) -> None:
    sync_state.enrolled(
        store,
        sync_state.Enrolment(
            server_url="https://api.cnscd.example.vn",
            device_id=7,
            device_name="Máy của Lan",
            team_id=3,
            team_name=TEAM,
            commune_id=demo.COMMUNE.id,
        ),
    )
    screen = open_sheet(host, household_with_shared_guides(store))
    assert screen.chosen == ["vneid-m2", "lua-dao"]  # the latest shared first
    labels = [chip_label(c) for c in screen.guide_chips.controls]
    assert labels == [title(store, "vneid-m2"), title(store, "lua-dao")]
    assert all(c.checked for c in screen.guide_chips.controls)
    tap_text(screen.root, "Xem tất cả")  # the rest of the library, after them
    assert len(screen.guide_chips.controls) == len(guides.all_guides(store))
    assert [c.checked for c in screen.guide_chips.controls[:3]] == [True, True, False]
    assert "Đã chọn sẵn các hướng dẫn từng chia sẻ với hộ." in shown(screen.root)
    assert screen.team.value == TEAM and screen.phone.value == ""
    assert "Phiếu cho hộ Đặng Thị Hồng, Thôn 3, Xã Quảng La" in shown(screen.root)


def test_errors_say_what_to_fix_and_the_pdf_holds_the_chosen_guides(
    host: TestHost, store: Store
) -> None:
    household_id = household_with_shared_guides(store)
    screen = open_sheet(host, household_id)
    asyncio.run(screen.make_sheet())
    assert (
        screen.errors.message("team") == "Hãy nhập tên tổ và số điện thoại liên hệ để in lên phiếu."
    )
    assert screen.pdf is None

    type_into(screen.team, TEAM)
    type_into(screen.phone, "0203 3123 456")
    for code in list(screen.chosen):
        tap(chip(screen.root, title(store, code)))
    asyncio.run(screen.make_sheet())
    assert screen.errors.message("guides") == "Hãy chọn ít nhất một hướng dẫn để in."

    tap_text(screen.root, "Xem tất cả")
    for code in [g.code for g in guides.all_guides(store)][:9]:
        tap(chip(screen.root, title(store, code)))
    asyncio.run(screen.make_sheet())
    assert screen.errors.message("guides") == "Một trang in được tối đa 8 hướng dẫn."

    tap(chip(screen.root, title(store, screen.chosen[-1])))  # one less: a page's worth
    chosen = list(screen.chosen)
    assert len(chosen) == 8
    asyncio.run(screen.make_sheet())
    assert screen.errors.message("guides") is None
    assert screen.saved_as == f"phieu-thon-3-{today_local().isoformat()}-{household_id[-6:]}.pdf"
    assert host.notice == f"Đã tạo phiếu {screen.saved_as}."

    [page] = pypdfium2.PdfDocument(screen.pdf)
    words = " ".join(page.get_textpage().get_text_range().split())
    assert "Đặng Thị Hồng" in words and TEAM in words and "0203 3123 456" in words
    assert set(decoded_texts(page.render(scale=3).to_pil())) == {
        f"{PUBLIC_BASE_URL}/g/{code}" for code in chosen
    }

    tap(chip(screen.root, "English"))  # an English sheet is its own choice
    assert screen.language == "en"
    asyncio.run(screen.make_sheet())
    [page] = pypdfium2.PdfDocument(screen.pdf)
    words = " ".join(page.get_textpage().get_text_range().split())
    assert "GUIDES TO ONLINE PUBLIC SERVICES" in words and "PHIẾU" not in words

    host.back()
    again = open_sheet(host, household_id)  # the contact is remembered
    assert (again.team.value, again.phone.value) == (TEAM, "0203 3123 456")


def test_a_household_never_shared_a_guide_chooses_from_the_whole_library(
    host: TestHost, store: Store
) -> None:
    household = households.create(
        store, HouseholdInput("Lý Văn Nam", demo.VILLAGES[0].id, consent=True)
    )
    screen = open_sheet(host, household.id)
    assert screen.chosen == [] and len(screen.guide_chips.controls) == len(guides.all_guides(store))
    assert "Đã chọn sẵn" not in shown(screen.root) and "Thu gọn" in shown(screen.root)


def test_the_file_name_carries_the_village_the_date_and_a_mark_of_the_household() -> None:
    day = today_local()
    assert (
        file_name("Thôn Đồng Mỏ", day, "0197a1b2-c3d4-7e5f-8a9b-0c1d2e8f3a2c")
        == f"phieu-thon-dong-mo-{day.isoformat()}-8f3a2c.pdf"
    )
    assert file_name("Khu 5 / Bản Lìm", day, "x").startswith(f"phieu-khu-5-ban-lim-{day}")


def test_two_households_of_one_village_on_one_day_get_two_file_names(
    host: TestHost, store: Store
) -> None:
    saved = []
    for name in ("Đặng Thị Hồng", "Đặng Văn Hùng"):  # same village, same day
        household = households.create(
            store, HouseholdInput(name, demo.VILLAGES[2].id, consent=True)
        )
        screen = open_sheet(host, household.id)
        tap(screen.guide_chips.controls[0])
        type_into(screen.team, TEAM)
        type_into(screen.phone, "0203 3123 456")
        asyncio.run(screen.make_sheet())
        saved.append(screen.saved_as)
        host.back()
    assert len(set(saved)) == 2 and set(host.saved_files) == set(saved)
    assert all(fold("Đặng") not in name for name in saved)
