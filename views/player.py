"""A guide's video as an older hand and a screen reader can play it: a large play button in the
middle of the picture, the picture itself plays or pauses at a tap, and under it buttons with
their words (play or pause, back ten seconds, from the start) well away from the screen's
edge. flet-video's own controls (a 44-pixel ▶ at the bottom edge, with no names) are
replaced by these (Video.controls takes a Flet control drawn over the picture)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
import flet_video as ftv

BIG_BUTTON = 96  # the play button's target, in logical pixels
BACK_SECONDS = 10


class VideoPlayer:
    """`root` goes on the screen; `video` is the flet-video control; `playing` what the player
    was last told to do. `t` gives the screen's words; `on_error` is called when the client
    cannot play the file; `on_position`, when given, hears where the video is (captions)."""

    def __init__(
        self,
        source: str,
        title: str,
        height: float,
        t: Callable[..., str],
        on_error: Callable[[], None],
        on_position: Callable[[ft.Event], None] | None = None,
    ) -> None:
        self.t = t
        self.playing = False
        self.ended = False
        self.on_error = on_error
        self._big_icon = ft.Icon(ft.Icons.PLAY_ARROW_ROUNDED, size=64, color=ft.Colors.WHITE)
        self.big_button = ft.Semantics(
            content=ft.Semantics(
                content=ft.Container(
                    self._big_icon,
                    width=BIG_BUTTON,
                    height=BIG_BUTTON,
                    border_radius=BIG_BUTTON / 2,
                    bgcolor=ft.Colors.with_opacity(0.65, ft.Colors.BLACK),
                    alignment=ft.Alignment.CENTER,
                    on_click=self.toggle,
                ),
                exclude_semantics=True,
            ),
            button=True,
            container=True,
            on_tap=self.toggle,
        )
        # The whole picture is a tap target for a finger. The Stack stretches it over the
        # picture (an empty Container in a Stack is otherwise drawn 0 px wide), painted, though
        # with nothing, so a tap on it is its own. It is a named button for the accessibility
        # tree too: the web client hands a tap over the picture to the tree, not the canvas.
        picture = ft.Semantics(
            content=ft.Semantics(
                content=ft.Container(bgcolor=ft.Colors.TRANSPARENT, on_click=self.toggle),
                exclude_semantics=True,
            ),
            label=t("video_picture", title=title),
            button=True,
            container=True,
            on_tap=self.toggle,
        )
        # The button's centring box covers the whole picture: it lets taps through to it.
        centred = ft.TransparentPointer(
            ft.Container(self.big_button, alignment=ft.Alignment.CENTER)
        )
        overlay = ft.Stack([picture, centred], expand=True, fit=ft.StackFit.EXPAND)
        self.video = ftv.Video(
            playlist=[ftv.VideoMedia(source)],
            height=height,
            fit=ft.BoxFit.CONTAIN,
            autoplay=False,
            title=title,
            controls=overlay,
            on_complete=self.on_complete,
            on_error=self._failed,
            on_position_change=on_position,
        )
        self.play_button = ft.FilledTonalButton(on_click=self.toggle, height=52)
        self.back_button = ft.OutlinedButton(
            t("video_back", seconds=BACK_SECONDS),
            icon=ft.Icons.REPLAY_10,
            on_click=self.go_back,
            height=52,
        )
        self.restart_button = ft.OutlinedButton(
            t("video_restart"), icon=ft.Icons.REPLAY, on_click=self.restart, height=52
        )
        self.buttons = ft.Row(
            [self.play_button, self.back_button, self.restart_button],
            wrap=True,
            spacing=8,
            run_spacing=8,
        )
        self.root = ft.Column(
            [self.video, self.buttons],
            spacing=10,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self._render()

    def _render(self) -> None:
        key = "video_pause" if self.playing else "video_again" if self.ended else "video_play"
        words = self.t(key)
        self.big_button.label = words
        self.big_button.visible = not self.playing
        self._big_icon.icon = ft.Icons.REPLAY_ROUNDED if self.ended else ft.Icons.PLAY_ARROW_ROUNDED
        self.play_button.content = words
        self.play_button.icon = ft.Icons.PAUSE if self.playing else ft.Icons.PLAY_ARROW

    async def toggle(self) -> None:
        if self.playing:
            await self.video.pause()
        else:
            await self.video.play()
        self.playing, self.ended = not self.playing, False
        self._render()

    async def go_back(self) -> None:
        position = await self.video.get_current_position()
        at = position.in_milliseconds if isinstance(position, ft.Duration) else int(position or 0)
        await self.video.seek(ft.Duration(milliseconds=max(0, at - BACK_SECONDS * 1000)))

    async def restart(self) -> None:
        await self.video.seek(ft.Duration())
        await self.video.play()
        self.playing, self.ended = True, False
        self._render()

    def on_complete(self) -> None:
        if not self.playing:  # (the web client reports one as the file loads)
            return
        self.playing, self.ended = False, True
        self._render()

    def _failed(self) -> None:
        self.root.visible = False
        self.on_error()
