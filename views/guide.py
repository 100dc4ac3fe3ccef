"""The guide viewer: the steps in large text, the video with its captions (the guide's WebVTT
track, one cue a step, shown by the player over the picture), the zoomable infographic, and the
way to the full-screen QR, to sharing it over the device's own Wi-Fi and to recording a
session."""

from __future__ import annotations

import flet as ft
import flet_video as ftv

from app.models import Guide
from app.services import guides, usage
from views.base import Screen
from views.host import Host
from views.media import media_source
from views.player import VideoPlayer
from views.qr import QrScreen
from views.session import SessionScreen
from views.share import ShareScreen
from views.widgets import BODY_SIZE, PAD, STEP_SIZE, heading, muted
from wire.clock import show_date

VIDEO_HEIGHT = 440  # the guides' videos are portrait (held like a phone); landscape ones fit too


class GuideScreen(Screen):
    def __init__(self, host: Host, code: str) -> None:
        super().__init__(host)
        self.code = code
        self.guide: Guide | None = guides.get(host.store, code)
        self.video: ftv.Video | None = None
        self.player: VideoPlayer | None = None
        self.cues: list[guides.Cue] = []
        self.caption = ft.Text("", size=STEP_SIZE, weight=ft.FontWeight.W_500)
        self.caption_box = ft.Container(
            self.caption,
            visible=False,
            padding=12,
            border_radius=8,
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        )
        self.video_fallback = ft.Container(
            muted(self.t("video_unplayable"), 16),
            visible=False,
            padding=12,
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
            border_radius=8,
        )
        if self.guide is None:
            self.title = self.t("nav_library")
            self.root = ft.Container(muted(self.t("guide_missing"), 16), padding=PAD)
            return
        usage.note_used(host.store, code)  # the media budget keeps the most used guides' videos
        self.title = self.t("nav_library")
        self.guide_title = self.pick(self.guide.title, self.guide.title_en)
        self.root = ft.ListView(self._content(self.guide), expand=True, spacing=12, padding=PAD)

    def _content(self, guide: Guide) -> list[ft.Control]:
        return [
            ft.Text(self.guide_title, size=24, weight=ft.FontWeight.BOLD),
            ft.Text(self.pick(guide.summary, guide.summary_en), size=BODY_SIZE),
            ft.Row(
                [
                    ft.FilledButton(
                        self.t("guide_show_qr"), icon=ft.Icons.QR_CODE_2, on_click=self.show_qr
                    ),
                    ft.OutlinedButton(
                        self.t("guide_record"),
                        icon=ft.Icons.EDIT_NOTE,
                        on_click=self.record_session,
                    ),
                    ft.OutlinedButton(
                        self.t("guide_share_wifi"),
                        icon=ft.Icons.WIFI_TETHERING,
                        on_click=self.share_over_wifi,
                    ),
                ],
                wrap=True,
                spacing=8,
                run_spacing=8,
            ),
            *self._video(guide),
            heading(self.t("guide_steps")),
            *(self._step(number, step) for number, step in enumerate(guide.steps, start=1)),
            *self._infographic(guide),
            muted(self.t("guide_updated", date=show_date(guide.updated_on), version=guide.version)),
            muted(self.t("guide_source", source=self.pick(guide.source, guide.source_en))),
            *self._local_note(guide),
        ]

    def _local_note(self, guide: Guide) -> list[ft.Control]:
        if not guide.varies_by_province:
            return []
        note = self.pick(guide.varies_by_province, guide.varies_by_province_en)
        return [ft.Text(self.t("guide_varies", text=note), size=15, color=ft.Colors.TERTIARY)]

    def _step(self, number: int, step: dict) -> ft.Control:
        badge = ft.Container(
            ft.Text(str(number), size=16, weight=ft.FontWeight.BOLD, color=ft.Colors.ON_PRIMARY),
            width=32,
            height=32,
            border_radius=16,
            bgcolor=ft.Colors.PRIMARY,
            alignment=ft.Alignment.CENTER,
        )
        text = self.pick(step.get("text", ""), step.get("text_en", ""))
        return ft.Row(
            [badge, ft.Text(text, size=STEP_SIZE, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
            spacing=12,
        )

    def _video(self, guide: Guide) -> list[ft.Control]:
        if not guide.video_sha256:
            return []
        source = media_source(self.host.store, guide.video_sha256, self.host.web)
        if source is None:
            return [heading(self.t("guide_video")), muted(self.t("media_not_on_device"), 16)]
        self.cues = guides.caption_cues(self.host.store, guide)
        self.player = VideoPlayer(
            source,
            self.guide_title,
            VIDEO_HEIGHT,
            self.t,
            self.on_video_error,
            on_position=self.on_position if self.cues else None,
        )
        self.video = self.player.video
        return [
            heading(self.t("guide_video")),
            self.player.root,
            self.caption_box,
            self.video_fallback,
        ]

    def on_position(self, event: ft.Event) -> None:
        """The player moved: show the caption of the step being said (none over the title
        and the end slides)."""
        position = event.data
        seconds = position.in_milliseconds / 1000 if isinstance(position, ft.Duration) else None
        if seconds is None:
            return
        self.show_caption_at(seconds)

    def show_caption_at(self, seconds: float) -> None:
        cue = next((c for c in self.cues if c.start <= seconds < c.end), None)
        text = cue.text if cue else ""
        if text != self.caption.value:
            self.caption.value = text
            self.caption_box.visible = bool(text)

    def on_video_error(self) -> None:
        """The client could not play the file (no codec, no libmpv): say so instead of a
        black box, and point to the QR, which opens the video on the household's phone."""
        if self.player is not None:
            self.player.root.visible = False
        self.caption_box.visible = False
        self.video_fallback.visible = True

    def _infographic(self, guide: Guide) -> list[ft.Control]:
        if not guide.infographic_sha256:
            return []
        source = media_source(self.host.store, guide.infographic_sha256, self.host.web)
        if source is None:
            return [heading(self.t("guide_infographic")), muted(self.t("media_not_on_device"), 16)]
        image = ft.Image(src=source, fit=ft.BoxFit.CONTAIN, semantics_label=self.guide_title)
        return [
            heading(self.t("guide_infographic")),
            muted(self.t("guide_zoom_hint")),
            ft.InteractiveViewer(image, min_scale=1, max_scale=5),
        ]

    def show_qr(self) -> None:
        self.host.open(QrScreen(self.host, self.code))

    def record_session(self) -> None:
        self.host.open(SessionScreen(self.host, guide_code=self.code))

    def share_over_wifi(self) -> None:
        self.host.open(ShareScreen(self.host, self.code))
