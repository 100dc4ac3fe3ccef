"""The shell: bottom navigation built from the DESTINATIONS list, the app bar's menu, the
stack of screens, and the language switch (Vietnamese by default)."""

from __future__ import annotations

import flet as ft
from support.fletpage import PageWithoutClient
from testhost import app_shell
from viewtest import shown, tap_text

from app.config import Settings
from app.db import Store
from app.services import settings
from views.base import Screen
from views.host import Host
from views.library import LibraryScreen
from views.settings import SettingsScreen
from views.shell import DESTINATIONS, Destination, Shell
from views.stats import StatsScreen


def bar_labels(shell: Shell) -> list[str]:
    return [d.label for d in shell.nav_bar.destinations]


def test_vietnamese_is_the_default_and_the_bar_holds_the_main_screens(shell: Shell) -> None:
    assert bar_labels(shell) == ["Hướng dẫn", "Ghi nhận", "Hộ dân", "Số liệu", "Đồng bộ"]
    assert [item.content for item in shell.menu.items] == ["Chia sẻ qua Wi-Fi", "Cài đặt"]
    assert isinstance(shell.top, LibraryScreen) and shell.top.title == "Thư viện hướng dẫn"


def test_tapping_the_bar_switches_screens_and_forgets_what_was_open(shell: Shell) -> None:
    shell.top.open_guide("vneid-m2")
    assert len(shell.stack) == 2
    shell.nav_bar.selected_index = 3  # as the client sets it before on_change
    shell.nav_bar.on_change()
    assert isinstance(shell.top, StatsScreen) and len(shell.stack) == 1 and shell.current == "stats"


def test_the_menu_opens_settings_over_the_current_screen(shell: Shell) -> None:
    tap_text(shell.menu, "Cài đặt")
    assert isinstance(shell.top, SettingsScreen) and len(shell.stack) == 2
    shell.back()
    assert isinstance(shell.top, LibraryScreen)


def test_switching_to_english_and_back(shell: Shell, store: Store) -> None:
    shell.go("settings")
    screen = shell.top
    assert screen.language.selected == ["vi"]
    screen.language.selected = ["en"]  # the client's tap on "English"
    screen.language.on_change()
    assert settings.language(store) == "en"
    assert bar_labels(shell) == ["Guides", "Record", "Households", "My figures", "Sync"]
    assert isinstance(shell.top, SettingsScreen) and "Language" in shown(shell.top.root)
    shell.top.language.selected = ["vi"]
    shell.top.language.on_change()
    assert bar_labels(shell)[0] == "Hướng dẫn" and settings.language(store) == "vi"


def test_the_language_chosen_is_kept_for_the_next_start(
    store: Store, app_settings: Settings, page: PageWithoutClient
) -> None:
    settings.set_language(store, "en")
    assert app_shell(store, app_settings, page.page).top.title == "Guide library"


class _Note(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = "Ghi chú"
        self.root = ft.Text("Một màn hình mới")


def test_a_new_destination_is_one_entry_in_the_list(
    store: Store, app_settings: Settings, page: PageWithoutClient
) -> None:
    extra = [
        *DESTINATIONS[:1],
        Destination("notes", ft.Icons.NOTE, "nav_stats", _Note),
        Destination("more", ft.Icons.SYNC, "nav_settings", _Note, in_bar=False),
    ]
    shell = app_shell(store, app_settings, page.page, destinations=extra)
    assert bar_labels(shell) == ["Hướng dẫn", "Số liệu"]
    shell.go("notes")
    assert shown(shell.top.root) == "Một màn hình mới"
    tap_text(shell.menu, "Cài đặt")
    assert isinstance(shell.top, _Note) and len(shell.stack) == 2


def test_settings_show_what_waits_to_sync(shell: Shell, store: Store) -> None:
    shell.go("settings")
    assert "Bản ghi chờ đồng bộ: 0" in shown(shell.top.root)
    assert f"Phiên bản nội dung: {settings.get(store, 'content_version')}" in shown(shell.top.root)
