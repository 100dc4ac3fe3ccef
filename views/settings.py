"""Settings: the language (Vietnamese by default), and what is on this device."""

from __future__ import annotations

import flet as ft

from app.services import outbox, settings
from views.base import Screen
from views.widgets import PAD, heading, muted


class SettingsScreen(Screen):
    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.title = self.t("settings_title")
        store = shell.store
        self.language = ft.SegmentedButton(
            segments=[ft.Segment(value=code, label=self.t(f"language_{code}")) for code in settings.LANGUAGES],
            selected=[shell.language],
            on_change=self.on_language,
        )
        self.root = ft.ListView(
            [
                heading(self.t("settings_language")),
                self.language,
                ft.Divider(),
                muted(self.t("settings_pending", count=outbox.pending_count(store)), 15),
                muted(self.t("settings_content", version=settings.get(store, "content_version", "—")), 15),
                muted(self.t("settings_data", path=str(shell.settings.data_dir)), 15),
            ],
            expand=True, spacing=12, padding=PAD,
        )

    def on_language(self) -> None:
        chosen = self.language.selected[0] if self.language.selected else self.shell.language
        self.shell.set_language(chosen)
