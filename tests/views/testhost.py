"""The view tests' Host: the screens over the real device store and services, with no Flet page
and no client. Navigation goes as in the app (views.shell.DESTINATIONS: a bar destination
replaces the stack, a menu one opens on top); notices, dialogs and saved files are kept for the
test to read; a change from another thread (the sync runner, the guide server) is applied at
once, in that thread."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.config import Settings
from app.db import Store
from app.i18n import t
from app.services import settings as app_settings
from launcher.device import HotspotSharing, RunnerSync
from sync.runner import SyncRunner
from sync.tokens import default_token_store
from views.host import GuideSharing, Shown, SyncService, SyncStatus
from views.shell import DESTINATIONS, Destination, Shell

LOOPBACK = "127.0.0.1"


def idle_sync(store: Store, settings: Settings) -> RunnerSync:
    """The device's sync with a runner that is never started: it syncs only when asked to
    run_once."""
    return RunnerSync(store, SyncRunner(store, default_token_store(settings.data_dir)))


def loopback_sharing(store: Store, **options: float) -> HotspotSharing:
    """Guide servers on loopback, on a port the system chooses."""
    return HotspotSharing(store, bind=LOOPBACK, port=0, **options)


def app_shell(
    store: Store, settings: Settings, page: ft.Page, destinations: list[Destination] | None = None
) -> Shell:
    """The app's own Host on `page` (tests/support/fletpage.py), its guide servers on loopback."""
    return Shell(
        store,
        settings,
        page,
        idle_sync(store, settings),
        loopback_sharing(store),
        destinations=destinations,
    )


class TestHost:
    __test__ = False  # not a test class

    def __init__(
        self,
        store: Store,
        settings: Settings,
        web: bool = True,
        sync: SyncService | None = None,
        sharing: GuideSharing | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.web = web
        self.sync = sync or idle_sync(store, settings)
        self.sharing = sharing or loopback_sharing(store)
        self.language = app_settings.language(store)
        self.destinations = DESTINATIONS
        self.stack: list[Shown] = []
        self.current = self.destinations[0].key
        self.notices: list[str] = []
        self.dialogs: list[ft.DialogControl] = []
        self.saved_files: dict[str, bytes] = {}
        self.reveals: list[str] = []
        self.sync_status: SyncStatus = self.sync.status()
        self._unsubscribe = self.sync.subscribe(self._sync_reported)
        self.go(self.current)

    @property
    def notice(self) -> str:
        """The last notice shown."""
        return self.notices[-1] if self.notices else ""

    @property
    def top(self) -> Shown:
        return self.stack[-1]

    def t(self, key: str, **values: object) -> str:
        return t(key, self.language, **values)

    # -- navigation ------------------------------------------------------------------------

    def go(self, key: str) -> None:
        destination = next(d for d in self.destinations if d.key == key)
        if not destination.in_bar:
            self.open(destination.build(self))
            return
        self.current = key
        self._close_all()
        self.stack = [destination.build(self)]

    def open(self, screen: Shown) -> None:
        self.stack.append(screen)

    def back(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop().closed()
            self.top.refresh()

    def after_session_saved(self, screen: Shown) -> None:
        self.sync.session_recorded()
        if len(self.stack) > 1 and self.top is screen:
            self.back()
        else:
            self.go(self.current)

    def set_language(self, code: str) -> None:
        app_settings.set_language(self.store, code)
        self.language = code
        self.go(self.current)
        self.go("settings")

    def close(self) -> None:
        """The test is over: stop what the screens started, stop listening to the sync."""
        self._unsubscribe()
        self._close_all()
        self.stack = []

    def _close_all(self) -> None:
        for screen in reversed(self.stack):
            screen.closed()

    # -- notices, dialogs, other threads ---------------------------------------------------

    def notify(self, text: str) -> None:
        self.notices.append(text)

    def show_dialog(self, dialog: ft.DialogControl) -> None:
        self.dialogs.append(dialog)

    async def save_file(self, file_name: str, data: bytes, title: str) -> None:
        self.saved_files[file_name] = data

    def show_now(self) -> None:
        """Nothing to send: there is no client."""

    async def reveal(self, scrollable: ft.ScrollableControl, key: str) -> None:
        """No client to scroll: the keys asked for are kept, the last in `revealed`."""
        self.reveals.append(key)

    @property
    def revealed(self) -> str:
        return self.reveals[-1] if self.reveals else ""

    def from_worker(self, change: Callable[[], None]) -> None:
        change()

    def _sync_reported(self, status: SyncStatus) -> None:
        self.from_worker(lambda: self._show_sync(status))

    def _show_sync(self, status: SyncStatus) -> None:
        self.sync_status = status
        for screen in list(self.stack):
            screen.sync_changed(status)
