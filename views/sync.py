"""Sync: how this device's sync stands (team, server, records waiting, last success in Vietnam
time, last error in plain Vietnamese, media downloads) with a big "Đồng bộ ngay"; and, before
the first enrolment or after a revocation, the enrolment form: the team leader's QR (pasted,
or read from a picture of it) or the code typed with the server's address.

The host's sync (the app's sync runner) works in its own thread and reports through
Screen.sync_changed; enrolling talks to the server, so it runs in a worker thread too."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial
from pathlib import Path

import flet as ft

from app.errors import ValidationError
from app.services import clock_repair, qr, set_aside, sync_state
from app.services.sync_state import State
from views.base import Screen
from views.host import EnrolmentFailed, Host, SyncStatus
from views.widgets import BODY_SIZE, PAD, FieldErrors, error_line, heading, muted
from wire.clock import show_datetime, utcnow

MB = 1024 * 1024
QR, CODE = "qr", "code"  # the two ways to enrol
_STATE_ICONS = {
    State.IDLE: ft.Icons.CLOUD_DONE,
    State.SYNCING: ft.Icons.SYNC,
    State.OFFLINE: ft.Icons.CLOUD_OFF,
    State.ERROR: ft.Icons.ERROR_OUTLINE,
    State.REVOKED: ft.Icons.BLOCK,
    State.NOT_ENROLLED: ft.Icons.LINK_OFF,
}
# Which field an enrolment error belongs to, by the way the volunteer enrolled.
_CODE_ERRORS = {"invalid_code", "code_used", "code_expired"}


class SyncScreen(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = self.t("sync_title")
        self.mode = QR
        self.state_icon = ft.Icon(ft.Icons.SYNC, size=32, color=ft.Colors.PRIMARY)
        self.state_text = ft.Text("", size=20, weight=ft.FontWeight.BOLD, expand=True)
        self.details = ft.Column(spacing=6)
        self.problem = ft.Text("", size=BODY_SIZE, color=ft.Colors.ERROR, visible=False)
        self.clock = ft.Text("", size=BODY_SIZE, color=ft.Colors.ERROR, visible=False)
        self.set_aside = ft.Column(spacing=8, visible=False)
        self.sync_button = ft.FilledButton(
            self.t("sync_now"),
            icon=ft.Icons.SYNC,
            on_click=self.sync_now,
            height=56,
            style=ft.ButtonStyle(text_style=ft.TextStyle(size=18, weight=ft.FontWeight.W_600)),
        )
        # Why the button is as it is: never disabled without saying why.
        self.button_note = ft.Semantics(
            content=ft.Text("", size=15), live_region=True, visible=False
        )
        self.auto_note = muted(self.t("sync_auto"))
        self._build_enrol_form()
        self.root = ft.ListView(
            [
                ft.Row([self.state_icon, self.state_text], spacing=12),
                self.details,
                self.problem,
                self.clock,
                self.set_aside,
                self.sync_button,
                self.button_note,
                self.auto_note,
                self.enrol_form,
            ],
            expand=True,
            spacing=12,
            padding=PAD,
        )
        self.show(host.sync_status)

    def _build_enrol_form(self) -> None:
        state = sync_state.get(self.host.store)
        self.device_name = ft.TextField(
            label=self.t("enrol_device_name"),
            hint_text=self.t("enrol_device_name_hint"),
            value=state.device_name,
            max_length=80,
        )
        self.mode_picker = ft.SegmentedButton(
            segments=[
                ft.Segment(value=QR, label=self.t("enrol_with_qr"), icon=ft.Icon(ft.Icons.QR_CODE)),
                ft.Segment(
                    value=CODE, label=self.t("enrol_with_code"), icon=ft.Icon(ft.Icons.KEYBOARD)
                ),
            ],
            selected=[QR],
            on_change=self.on_mode,
        )
        self.qr_text = ft.TextField(
            label=self.t("enrol_qr_text"),
            hint_text=self.t("enrol_qr_hint"),
            multiline=True,
            min_lines=2,
            max_lines=4,
        )
        # Reading a picture needs zxing-cpp; a build without it offers pasting and typing only.
        self.pick_button = ft.OutlinedButton(
            self.t("enrol_pick_qr"),
            icon=ft.Icons.IMAGE_SEARCH,
            on_click=self.pick_qr_image,
            visible=qr.can_read(),
        )
        self.code = ft.TextField(
            label=self.t("enrol_code"),
            hint_text=self.t("enrol_code_hint"),
            capitalization=ft.TextCapitalization.CHARACTERS,
        )
        self.server = ft.TextField(
            label=self.t("enrol_server"),
            hint_text=self.t("enrol_server_hint"),
            value=state.server_url,
            keyboard_type=ft.KeyboardType.URL,
        )
        self.enrol_button = ft.FilledButton(
            self.t("enrol_submit"), icon=ft.Icons.HOW_TO_REG, on_click=self.enrol
        )
        self.working = ft.Row(
            [ft.ProgressRing(width=20, height=20), muted(self.t("enrol_working"))], visible=False
        )
        self.general_error = error_line()
        self.errors = FieldErrors(
            {
                "device_name": self.device_name,
                "qr": self.qr_text,
                "qr_image": self.qr_text,
                "code": self.code,
                "server": self.server,
            },
            self.general_error,
            self.host.language,
        )
        self.help = ft.Text("", size=BODY_SIZE)
        self.by_qr = ft.Column(
            [self.qr_text, ft.Row([self.pick_button])],
            spacing=8,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.by_code = ft.Column(
            [self.code, self.server],
            spacing=8,
            visible=False,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.enrol_form = ft.Column(
            [
                ft.Divider(),
                self.help,
                heading(self.t("enrol_title")),
                self.device_name,
                self.mode_picker,
                self.by_qr,
                self.by_code,
                self.general_error,
                self.working,
                self.enrol_button,
            ],
            spacing=10,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )

    # -- showing the state -----------------------------------------------------------------

    def sync_changed(self, status: SyncStatus) -> None:
        self.show(status)

    def refresh(self) -> None:
        self.show(self.host.sync_status)

    def show(self, status: SyncStatus) -> None:
        enrolled = status.state not in (State.NOT_ENROLLED, State.REVOKED)
        self.state_icon.icon = _STATE_ICONS.get(status.state, ft.Icons.SYNC)
        self.state_icon.color = (
            ft.Colors.ERROR if status.state in (State.ERROR, State.REVOKED) else ft.Colors.PRIMARY
        )
        self.state_text.value = self._state_words(status)
        # The runner counts what waits when it syncs; between syncs, sessions recorded since wait too.
        lines = [self.t("sync_pending", count=sync_state.pending_records(self.host.store))]
        if status.state != State.NOT_ENROLLED:
            lines = [
                self.t("sync_team", name=status.team_name),
                self.t("sync_server", url=status.server_url),
                *lines,
                self.t("sync_last_success", when=show_datetime(status.last_success_at))
                if status.last_success_at
                else self.t("sync_last_success_never"),
            ]
        media = status.media
        if enrolled and media.files_total:
            lines.append(
                self.t(
                    "sync_media",
                    done=media.files_done,
                    total=media.files_total,
                    mb_done=self._mb(media.bytes_done),
                    mb_total=self._mb(media.bytes_total),
                )
            )
        self.details.controls = [ft.Text(line, size=BODY_SIZE) for line in lines]
        # The revoked device gets its own plain words; other errors as the sync said them.
        problem = status.state in (State.ERROR, State.OFFLINE) and status.last_error_message
        state = sync_state.get(self.host.store)
        # The clock's own words come below, in the screen's language.
        problem = problem and state.last_error_code != "clock_ahead"
        self.problem.value = (
            self.t("sync_last_error", message=status.last_error_message) if problem else ""
        )
        self.problem.visible = bool(problem)
        off = clock_repair.skew(self.host.store)
        self.clock.value = clock_repair.words(off, self.host.language) if enrolled else ""
        self.clock.visible = bool(self.clock.value)
        self._show_set_aside()
        self.sync_button.visible = self.auto_note.visible = enrolled
        self._show_button(status, enrolled)
        self.enrol_form.visible = not enrolled
        self.help.value = self.t(
            "sync_revoked_help" if status.state == State.REVOKED else "sync_not_enrolled_help"
        )

    def _show_button(self, status: SyncStatus, enrolled: bool) -> None:
        """Disabled only while a sync is at work, and then it says so; while a sync waits to
        retry, or the app waits to check the network again, it says until when and a tap
        tries at once."""
        syncing = status.state == State.SYNCING
        waiting = syncing and status.retry_at is not None
        self.sync_button.disabled = syncing and not waiting
        self.sync_button.content = self.t("sync_try_now" if waiting else "sync_now")
        now = utcnow()
        if waiting:
            note = self.t("sync_retry_wait", seconds=_seconds(status.retry_at - now))
        elif syncing:
            note = self.t("sync_busy")
        elif status.state == State.OFFLINE and status.next_attempt_at is not None:
            note = self.t("sync_next_probe", seconds=_seconds(status.next_attempt_at - now))
        else:
            note = ""
        self.button_note.content.value = note
        self.button_note.visible = enrolled and bool(note)

    def _show_set_aside(self) -> None:
        """The records the server did not accept: which, why, and a way to fix or discard each."""
        items = set_aside.items(self.host.store, self.host.language)
        self.set_aside.visible = bool(items)
        self.set_aside.controls = (
            [
                ft.Divider(),
                heading(self.t("sync_set_aside_title", count=len(items))),
                muted(self.t("sync_set_aside_help"), BODY_SIZE),
                *(self._set_aside_card(item) for item in items),
            ]
            if items
            else []
        )

    def _set_aside_card(self, item: set_aside.Item) -> ft.Control:
        buttons = [
            ft.OutlinedButton(
                self.t("sync_set_aside_discard"),
                icon=ft.Icons.DELETE_OUTLINE,
                on_click=partial(self.ask_discard, item),
            )
        ]
        if item.can_fix:
            buttons.insert(
                0,
                ft.FilledButton(
                    self.t("sync_set_aside_fix"),
                    icon=ft.Icons.EDIT,
                    on_click=partial(self.fix, item),
                ),
            )
        return ft.Card(
            ft.Container(
                ft.Column(
                    [
                        ft.Text(item.what, size=BODY_SIZE, weight=ft.FontWeight.W_600),
                        ft.Text(item.why, size=BODY_SIZE),
                        ft.Row(buttons, wrap=True, spacing=8),
                    ],
                    spacing=6,
                ),
                padding=12,
            )
        )

    def fix(self, item: set_aside.Item) -> None:
        """Open the record's own form: saving it queues the fixed version in its place."""
        from views.household_edit import HouseholdEditScreen
        from views.session import SessionScreen

        if item.record_type == "help_session":
            self.host.open(SessionScreen(self.host, session_id=item.record_id))
        else:
            self.host.open(HouseholdEditScreen(self.host, item.record_id))

    def ask_discard(self, item: set_aside.Item) -> None:
        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(self.t("sync_discard_title")),
            content=ft.Text(
                self.t(
                    "sync_discard_household"
                    if item.record_type == "household"
                    else "sync_discard_record"
                ),
                size=BODY_SIZE,
            ),
            actions=[
                ft.TextButton(self.t("sync_discard_no"), on_click=lambda: self._close(dialog)),
                ft.FilledButton(
                    self.t("sync_discard_yes"), on_click=lambda: self.discard(item, dialog)
                ),
            ],
        )
        self.host.show_dialog(dialog)

    def discard(self, item: set_aside.Item, dialog: ft.AlertDialog | None = None) -> None:
        set_aside.discard(self.host.store, item.id)
        if dialog is not None:
            self._close(dialog)
        self.host.notify(self.t("sync_discarded"))
        self.refresh()

    @staticmethod
    def _close(dialog: ft.AlertDialog) -> None:
        dialog.open = False

    def _mb(self, size: int) -> str:
        shown = f"{size / MB:.1f}"
        return shown if self.host.language == "en" else shown.replace(".", ",")

    def _state_words(self, status: SyncStatus) -> str:
        if status.state == State.SYNCING:
            known = status.phase in ("push", "pull", "media")
            return self.t(f"sync_state_syncing_{status.phase}" if known else "sync_state_syncing")
        if status.state == State.IDLE and status.last_success_at is None:
            return self.t("sync_state_never")
        return self.t(f"sync_state_{status.state}")

    # -- handlers --------------------------------------------------------------------------

    def sync_now(self) -> None:
        """The runner syncs in its thread; its reports redraw this screen."""
        self.host.sync.sync_now()
        self.sync_button.disabled = True
        self.state_text.value = self.t("sync_state_syncing")
        self.button_note.content.value = self.t("sync_busy")
        self.button_note.visible = True

    def on_mode(self) -> None:
        self.mode = self.mode_picker.selected[0] if self.mode_picker.selected else QR
        self.by_qr.visible = self.mode == QR
        self.by_code.visible = self.mode == CODE
        self.errors.clear()

    async def pick_qr_image(self) -> None:
        files = await ft.FilePicker().pick_files(
            dialog_title=self.t("enrol_pick_qr"),
            file_type=ft.FilePickerFileType.IMAGE,
            with_data=True,
        )
        if not files:
            return
        chosen = files[0]
        data = (
            chosen.bytes
            if chosen.bytes is not None
            else Path(chosen.path).read_bytes()
            if chosen.path
            else None
        )
        if data is not None:
            self.read_qr_image(data)

    def read_qr_image(self, data: bytes) -> None:
        """Put what the picture's QR says in the QR field, ready to enrol."""
        self.errors.clear()
        try:
            self.qr_text.value = qr.read(data)
        except ValidationError as error:
            self.errors.show(error)
            return
        self.host.notify(self.t("enrol_qr_read"))

    async def enrol(self) -> None:
        self.errors.clear()
        name = self.device_name.value or ""
        if self.mode == QR:
            how = {"qr_text": (self.qr_text.value or "").strip()}
        else:
            how = {
                "code": (self.code.value or "").strip(),
                "server_url": (self.server.value or "").strip(),
            }
        self._working(True)
        self.host.show_now()
        try:
            await self._enrol(name, how)
        finally:
            self._working(False)
            self.host.show_now()  # once a handler has sent an update, Flet sends none at its end

    async def _enrol(self, name: str, how: dict[str, str]) -> None:
        try:  # the network: off the page's loop
            enrolment = await asyncio.to_thread(self.host.sync.enrol, name, **how)
        except EnrolmentFailed as error:
            if error.code == "network":  # no answer: the form says to check the connection
                self.errors.show(ValidationError("", "enrol_network"))
                return
            self.errors.show_on(self._placed(error), error)
            return
        self.host.notify(self.t("enrol_done", team=enrolment.team_name))
        self.host.sync.sync_now()
        self.show(self.host.sync.status())

    def _working(self, working: bool) -> None:
        self.working.visible = working
        self.enrol_button.disabled = working

    def _placed(self, error: EnrolmentFailed) -> str:
        """The field the enrolment error is about ("" for none)."""
        if error.code.startswith("device_name"):
            field = "device_name"
        elif self.mode == QR and (
            error.code == "invalid_qr"
            or error.code in _CODE_ERRORS
            or error.code == "invalid_server"
        ):
            field = "qr"
        elif error.code in _CODE_ERRORS:
            field = "code"
        elif error.code == "invalid_server":
            field = "server"
        else:
            field = ""
        return field


def _seconds(left: timedelta) -> int:
    return max(1, round(left.total_seconds()))
