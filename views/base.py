"""What every screen shares: the host it is shown in, a title, a root control."""

from __future__ import annotations

import flet as ft

from app.i18n import pick
from views.host import Host, SyncStatus


class Screen:
    """One screen. Subclasses build `root` in __init__ from the services' answers, keep their
    state in plain attributes and change controls in short handlers; Flet sends the changes
    to the client after each handler, so handlers never call update()."""

    full_screen = False  # shown without the app bar (e.g. the QR for scanning)

    def __init__(self, host: Host) -> None:
        self.host = host
        self.title = ""
        self.root: ft.Control = ft.Column()
        self.view: ft.View | None = None  # made by the host when first shown

    def t(self, key: str, **values: object) -> str:
        return self.host.t(key, **values)

    def pick(self, vietnamese: str, english: str) -> str:
        return pick(self.host.language, vietnamese, english)

    def refresh(self) -> None:
        """Called when the screen comes back to the top (e.g. after an edit elsewhere)."""

    def sync_changed(self, status: SyncStatus) -> None:
        """Called (on the page's loop) when the sync runner reports; screens that show it redraw."""

    def closed(self) -> None:
        """Called once when the screen leaves for good (popped, or the stack replaced, or the
        page closed): a screen that started something (a server, a thread) stops it here."""

    def away(self) -> None:
        """Called when the app was closed (its browser tab gone, the phone app ended) though the
        screen may still come back with a reconnect: what must not outlive the app (the guide
        server) stops here, and the screen shows it stopped."""
