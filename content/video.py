"""The video of a guide: an H.264 MP4 with a narrated AAC track that walks through the steps
slide by slide, ending on the guide's QR. A step with a screen shows the drawn phone screen
under its words. Each step's slide stays exactly as long as its narration, with a short breath
before and after (rounded up to the next frame), so the picture turns when the voice moves on;
the title and the end slides are silent. Static slides at a low frame rate and a low-bitrate
mono voice keep it to a few hundred KB, light for 2G. A province may publish recorded screen
videos instead; nothing outside this build assumes anything about how an MP4 was made."""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw

from content.captions import Cue
from content.catalog import GuideSource, Screen
from content.drawing import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    WHITE,
    block_height,
    draw_lines,
    font,
    line_height,
    wrap,
)
from content.narration import SAMPLE_RATE, Narration
from content.phone import arrow_room, render_phone
from content.qr import guide_qr
from wire import messages

WIDTH, HEIGHT = 720, 1280  # portrait: how a phone is held
FPS = 2
MARGIN = 48
TITLE_SECONDS, END_SECONDS = 4, 6
LEAD_SECONDS, PAUSE_SECONDS = 0.3, 0.6  # silence before and after a step's narration
AUDIO_BITRATE = 24_000  # AAC-LC mono: a clear voice at 3 KB a second
AUDIO_FRAME = 1024  # samples in one AAC frame


@dataclass(frozen=True)
class Shown:
    """One slide: the picture, how long it stays (a whole number of frames), what is said over
    it and the caption of that time ('' for none)."""

    image: Image.Image
    frames: int
    narration: Narration | None = None
    caption: str = ""

    @property
    def seconds(self) -> float:
        return self.frames / FPS


def step_frames(narration: Narration) -> int:
    """Frames a step's slide is shown: its narration with the breath before and after."""
    return math.ceil((LEAD_SECONDS + narration.seconds + PAUSE_SECONDS) * FPS - 1e-9)


def slides(
    guide: GuideSource, url: str | None, category_name: str, narrations: list[Narration]
) -> list[Shown]:
    """Every slide, in order, with its time and narration; with no url (a demo build,
    address-free) no end slide with the QR code."""
    shown = [Shown(_title_slide(guide, category_name), TITLE_SECONDS * FPS)]
    total = len(guide.steps)
    for number, (step, detail, said) in enumerate(
        zip(guide.steps, guide.details, narrations, strict=True), start=1
    ):
        image = _step_slide(guide, number, total, step.text, detail.screen)
        shown.append(Shown(image, step_frames(said), said, step.text))
    if url is not None:
        shown.append(Shown(_end_slide(url), END_SECONDS * FPS))
    return shown


def cues(shown: list[Shown]) -> list[Cue]:
    """One caption cue a step, from its slide's start to its end (the narration within)."""
    found, at = [], 0.0
    for slide in shown:
        if slide.caption:
            found.append(Cue(at, at + slide.seconds, slide.caption))
        at += slide.seconds
    return found


def soundtrack(shown: list[Shown]) -> bytes:
    """The whole video's sound, 16-bit mono at SAMPLE_RATE: silence, and each step's
    narration a breath after its slide appears. Exactly as long as the slides."""
    parts = []
    for slide in shown:
        length = round(slide.seconds * SAMPLE_RATE) * 2
        if slide.narration is None:
            parts.append(bytes(length))
            continue
        lead = round(LEAD_SECONDS * SAMPLE_RATE) * 2
        said = slide.narration.samples
        parts.append(bytes(lead) + said + bytes(length - lead - len(said)))
    return b"".join(parts)


@dataclass(frozen=True)
class RenderedVideo:
    data: bytes  # the MP4 file
    cues: list[Cue]  # a caption cue a step
    seconds: float  # how long its slides last


