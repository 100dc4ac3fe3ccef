"""Settings: the language (Vietnamese by default), and what is on this device."""

from __future__ import annotations

import flet as ft

from app.services import outbox, settings
from views.base import Screen
from views.host import Host
from views.widgets import PAD, heading, muted


class SettingsScreen(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = self.t("settings_title")
        store = host.store
        self.language = ft.SegmentedButton(
            segments=[
                ft.Segment(value=code, label=self.t(f"language_{code}"))
                for code in settings.LANGUAGES
            ],
            selected=[host.language],
            on_change=self.on_language,
        )
        self.root = ft.ListView(
            [
                heading(self.t("settings_language")),
                self.language,
                ft.Divider(),
                muted(self.t("settings_pending", count=outbox.pending_count(store)), 15),
                muted(
                    self.t("settings_content", version=settings.get(store, "content_version", "—")),
                    15,
                ),
                muted(self.t("settings_data", path=str(host.settings.data_dir)), 15),
            ],
            expand=True,
            spacing=12,
            padding=PAD,
        )

    def on_language(self) -> None:
        chosen = self.language.selected[0] if self.language.selected else self.host.language
        self.host.set_language(chosen)
