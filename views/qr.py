"""The guide's QR, full screen and black on white, for the household's phone camera."""

from __future__ import annotations

import flet as ft

from app.services import guides, qr, usage
from views.base import Screen
from views.host import Host
from views.widgets import PAD


class QrScreen(Screen):
    full_screen = True

    def __init__(self, host: Host, code: str) -> None:
        super().__init__(host)
        guide = guides.get(host.store, code)
        if guide:
            usage.note_used(host.store, code)  # shared with a household
        self.title = self.pick(guide.title, guide.title_en) if guide else code
        self.url = guides.public_url(host.settings.public_base_url, code)
        self.png = qr.png(self.url)
        self.image = ft.Image(src=self.png, fit=ft.BoxFit.CONTAIN, expand=True,
                              semantics_label=self.t("qr_title"), filter_quality=ft.FilterQuality.NONE)
        self.root = ft.Container(
            ft.Column(
                [
                    ft.Text(self.title, size=22, weight=ft.FontWeight.BOLD, color=ft.Colors.BLACK,
                            text_align=ft.TextAlign.CENTER),
                    self.image,
                    ft.Text(self.t("qr_scan"), size=18, color=ft.Colors.BLACK, text_align=ft.TextAlign.CENTER),
                    ft.Text(self.url, size=14, color=ft.Colors.BLACK_87, selectable=True,
                            text_align=ft.TextAlign.CENTER),
                    ft.FilledButton(self.t("qr_close"), icon=ft.Icons.CLOSE, on_click=self.close),
                ],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                alignment=ft.MainAxisAlignment.CENTER,
                spacing=16,
                expand=True,
            ),
            bgcolor=ft.Colors.WHITE,
            padding=PAD,
            expand=True,
        )

    def close(self) -> None:
        self.host.back()