def render_video(
    guide: GuideSource, url: str | None, category_name: str, narrations: list[Narration]
) -> RenderedVideo:
    """The MP4 file with its caption cues. H.264 main profile, yuv420p, one keyframe at
    the start of each slide so seeking lands on a slide; AAC-LC mono at AUDIO_BITRATE; the
    moov atom first, so it plays while it loads."""
    import av  # the `content` extra; the app and the server never encode video

    shown = slides(guide, url, category_name, narrations)
    sound = soundtrack(shown)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "guide.mp4"
        options = {"movflags": "+faststart", "fflags": "+bitexact"}
        with av.open(str(path), mode="w", format="mp4", options=options) as container:
            stream = container.add_stream("libx264", rate=FPS)
            stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
            stream.codec_context.thread_count = 1  # one thread: the same input gives the same bytes
            stream.options = {
                "profile": "main",
                "preset": "medium",
                "tune": "stillimage",
                "crf": "28",
                "x264-params": f"keyint={FPS * 30}:min-keyint=1:scenecut=40",
            }
            voice = container.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
            voice.bit_rate = AUDIO_BITRATE
            voice.codec_context.thread_count = 1
            voice.time_base = Fraction(1, SAMPLE_RATE)
            index, sample = 0, 0
            for slide in shown:
                for repeat in range(slide.frames):
                    frame = av.VideoFrame.from_image(slide.image)
                    frame.pts = index
                    if repeat == 0:
                        frame.pict_type = av.video.frame.PictureType.I
                    container.mux(stream.encode(frame))
                    index += 1
                end = sample + slide.frames * SAMPLE_RATE // FPS
                while sample < end:
                    count = min(AUDIO_FRAME, end - sample)
                    container.mux(voice.encode(_audio_frame(sound, sample, count)))
                    sample += count
            container.mux(stream.encode(None))
            container.mux(voice.encode(None))
        return RenderedVideo(path.read_bytes(), cues(shown), sum(s.seconds for s in shown))


def _audio_frame(sound: bytes, start: int, count: int):
    """`count` samples of the soundtrack from `start`, as the float frames AAC takes."""
    import av
    import numpy

    pcm = numpy.frombuffer(sound, dtype="<i2", count=count, offset=start * 2)
    frame = av.AudioFrame.from_ndarray(
        (pcm.astype(numpy.float32) / 32768).reshape(1, -1), format="fltp", layout="mono"
    )
    frame.sample_rate = SAMPLE_RATE
    frame.pts = start
    frame.time_base = Fraction(1, SAMPLE_RATE)
    return frame


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    return image, ImageDraw.Draw(image)


def _band(draw: ImageDraw.ImageDraw, text: str) -> int:
    face = font(26, bold=True)
    lines = wrap(text, face, WIDTH - 2 * MARGIN)[:2]
    height = block_height(lines, face) + 2 * 28
    draw.rectangle((0, 0, WIDTH, height), fill=ACCENT)
    draw_lines(draw, MARGIN, 28, lines, face, WHITE)
    return height


