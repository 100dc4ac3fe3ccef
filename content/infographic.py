"""The infographic of a guide: one tall phone-width PNG with the title, numbered steps in large
type (a step with a screen has the drawn phone screen under its words, the button to press
marked), the note where steps vary by province, the source, and the guide's QR in the top
corner."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from content.catalog import GuideSource, Screen
from content.drawing import (
    ACCENT,
    INK,
    MUTED,
    NOTE_EDGE,
    NOTE_FILL,
    RULE,
    WHITE,
    block_height,
    draw_lines,
    font,
    wrap,
)
from content.phone import render_phone
from content.qr import can_decode, decoded_texts, guide_qr, legible_qr_images, opencv_texts
from wire import messages

WIDTH = 720
MARGIN = 32
QR_MODULE_PX = 5
PALETTE_COLOURS = 32  # enough for anti-aliased text in these few colours
PHONE_WIDTH = 400  # the drawn screens: items in 25 px type, 12-13 px on a phone held upright
_MAX_HEIGHT = 20000


def render_infographic(guide: GuideSource, url: str | None, category_name: str) -> Image.Image:
    """With no url (a demo build, address-free) no QR code and no address are drawn. With one,
    the code is drawn with the first mask that both decoders read where it stands, in the
    infographic as published: a mask both read alone may not be read by OpenCV in the red
    header of a tall page (`…/g/lua-dao`'s first). Where the decoders are not installed, the
    standard's mask; where no mask reads, the first, which the build's check then names."""
    if url is None:
        return _render(guide, None, category_name, None)
    if not can_decode():
        return _render(guide, url, category_name, guide_qr(url, QR_MODULE_PX))
    first = None
    for code in legible_qr_images(url, QR_MODULE_PX):
        image = _render(guide, url, category_name, code)
        published = Image.open(io.BytesIO(png_bytes(image)))
        if url in decoded_texts(published) and url in opencv_texts(published):
            return image
        first = first or image
    return first or _render(guide, url, category_name, guide_qr(url, QR_MODULE_PX))


def _render(
    guide: GuideSource, url: str | None, category_name: str, code: Image.Image | None
) -> Image.Image:
    canvas = Image.new("RGB", (WIDTH, _MAX_HEIGHT), WHITE)
    draw = ImageDraw.Draw(canvas)
    y = _header(canvas, draw, guide, url, category_name, code)
    y = _paragraph(draw, y + 24, guide.summary, font(26), MUTED)
    y += 12
    for number, (step, detail) in enumerate(zip(guide.steps, guide.details, strict=True), start=1):
        y = _step(canvas, draw, y, number, step.text, detail.screen)
    if guide.varies_by_province:
        y = _note(draw, y + 8, guide.varies_by_province)
    y = _footer(draw, y + 16, guide, url)
    return canvas.crop((0, 0, WIDTH, y + MARGIN))


def png_bytes(image: Image.Image) -> bytes:
    """A palette PNG: a few dozen colours, no dithering, so it stays small and deterministic."""
    small = image.quantize(
        colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _header(
    canvas: Image.Image,
    draw: ImageDraw.ImageDraw,
    guide: GuideSource,
    url: str | None,
    category_name: str,
    qr_code: Image.Image | None,
) -> int:
    code = Image.new("RGB", (0, 0)) if qr_code is None else qr_code.convert("RGB")
    caption_face = font(18, bold=True)
    caption = wrap(messages.text("infographic_scan"), caption_face, code.width - 8) if url else []
    text_width = WIDTH - 2 * MARGIN - (code.width + 20 if url else 0)
    category_face, title_face = font(22), font(36, bold=True)
    category_lines = wrap(category_name.upper(), category_face, text_width)
    title_lines = wrap(guide.title, title_face, text_width)
    text_height = (
        block_height(category_lines, category_face) + 8 + block_height(title_lines, title_face)
    )
    qr_height = code.height + block_height(caption, caption_face) + 6
    height = max(text_height, qr_height) + 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, height), fill=ACCENT)
    y = draw_lines(draw, MARGIN, MARGIN, category_lines, category_face, WHITE)
    draw_lines(draw, MARGIN, y + 8, title_lines, title_face, WHITE)
    if url is None:
        return height
    qr_x = WIDTH - MARGIN - code.width
    canvas.paste(code, (qr_x, MARGIN))
    for i, line in enumerate(caption):
        line_x = qr_x + (code.width - caption_face.getlength(line)) / 2
        draw.text((line_x, MARGIN + code.height + 6 + i * 24), line, font=caption_face, fill=WHITE)
    return height


def _paragraph(draw: ImageDraw.ImageDraw, y: int, text: str, face, fill) -> int:
    return draw_lines(draw, MARGIN, y, wrap(text, face, WIDTH - 2 * MARGIN), face, fill)


def _step(
    canvas: Image.Image,
    draw: ImageDraw.ImageDraw,
    y: int,
    number: int,
    text: str,
    screen: Screen | None,
) -> int:
    diameter, gap = 54, 20
    face = font(30)
    lines = wrap(text, face, WIDTH - 2 * MARGIN - diameter - gap)
    top = y + 18
    draw.ellipse((MARGIN, top, MARGIN + diameter, top + diameter), fill=ACCENT)
    label = str(number)
    number_face = font(30, bold=True)
    draw.text(
        (MARGIN + diameter / 2, top + diameter / 2),
        label,
        font=number_face,
        fill=WHITE,
        anchor="mm",
    )
    bottom = draw_lines(draw, MARGIN + diameter + gap, top + 2, lines, face, INK)
    bottom = max(bottom, top + diameter) + 18
    if screen is not None:
        phone = render_phone(screen, PHONE_WIDTH, min_height=round(PHONE_WIDTH * 1.05))
        canvas.paste(phone, (MARGIN + diameter + gap, bottom))
        bottom += phone.height + 24
    draw.line((MARGIN, bottom, WIDTH - MARGIN, bottom), fill=RULE, width=2)
    return bottom


def _note(draw: ImageDraw.ImageDraw, y: int, text: str) -> int:
    face = font(24)
    lines = wrap(messages.text("guide_note", note=text), face, WIDTH - 2 * MARGIN - 40)
    bottom = y + block_height(lines, face) + 28
    draw.rectangle((MARGIN, y + 12, WIDTH - MARGIN, bottom), fill=NOTE_FILL)
    draw.rectangle((MARGIN, y + 12, MARGIN + 6, bottom), fill=NOTE_EDGE)
    draw_lines(draw, MARGIN + 24, y + 24, lines, face, INK)
    return bottom


def _footer(draw: ImageDraw.ImageDraw, y: int, guide: GuideSource, url: str | None) -> int:
    if url is not None:
        again = messages.text("infographic_again", address=url.split("://", 1)[-1])
        y = _paragraph(draw, y, again, font(24, bold=True), INK) + 8
    y = _paragraph(draw, y, messages.text("guide_source", source=guide.source), font(20), MUTED)
    updated = messages.text(
        "infographic_updated", day=guide.updated.strftime("%d/%m/%Y"), version=guide.version
    )
    return _paragraph(draw, y + 4, updated, font(20), MUTED)
