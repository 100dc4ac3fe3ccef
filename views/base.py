"""What every screen shares: the app it lives in, a title, a root control."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flet as ft

from app.i18n import pick

if TYPE_CHECKING:
    from sync.runner import SyncStatus
    from views.shell import Shell


class Screen:
    """One screen. Subclasses build `root` in __init__ from the services' answers, keep their
    state in plain attributes and change controls in short handlers; Flet sends the changes
    to the client after each handler, so handlers never call update()."""

    full_screen = False  # shown without the app bar (e.g. the QR for scanning)

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.title = ""
        self.root: ft.Control = ft.Column()
        self.view: ft.View | None = None  # made by the shell when first shown

    def t(self, key: str, **values: object) -> str:
        return self.shell.t(key, **values)

    def pick(self, vietnamese: str, english: str) -> str:
        return pick(self.shell.language, vietnamese, english)

    def refresh(self) -> None:
        """Called when the screen comes back to the top (e.g. after an edit elsewhere)."""

    def sync_changed(self, status: SyncStatus) -> None:
        """Called (on the page's loop) when the sync runner reports; screens that show it redraw."""

    def closed(self) -> None:
        """Called once when the screen leaves for good (popped, or the stack replaced, or the
        page closed): a screen that started something (a server, a thread) stops it here."""
