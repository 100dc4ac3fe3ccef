"""The app around the screens on a Flet page: the app bar, the bottom navigation, the stack of
screens opened from one another, notices. The Shell is the screens' Host (views/host.py).

Navigation is the DESTINATIONS list: (key, icon, label, builder). Those with `in_bar` sit in
the bottom bar (a phone shows five at most); the others are in the app bar's menu and open
over the current screen.

The sync works in its own thread; the entry point (launcher.web.run_app) starts one for the app
and hands it to every page. Its reports (and those of the guide server) reach the screens
through `from_worker`, which applies them on the page's event loop, where the handlers run
too."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import flet as ft

from app.config import Settings
from app.db import Store
from app.i18n import t
from app.services import settings as app_settings
from views.base import Screen
from views.host import GuideSharing, Host, Shown, SyncService, SyncStatus
from views.households import HouseholdsScreen
from views.library import LibraryScreen
from views.session import SessionScreen
from views.settings import SettingsScreen
from views.share import ShareScreen
from views.stats import StatsScreen
from views.sync import SyncScreen
from views.widgets import named_icon

log = logging.getLogger("cnscd.views")


@dataclass(frozen=True)
class Destination:
    key: str
    icon: ft.IconData
    label: str  # a key of the catalogue (wire.messages.screens)
    build: Callable[[Host], Screen]
    in_bar: bool = True  # False: in the app bar's menu instead


DESTINATIONS: list[Destination] = [
    Destination("library", ft.Icons.MENU_BOOK, "nav_library", LibraryScreen),
    Destination("session", ft.Icons.EDIT_NOTE, "nav_session", SessionScreen),
    Destination("households", ft.Icons.HOUSE_OUTLINED, "nav_households", HouseholdsScreen),
    Destination("stats", ft.Icons.BAR_CHART, "nav_stats", StatsScreen),
    Destination("sync", ft.Icons.SYNC, "nav_sync", SyncScreen),
    Destination("share", ft.Icons.WIFI_TETHERING, "nav_share", ShareScreen, in_bar=False),
    Destination("settings", ft.Icons.SETTINGS, "nav_settings", SettingsScreen, in_bar=False),
]


class Shell:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        page: ft.Page,
        sync: SyncService,
        sharing: GuideSharing,
        destinations: list[Destination] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.page = page
        self.web = page.web  # decides how media reach the client
        self.sync = sync
        self.sharing = sharing
        self.destinations = destinations or DESTINATIONS
        self.language = app_settings.language(store)
        self.stack: list[Shown] = []
        self.current = self.destinations[0].key
        self.sync_status: SyncStatus = sync.status()
        self._unsubscribe = sync.subscribe(self._sync_reported)
        page.on_view_pop = self.back
        page.on_close = self.close  # the session expired: the tab is not coming back
        # The tab closed (its session lingers an hour in case it reconnects) or the phone app
        # ended: the screens stop what must not outlive it.
        page.on_disconnect = self.away
        page.on_app_lifecycle_state_change = self._lifecycle
        self._build_bars()
        self._apply_locale()
        self.go(self.current)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.language, **values)

    @property
    def top(self) -> Shown:
        return self.stack[-1]

    def destination(self, key: str) -> Destination:
        return next(d for d in self.destinations if d.key == key)

    # -- navigation ------------------------------------------------------------------------

    def go(self, key: str) -> None:
        """Show a destination: a bar destination replaces the stack; a menu one opens on top."""
        destination = self.destination(key)
        if not destination.in_bar:
            self.open(destination.build(self))
            return
        self.current = key
        self.nav_bar.selected_index = [d.key for d in self._in_bar()].index(key)
        self._close_all()
        self.stack = [destination.build(self)]
        self._render()

    def open(self, screen: Shown) -> None:
        self.stack.append(screen)
        self._render()

    def back(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop().closed()
            self.top.refresh()
        self._render()

    def on_bar_change(self) -> None:
        self.go(self._in_bar()[self.nav_bar.selected_index].key)

    def after_session_saved(self, screen: Shown) -> None:
        """A session opened from a guide or a household goes back there; the bar's own form
        starts afresh for the next house. The runner pushes it at once if the network was
        there last time."""
        self.sync.session_recorded()
        if len(self.stack) > 1 and self.top is screen:
            self.back()
        else:
            self.go(self.current)

    def set_language(self, code: str) -> None:
        app_settings.set_language(self.store, code)
        self.language = code
        self._build_bars()
        self._apply_locale()
        self.go(self.current)
        self.go("settings")

    def close(self) -> None:
        """The page is gone: stop what its screens started and stop listening to the sync
        (which is the app's, not the page's)."""
        self._unsubscribe()
        self._close_all()
        self.stack = []

    def away(self) -> None:
        for screen in list(self.stack):
            screen.away()

    def _lifecycle(self, event: ft.AppLifecycleStateChangeEvent) -> None:
        if event.state == ft.AppLifecycleState.DETACH:
            self.away()

    def _close_all(self) -> None:
        for screen in reversed(self.stack):
            screen.closed()

    # -- news from other threads -----------------------------------------------------------

    def from_worker(self, change: Callable[[], None]) -> None:
        """Apply `change` to the screens from another thread (the sync worker, the guide
        server) without waiting: on the page's event loop, one at a time with the handlers,
        then sent to the client."""
        page = self.page

        async def apply() -> None:
            change()
            page.update()

        try:
            page.run_task(apply)
        except (AttributeError, RuntimeError):  # the page's connection is gone
            log.debug("a change for a page no longer connected was dropped")

    def _sync_reported(self, status: SyncStatus) -> None:
        """From the sync's thread."""
        self.from_worker(partial(self._show_sync, status))

    def _show_sync(self, status: SyncStatus) -> None:
        self.sync_status = status
        for screen in list(self.stack):
            screen.sync_changed(status)

    def show_now(self) -> None:
        """Send what a long handler changed so far (e.g. a "working…" state) before it goes on."""
        self.page.update()

    async def reveal(self, scrollable: ft.ScrollableControl, key: str) -> None:
        await scrollable.scroll_to(scroll_key=key, duration=300)

    # -- notices and dialogs ---------------------------------------------------------------

    def notify(self, text: str) -> None:
        self.page.show_dialog(ft.SnackBar(ft.Text(text), show_close_icon=True))

    def show_dialog(self, dialog: ft.DialogControl) -> None:
        self.page.show_dialog(dialog)

    async def save_file(self, file_name: str, data: bytes, title: str) -> None:
        """The platform's save dialog; in a browser, a download."""
        await ft.FilePicker().save_file(
            dialog_title=title,
            file_name=file_name,
            src_bytes=data,
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=[Path(file_name).suffix.lstrip(".")],
        )

    # -- drawing ---------------------------------------------------------------------------

    def _in_bar(self) -> list[Destination]:
        return [d for d in self.destinations if d.in_bar]

    def _build_bars(self) -> None:
        self.nav_bar = ft.NavigationBar(
            destinations=[
                ft.NavigationBarDestination(icon=d.icon, label=self.t(d.label))
                for d in self._in_bar()
            ],
            on_change=self.on_bar_change,
        )
        in_menu = [d for d in self.destinations if not d.in_bar]
        self.menu = ft.PopupMenuButton(
            items=[
                ft.PopupMenuItem(
                    content=self.t(d.label), icon=d.icon, on_click=partial(self.go, d.key)
                )
                for d in in_menu
            ],
            **named_icon(ft.Icons.MORE_VERT, self.t("more")),
            visible=bool(in_menu),
        )

    def _apply_locale(self) -> None:
        vietnamese, english = ft.Locale("vi", "VN"), ft.Locale("en", "US")
        self.page.locale_configuration = ft.LocaleConfiguration(
            supported_locales=[vietnamese, english],
            current_locale=english if self.language == "en" else vietnamese,
        )
        self.page.title = self.t("app_title")

    def _render(self) -> None:
        views = [self._view(screen, depth) for depth, screen in enumerate(self.stack)]
        self.page.views.clear()
        self.page.views.extend(views)
        # Flet's update after a handler starts from the control that fired, which may just
        # have left the page with its view: send the new views ourselves.
        self.page.update()

    def _view(self, screen: Shown, depth: int) -> ft.View:
        """Each screen's View is made once and kept, so going back shows it as it was; only
        its title follows the screen (a household's name, once loaded)."""
        if screen.view is None:
            screen.view = ft.View(
                route="/" if depth == 0 else f"/{depth}",
                controls=[screen.root],
                padding=0,
                spacing=0,
            )
            if screen.full_screen:
                screen.view.bgcolor = ft.Colors.WHITE
            else:
                screen.view.appbar = ft.AppBar(
                    title=ft.Text(overflow=ft.TextOverflow.ELLIPSIS),
                    leading=None
                    if depth == 0
                    else ft.IconButton(
                        **named_icon(ft.Icons.ARROW_BACK, self.t("back")), on_click=self.back
                    ),
                    automatically_imply_leading=False,
                    actions=[self.menu] if depth == 0 else None,
                )
            screen.view.navigation_bar = self.nav_bar if depth == 0 else None
        if screen.view.appbar is not None:
            screen.view.appbar.title.value = screen.title
        return screen.view
