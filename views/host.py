"""What a screen may ask of the app it is shown in: the Host.

A screen takes a Host and nothing wider: where it is (store, settings, language, web or native
client), the way to other screens, notices and dialogs, the device's sync and the hotspot guide
server, and a way in for news from other threads. views.shell.Shell is the app's Host; the
view tests have their own (tests/views/testhost.py).

The views never import sync or share. What they need of them is said here as small protocols;
the entry point (launcher.device) wires the real sync runner and guide server to them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import flet as ft

from app.config import Settings
from app.db import Store
from app.services.sync_state import Enrolment

# -- the device's sync ---------------------------------------------------------------------


class MediaProgress(Protocol):
    """Media downloads of the current or last sync."""

    @property
    def files_done(self) -> int: ...
    @property
    def files_total(self) -> int: ...
    @property
    def bytes_done(self) -> int: ...
    @property
    def bytes_total(self) -> int: ...


class SyncStatus(Protocol):
    """How the device's sync stands (sync.runner.SyncStatus)."""

    @property
    def state(self) -> str: ...  # an app.services.sync_state.State value
    @property
    def phase(self) -> str: ...  # "idle", "push", "pull" or "media" while syncing
    @property
    def pending(self) -> int: ...  # records waiting in the outbox
    @property
    def team_name(self) -> str: ...
    @property
    def server_url(self) -> str: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def last_error_message(self) -> str: ...  # plain Vietnamese
    @property
    def media(self) -> MediaProgress: ...
    @property
    def retry_at(self) -> datetime | None: ...  # a running sync tries a call again then
    @property
    def next_attempt_at(self) -> datetime | None: ...  # offline: it checks the network then


class Said(Protocol):
    """A reason a person is told: its code, and its words in a language (the catalogue's,
    wire.messages, or, for a code only a newer server knows, the server's)."""

    @property
    def code(self) -> str: ...
    def text(self, language: str = "vi") -> str: ...


class EnrolmentFailed(Exception):
    """The device was not enrolled: why (a sync.errors.SyncError is one), by its stable code
    ("invalid_code", "network", ...) and its words in each language."""

    def __init__(self, reason: Said) -> None:
        super().__init__(reason.code)
        self.reason = reason
        self.code = reason.code

    def text(self, language: str = "vi") -> str:
        return self.reason.text(language)


class SyncActions(Protocol):
    """What a screen does with the device's sync. Each returns at once except enrol, which
    talks to the server (so a screen calls it from a worker thread)."""

    def status(self) -> SyncStatus: ...
    def sync_now(self) -> None: ...

    def enrol(
        self,
        device_name: str,
        *,
        qr_text: str | None = None,
        code: str | None = None,
        server_url: str | None = None,
    ) -> Enrolment:
        """Enrol with the team leader's QR or with the typed code and the server's address;
        raises EnrolmentFailed."""
        ...


class SyncService(SyncActions, Protocol):
    """The device's sync as a host is wired with it: also told when a session is saved, and
    reporting each change of status (from its own thread)."""

    def session_recorded(self) -> None: ...
    def subscribe(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]: ...


# -- the hotspot guide server --------------------------------------------------------------


class GuideServer(Protocol):
    """The device serving its guides over its own hotspot while the share screen is open
    (share.server.GuideShare)."""

    @property
    def running(self) -> bool: ...
    @property
    def idle_timeout(self) -> float: ...  # seconds without a request before it stops itself
    @property
    def port(self) -> int: ...  # the port it listens on, once started
    @property
    def wanted_port(self) -> int: ...  # the port asked for
    @property
    def moved(self) -> bool: ...  # that one was taken: it listens on another
    def start(self) -> int: ...
    def stop(self) -> None: ...
    def guide_url(self, address: str, code: str) -> str: ...


class GuideSharing(Protocol):
    def addresses(self) -> list[str]:
        """Where a phone on the hotspot may reach this device, the most likely first."""
        ...

    def server(
        self, on_open: Callable[[str], None], on_idle_stop: Callable[[], None]
    ) -> GuideServer:
        """A server (not started yet): `on_open(code)` for each guide page opened, and
        `on_idle_stop()` when it stopped by itself; both from the server's threads."""
        ...


# -- the host --------------------------------------------------------------------------------


class Shown(Protocol):
    """What a host needs of a screen to show it (views.base.Screen is one)."""

    full_screen: bool
    title: str
    root: ft.Control
    view: ft.View | None

    def refresh(self) -> None: ...
    def sync_changed(self, status: SyncStatus) -> None: ...
    def closed(self) -> None: ...
    def away(self) -> None: ...


class Host(Protocol):
    """Handlers run on the page's event loop; from another thread, a screen hands its change to
    from_worker instead."""

    @property
    def store(self) -> Store: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def language(self) -> str: ...  # "vi" or "en"
    @property
    def web(self) -> bool: ...  # a browser: media by URL, not by file path
    @property
    def sync(self) -> SyncActions: ...
    @property
    def sync_status(self) -> SyncStatus: ...  # the last status the screens were told
    @property
    def sharing(self) -> GuideSharing: ...

    def t(self, key: str, **values: object) -> str:
        """The words for `key` (the catalogue, wire.messages) in the host's language."""
        ...

    # navigation
    def open(self, screen: Shown) -> None: ...
    def back(self) -> None: ...
    def go(self, key: str) -> None: ...  # a destination of the app's navigation

    def after_session_saved(self, screen: Shown) -> None:
        """Where the volunteer goes once a session is saved (and the sync is told)."""
        ...

    def set_language(self, code: str) -> None: ...

    # notices and dialogs
    def notify(self, text: str) -> None: ...
    def show_dialog(self, dialog: ft.DialogControl) -> None: ...

    async def save_file(self, file_name: str, data: bytes, title: str) -> None:
        """Offer `data` to save (a download, in a browser) under `file_name`."""
        ...

    def show_now(self) -> None:
        """Send what a long handler changed so far (a "working…" state) before it goes on."""
        ...

    async def reveal(self, scrollable: ft.ScrollableControl, key: str) -> None:
        """Scroll `scrollable` until the control keyed ft.ScrollKey(key) is in view (where a
        refused save sends the volunteer: the field at fault)."""
        ...

    def from_worker(self, change: Callable[[], None]) -> None:
        """Apply `change` to the screens from another thread, without waiting for it."""
        ...