def _title_slide(guide: GuideSource, category_name: str) -> Image.Image:
    image, draw = _canvas()
    top = _band(draw, category_name.upper())
    title_face, summary_face = font(52, bold=True), font(34)
    title = wrap(guide.title, title_face, WIDTH - 2 * MARGIN)
    summary = wrap(guide.summary, summary_face, WIDTH - 2 * MARGIN)
    count = messages.text("video_steps", count=len(guide.steps))
    body = (
        block_height(title, title_face)
        + 40
        + block_height(summary, summary_face)
        + 40
        + line_height(font(34, bold=True))
    )
    y = top + max(40, (HEIGHT - top - body) // 2)
    y = draw_lines(draw, MARGIN, y, title, title_face, INK)
    y = draw_lines(draw, MARGIN, y + 40, summary, summary_face, MUTED)
    draw.text((MARGIN, y + 40), count, font=font(34, bold=True), fill=ACCENT)
    return image


def _step_slide(
    guide: GuideSource, number: int, total: int, text: str, screen: Screen | None = None
) -> Image.Image:
    if screen is not None:
        return _screen_slide(guide, number, total, text, screen)
    image, draw = _canvas()
    top = _band(draw, guide.title)
    diameter = 140
    face = font(46)
    lines = wrap(text, face, WIDTH - 2 * MARGIN)
    body = diameter + 48 + block_height(lines, face)
    y = top + max(48, (HEIGHT - top - 120 - body) // 2)
    centre = WIDTH // 2
    draw.ellipse((centre - diameter // 2, y, centre + diameter // 2, y + diameter), fill=ACCENT)
    draw.text(
        (centre, y + diameter // 2), str(number), font=font(76, bold=True), fill=WHITE, anchor="mm"
    )
    draw_lines(draw, MARGIN, y + diameter + 48, lines, face, INK)
    _step_footer(draw, number, total)
    return image


def _screen_slide(
    guide: GuideSource, number: int, total: int, text: str, screen: Screen
) -> Image.Image:
    """A step with the screen it shows: the number and words on top, the drawn phone below
    with the button to press marked."""
    image, draw = _canvas()
    top = _band(draw, guide.title)
    diameter, gap = 96, 24
    face = font(40)
    text_x = MARGIN + diameter + gap
    lines = wrap(text, face, WIDTH - MARGIN - text_x)
    y = top + 36
    draw.ellipse((MARGIN, y, MARGIN + diameter, y + diameter), fill=ACCENT)
    draw.text(
        (MARGIN + diameter // 2, y + diameter // 2),
        str(number),
        font=font(54, bold=True),
        fill=WHITE,
        anchor="mm",
    )
    bottom = max(draw_lines(draw, text_x, y + 4, lines, face, INK), y + diameter)
    room_top, room_bottom = bottom + 36, HEIGHT - 140
    phone, phone_width = _phone_in(screen, room_bottom - room_top)
    image.paste(phone, ((WIDTH - phone_width) // 2, room_top))
    _step_footer(draw, number, total)
    return image


def _phone_in(screen: Screen, height: int) -> tuple[Image.Image, int]:
    """The drawn phone as large as fits `height` (at most 460 wide, a phone's proportions),
    shrunk when its rows need more room than that; and the phone's own width (the drawing is
    wider by the arrow's room)."""
    width = min(460, round(height * 0.72), WIDTH - 2 * MARGIN - arrow_room(460))
    while True:
        needed = render_phone(screen, width).height
        if needed <= height or width <= 240:
            return render_phone(screen, width, height=height), width
        width = max(240, math.floor(width * height / needed))


def _step_footer(draw: ImageDraw.ImageDraw, number: int, total: int) -> None:
    draw.line((MARGIN, HEIGHT - 110, WIDTH - MARGIN, HEIGHT - 110), fill=RULE, width=3)
    draw.text(
        (WIDTH // 2, HEIGHT - 62),
        messages.text("video_step", number=number, total=total),
        font=font(32, bold=True),
        fill=MUTED,
        anchor="mm",
    )


def _end_slide(url: str) -> Image.Image:
    image, draw = _canvas()
    top = _band(draw, messages.text("video_end_band"))
    code = guide_qr(url, 12).convert("RGB")
    y = top + (HEIGHT - top - code.height - 220) // 2
    image.paste(code, ((WIDTH - code.width) // 2, y))
    y += code.height + 24
    for line in wrap(messages.text("video_end_scan"), font(34), WIDTH - 2 * MARGIN):
        draw.text((WIDTH // 2, y), line, font=font(34), fill=INK, anchor="ma")
        y += line_height(font(34))
    draw.text(
        (WIDTH // 2, y + 16),
        url.split("://", 1)[-1],
        font=font(30, bold=True),
        fill=ACCENT,
        anchor="ma",
    )
    return image
