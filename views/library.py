"""The guide library: shelves by category, searched as the volunteer types (diacritics and
case ignored by the service)."""

from __future__ import annotations

from functools import partial

import flet as ft

from app.models import Guide
from app.services import guides
from app.services.guides import Shelf
from views.base import Screen
from views.guide import GuideScreen
from views.host import Host
from views.widgets import PAD, heading, muted


class LibraryScreen(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = self.t("library_title")
        self.search = ft.TextField(
            label=self.t("library_search"),
            hint_text=self.t("library_search_hint"),
            prefix_icon=ft.Icons.SEARCH,
            on_change=self.on_search,
            on_submit=self.on_search,
        )
        self.results = ft.ListView(
            expand=True, spacing=4, padding=ft.Padding.only(left=PAD, right=PAD, bottom=PAD)
        )
        self.root = ft.Column(
            [
                ft.Container(
                    self.search, padding=ft.Padding.only(left=PAD, right=PAD, top=PAD, bottom=8)
                ),
                self.results,
            ],
            expand=True,
            spacing=0,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.shelves: list[Shelf] = []
        self.on_search()

    def on_search(self) -> None:
        query = self.search.value or ""
        self.shelves = guides.shelves(self.host.store, query)
        if self.shelves:
            self.results.controls = [
                control for shelf in self.shelves for control in self._shelf(shelf)
            ]
        else:
            empty = (
                self.t("library_empty", query=query.strip())
                if query.strip()
                else self.t("library_none")
            )
            self.results.controls = [
                ft.Container(muted(empty, 16), padding=ft.Padding.only(top=24))
            ]

    def _shelf(self, shelf: Shelf) -> list[ft.Control]:
        name = self.pick(shelf.category.name, shelf.category.name_en)
        return [
            ft.Container(heading(name), padding=ft.Padding.only(top=12, bottom=4)),
            *(self._tile(guide) for guide in shelf.guides),
        ]

    def _tile(self, guide: Guide) -> ft.Control:
        # What the guide holds beyond text: a video, or at least a picture.
        if guide.video_sha256:
            icon, mark = ft.Icons.SMART_DISPLAY_OUTLINED, self.t("has_video")
        elif guide.infographic_sha256:
            icon, mark = ft.Icons.IMAGE_OUTLINED, self.t("has_infographic")
        else:
            icon, mark = ft.Icons.ARTICLE_OUTLINED, None
        return ft.Card(
            ft.ListTile(
                leading=ft.Icon(icon, color=ft.Colors.PRIMARY, tooltip=mark),
                title=ft.Text(
                    self.pick(guide.title, guide.title_en), size=17, weight=ft.FontWeight.W_500
                ),
                subtitle=ft.Text(
                    self.pick(guide.summary, guide.summary_en),
                    max_lines=2,
                    overflow=ft.TextOverflow.ELLIPSIS,
                ),
                trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                on_click=partial(self.open_guide, guide.code),
            ),
            margin=ft.Margin.only(bottom=4),
        )

    def open_guide(self, code: str) -> None:
        self.host.open(GuideScreen(self.host, code))
