"""The library screen: shelves by category, and a search that ignores diacritics and case."""

from __future__ import annotations

import flet as ft
from viewtest import find_all, shown, tap_text, type_into

from views.guide import GuideScreen
from views.library import LibraryScreen


def test_the_library_opens_first_with_every_guide_on_its_category_shelf(small_host) -> None:
    screen = small_host.top
    assert isinstance(screen, LibraryScreen)
    text = shown(screen.root)
    assert text.index("Dịch vụ công thiết yếu") < text.index("Đăng ký khai sinh trực tuyến")
    assert text.index("Đăng ký thường trú") < text.index("Định danh điện tử VNeID")
    assert text.index("Định danh điện tử VNeID") < text.index(
        "Kích hoạt tài khoản định danh điện tử mức 2"
    )
    assert len(find_all(screen.root, ft.ListTile)) == 3


def test_typing_without_diacritics_finds_the_guide(small_host) -> None:
    screen = small_host.top
    type_into(screen.search, "dang ky thuong tru")
    text = shown(screen.results)
    assert "Đăng ký thường trú" in text
    assert "Đăng ký khai sinh trực tuyến" not in text
    assert "Định danh điện tử VNeID" not in text  # an empty shelf is not shown

    type_into(screen.search, "KÍCH HOẠT")
    assert [s.category.code for s in screen.shelves] == ["vneid"]


def test_a_search_with_no_match_says_so(small_host) -> None:
    screen = small_host.top
    type_into(screen.search, "hộ chiếu")
    assert shown(screen.results) == "Không có hướng dẫn nào khớp với “hộ chiếu”."
    type_into(screen.search, "")
    assert len(find_all(screen.results, ft.ListTile)) == 3


def test_tapping_a_guide_opens_it_over_the_library(small_host) -> None:
    tap_text(small_host.top.root, "Đăng ký khai sinh trực tuyến")
    assert len(small_host.stack) == 2
    assert isinstance(small_host.top, GuideScreen) and small_host.top.code == "khai-sinh"
    small_host.back()
    assert isinstance(small_host.top, LibraryScreen)


def test_in_english_the_shelves_and_titles_are_english(small_host) -> None:
    small_host.set_language("en")
    small_host.go("library")
    text = shown(small_host.top.root)
    assert "Essential public services" in text and "Birth registration online" in text
    assert "Dịch vụ công thiết yếu" not in text
