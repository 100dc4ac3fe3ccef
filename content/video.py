"""The video of a guide: an H.264 MP4 (silent) that walks through the steps slide by slide with
large captions, ending on the guide's QR. Static slides at a low frame rate keep it to a few
hundred KB. A province may publish recorded screen videos instead; nothing outside this build
assumes anything about how an MP4 was made."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from content.catalog import GuideSource
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
from content.qr import qr_image
from wire import messages

WIDTH, HEIGHT = 720, 1280  # portrait: how a phone is held
FPS = 2
MARGIN = 48


def slide_seconds(text: str) -> int:
    """Time to read a caption aloud slowly: 4 s at least, about 2.5 words a second, 12 s at most."""
    return max(4, min(12, round(2 + len(text.split()) / 2.5)))


def slides(guide: GuideSource, url: str, category_name: str) -> list[tuple[Image.Image, int]]:
    """Every slide with how many seconds it stays on screen."""
    shown = [(_title_slide(guide, category_name), 5)]
    total = len(guide.steps)
    for number, step in enumerate(guide.steps, start=1):
        shown.append((_step_slide(guide, number, total, step.text), slide_seconds(step.text)))
    shown.append((_end_slide(url), 6))
    return shown


def render_video(guide: GuideSource, url: str, category_name: str) -> bytes:
    """The MP4 file's bytes: H.264 main profile, yuv420p, moov atom first (plays while loading),
    one keyframe at the start of each slide so seeking lands on a slide."""
    import av  # the `content` extra; the app and the server never encode video

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "guide.mp4"
        options = {"movflags": "+faststart", "fflags": "+bitexact"}
        with av.open(str(path), mode="w", format="mp4", options=options) as container:
            stream = container.add_stream("libx264", rate=FPS)
            stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
            stream.codec_context.thread_count = 1  # one thread: the same input gives the same bytes
            stream.options = {
                "profile": "main", "preset": "medium", "tune": "stillimage", "crf": "28",
                "x264-params": f"keyint={FPS * 12}:min-keyint=1:scenecut=40",
            }
            index = 0
            for image, seconds in slides(guide, url, category_name):
                for repeat in range(seconds * FPS):
                    frame = av.VideoFrame.from_image(image)
                    frame.pts = index
                    if repeat == 0:
                        frame.pict_type = av.video.frame.PictureType.I
                    container.mux(stream.encode(frame))
                    index += 1
            container.mux(stream.encode(None))
        return path.read_bytes()


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
    body = block_height(title, title_face) + 40 + block_height(summary, summary_face) + 40 + line_height(font(34, bold=True))
    y = top + max(40, (HEIGHT - top - body) // 2)
    y = draw_lines(draw, MARGIN, y, title, title_face, INK)
    y = draw_lines(draw, MARGIN, y + 40, summary, summary_face, MUTED)
    draw.text((MARGIN, y + 40), count, font=font(34, bold=True), fill=ACCENT)
    return image


def _step_slide(guide: GuideSource, number: int, total: int, text: str) -> Image.Image:
    image, draw = _canvas()
    top = _band(draw, guide.title)
    diameter = 140
    face = font(46)
    lines = wrap(text, face, WIDTH - 2 * MARGIN)
    body = diameter + 48 + block_height(lines, face)
    y = top + max(48, (HEIGHT - top - 120 - body) // 2)
    centre = WIDTH // 2
    draw.ellipse((centre - diameter // 2, y, centre + diameter // 2, y + diameter), fill=ACCENT)
    draw.text((centre, y + diameter // 2), str(number), font=font(76, bold=True), fill=WHITE, anchor="mm")
    draw_lines(draw, MARGIN, y + diameter + 48, lines, face, INK)
    draw.line((MARGIN, HEIGHT - 110, WIDTH - MARGIN, HEIGHT - 110), fill=RULE, width=3)
    step = messages.text("video_step", number=number, total=total)
    draw.text((centre, HEIGHT - 62), step, font=font(32, bold=True), fill=MUTED, anchor="mm")
    return image


def _end_slide(url: str) -> Image.Image:
    image, draw = _canvas()
    top = _band(draw, messages.text("video_end_band"))
    code = qr_image(url, 12).convert("RGB")
    y = top + (HEIGHT - top - code.height - 220) // 2
    image.paste(code, ((WIDTH - code.width) // 2, y))
    y += code.height + 24
    for line in wrap(messages.text("video_end_scan"), font(34), WIDTH - 2 * MARGIN):
        draw.text((WIDTH // 2, y), line, font=font(34), fill=INK, anchor="ma")
        y += line_height(font(34))
    draw.text((WIDTH // 2, y + 16), url.split("://", 1)[-1], font=font(30, bold=True), fill=ACCENT, anchor="ma")
    return image
