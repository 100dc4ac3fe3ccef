"""Sharing a guide where there is no internet: while this screen is open the device serves the
guide pages over its own hotspot (the host's GuideSharing). Two steps, one QR code at a time,
large, so a phone framing it can read no other: the first joins the household's phone to the
hotspot, the second opens the guide. The address as text too, and the device's other
addresses in case the first does not answer.

The server stops when the volunteer leaves the screen (Screen.closed), when the app is closed
(Screen.away: the browser tab gone, the phone app ended), or by itself after a quiet spell;
the screen then says so and offers to start again. When its usual port is taken the screen
says which one it uses instead."""

from __future__ import annotations

import flet as ft

from app.errors import ValidationError
from app.models import Guide
from app.services import guides, opens, qr, wifi
from views.base import Screen
from views.host import Host
from views.widgets import BODY_SIZE, PAD, FieldErrors, Picker, error_line, heading, muted
from wire.clock import today_local

QR_SIZE = 260  # one code at a time, easy for a camera at arm's length
WIFI, GUIDE = "wifi", "guide"  # the two steps


class ShareScreen(Screen):
    def __init__(self, host: Host, code: str | None = None) -> None:
        super().__init__(host)
        self.title = self.t("share_title")
        store = host.store
        self.guides: list[Guide] = guides.all_guides(store)
        known = {g.code for g in self.guides}
        self.code = code if code in known else (self.guides[0].code if self.guides else None)
        self.share = host.sharing.server(
            on_open=self._opened,
            on_idle_stop=lambda: self.host.from_worker(self._stopped_by_itself),
        )
        self.idle_minutes = round(self.share.idle_timeout / 60)
        self.addresses = host.sharing.addresses()
        self.hotspot = wifi.saved(store)
        self.editing_hotspot = self.hotspot is None
        self.step = WIFI if self.hotspot else GUIDE
        self.left = False  # the volunteer left the screen
        self.stopped_by_itself = self.app_closed = False
        self._build()
        if self.code is None:
            self.root = ft.Container(muted(self.t("share_no_guides"), 16), padding=PAD)
            return
        self.start()

    def _build(self) -> None:
        self.ssid = ft.TextField(
            label=self.t("share_ssid"), value=self.hotspot.ssid if self.hotspot else ""
        )
        self.password = ft.TextField(
            label=self.t("share_password"),
            password=True,
            can_reveal_password=True,
            value=self.hotspot.password if self.hotspot else "",
        )
        self.hotspot_error = error_line()
        self.errors = FieldErrors(
            {"ssid": self.ssid, "password": self.password}, self.hotspot_error, self.host.language
        )
        self.hotspot_form = ft.Column(
            [
                muted(self.t("share_hotspot_help"), 15),
                self.ssid,
                self.password,
                self.hotspot_error,
                ft.FilledButton(
                    self.t("share_save_hotspot"), icon=ft.Icons.SAVE, on_click=self.save_hotspot
                ),
            ],
            spacing=8,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.hotspot_line = ft.Row(
            [
                ft.Icon(ft.Icons.WIFI),
                ft.Text("", size=BODY_SIZE, expand=True),
                ft.TextButton(
                    self.t("share_change_hotspot"), icon=ft.Icons.EDIT, on_click=self.change_hotspot
                ),
            ],
        )
        self.guide_picker = Picker(
            self.t("share_guide"),
            [(g.code, self.pick(g.title, g.title_en)) for g in self.guides],
            self.code,
            on_select=self.on_guide,
        )
        self.steps = ft.SegmentedButton(
            segments=[
                ft.Segment(
                    value=WIFI, label=self.t("share_step_wifi"), icon=ft.Icon(ft.Icons.WIFI)
                ),
                ft.Segment(
                    value=GUIDE, label=self.t("share_step_guide"), icon=ft.Icon(ft.Icons.MENU_BOOK)
                ),
            ],
            selected=[self.step],
            on_change=self.on_step,
            show_selected_icon=False,
        )
        self.step_help = ft.Text("", size=BODY_SIZE)
        self.code_image = ft.Column(spacing=6, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
        self.next_button = ft.FilledTonalButton(
            self.t("share_next"), icon=ft.Icons.ARROW_FORWARD, on_click=self.next_step, height=52
        )
        self.address = ft.Text("", size=BODY_SIZE, weight=ft.FontWeight.W_500)
        self.other_addresses = muted("")
        self.port_note = ft.Text("", size=15, color=ft.Colors.TERTIARY, visible=False)
        self.server_state = ft.Text("", size=15)
        self.restart_button = ft.OutlinedButton(
            self.t("share_restart"), icon=ft.Icons.PLAY_ARROW, on_click=self.restart, visible=False
        )
        self.opens_today = muted("", 15)
        self.root = ft.ListView(
            [
                self.hotspot_form,
                self.hotspot_line,
                self.guide_picker.root,
                muted(self.t("share_scan"), 15),
                self.steps,
                self.step_help,
                ft.Container(self.code_image, alignment=ft.Alignment.CENTER, padding=8),
                ft.Row([self.next_button], alignment=ft.MainAxisAlignment.CENTER),
                self.address,
                self.other_addresses,
                self.port_note,
                self.server_state,
                self.restart_button,
                self.opens_today,
            ],
            expand=True,
            spacing=12,
            padding=PAD,
        )

    # -- the server ------------------------------------------------------------------------

    def start(self) -> None:
        self.share.start()
        self.stopped_by_itself = self.app_closed = False
        self._render()

    def closed(self) -> None:
        self.left = True
        self.share.stop()

    def away(self) -> None:
        """The app was closed: nobody is left to show the codes to."""
        if self.share.running:
            self.share.stop()
            self.app_closed = True
            self._render()

    def _stopped_by_itself(self) -> None:
        if not self.left:
            self._render()
            self.stopped_by_itself = True  # once the screen says so: a test waits on this

    def _opened(self, code: str) -> None:
        """A household's phone opened a guide page (called from the server's thread)."""
        opens.count_open(self.host.store, code)
        self.host.from_worker(self._render_opens)

    def opened_today(self) -> int:
        return sum(opens.counts(self.host.store, since=today_local()).values())

    @property
    def guide_url(self) -> str:
        return self.share.guide_url(self.addresses[0], self.code or "")

    # -- showing it ------------------------------------------------------------------------

    def _render(self) -> None:
        self.hotspot_form.visible = self.editing_hotspot
        self.hotspot_line.visible = not self.editing_hotspot
        hotspot = self.t("share_hotspot", ssid=self.hotspot.ssid) if self.hotspot else ""
        self.hotspot_line.controls[1].value = hotspot
        self.steps.selected = [self.step]
        if self.step == WIFI:
            self.step_help.value = self.t("share_step_wifi_help")
            shown = (
                self._qr(wifi.qr_text(self.hotspot), self.t("share_step_wifi"))
                if self.hotspot
                else muted(self.t("share_wifi_missing"), 15)
            )
        else:
            self.step_help.value = self.t("share_step_guide_help")
            shown = self._qr(self.guide_url, self.t("share_step_guide"))
        step = self.t("share_step_wifi" if self.step == WIFI else "share_step_guide")
        self.code_image.controls = [heading(step), shown]
        self.next_button.visible = self.step == WIFI
        running = self.share.running
        self.address.value = self.t("share_address", url=self.guide_url)
        others = [self.share.guide_url(address, self.code or "") for address in self.addresses[1:]]
        self.other_addresses.value = (
            self.t("share_other_addresses", urls=", ".join(others)) if others else ""
        )
        self.other_addresses.visible = bool(others)
        self.port_note.visible = running and self.share.moved
        self.port_note.value = self.t(
            "share_port_moved", wanted=self.share.wanted_port, port=self.share.port
        )
        if running:
            state = self.t("share_running", minutes=self.idle_minutes)
        elif self.app_closed:
            state = self.t("share_stopped_closed")
        else:
            state = self.t("share_stopped", minutes=self.idle_minutes)
        self.server_state.value = state
        self.server_state.color = None if running else ft.Colors.ERROR
        self.restart_button.visible = not running
        self._render_opens()

    def _render_opens(self) -> None:
        self.opens_today.value = self.t("share_opens_today", count=self.opened_today())

    @staticmethod
    def _qr(text: str, label: str) -> ft.Control:
        return ft.Image(
            src=qr.png(text),
            width=QR_SIZE,
            height=QR_SIZE,
            fit=ft.BoxFit.CONTAIN,
            filter_quality=ft.FilterQuality.NONE,
            semantics_label=label,
        )

    # -- handlers --------------------------------------------------------------------------

    def save_hotspot(self) -> None:
        self.errors.clear()
        try:
            hotspot = wifi.checked(self.ssid.value or "", self.password.value or "")
        except ValidationError as error:
            self.errors.show(error)
            return
        wifi.save(self.host.store, hotspot)
        self.hotspot = hotspot
        self.editing_hotspot = False
        self.step = WIFI
        self._render()

    def change_hotspot(self) -> None:
        self.editing_hotspot = True
        self._render()

    def on_guide(self) -> None:
        self.code = self.guide_picker.value or self.code
        self._render()

    def on_step(self) -> None:
        self.step = self.steps.selected[0] if self.steps.selected else self.step
        self._render()

    def next_step(self) -> None:
        self.step = GUIDE
        self._render()

    def restart(self) -> None:
        self.start()
