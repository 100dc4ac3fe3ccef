"""The guide's QR, full screen and black on white, for the household's phone camera. It holds
the guide's public address with the enrolled team's commune (`?c=`, so the team's and the
commune's figures count the open); where no real public address is set (unset, an example
domain, plain http outside the demo) the screen says why instead of showing a code that leads
nowhere."""

from __future__ import annotations

import flet as ft

from app.errors import ValidationError
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
        settings = host.settings
        self.refusal: ValidationError | None = None
        try:
            self.url = guides.shared_url(host.store, settings.public_base_url, code, settings.demo)
        except ValidationError as refused:
            self.url, self.png, self.refusal = "", b"", refused
        if self.refusal is None:
            self.png = qr.png(self.url)
            self.image = ft.Image(
                src=self.png,
                fit=ft.BoxFit.CONTAIN,
                expand=True,
                semantics_label=self.t("qr_title"),
                filter_quality=ft.FilterQuality.NONE,
            )
            shown = [
                self.image,
                ft.Text(
                    self.t("qr_scan"),
                    size=18,
                    color=ft.Colors.BLACK,
                    text_align=ft.TextAlign.CENTER,
                ),
                ft.Text(
                    self.url,
                    size=14,
                    color=ft.Colors.BLACK_87,
                    selectable=True,
                    text_align=ft.TextAlign.CENTER,
                ),
            ]
        else:
            shown = [
                ft.Icon(ft.Icons.QR_CODE_2, size=96, color=ft.Colors.BLACK_38),
                ft.Text(
                    self.t("qr_no_address"),
                    size=18,
                    weight=ft.FontWeight.BOLD,
                    color=ft.Colors.BLACK,
                    text_align=ft.TextAlign.CENTER,
                ),
                ft.Text(
                    self.refusal.text(host.language),
                    size=16,
                    color=ft.Colors.BLACK_87,
                    text_align=ft.TextAlign.CENTER,
                ),
            ]
        self.root = ft.Container(
            ft.Column(
                [
                    ft.Text(
                        self.title,
                        size=22,
                        weight=ft.FontWeight.BOLD,
                        color=ft.Colors.BLACK,
                        text_align=ft.TextAlign.CENTER,
                    ),
                    *shown,
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
