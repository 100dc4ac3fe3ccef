"""A drawn phone screen: the schematic of the screen a household meets at a step, drawn from the
guide's data (`[steps.screen]`: whose screen, its title bar, its rows or buttons from top to
bottom, the one to press), never a copied screenshot.

A phone outline; inside it the app's name in the status line, the title bar (a web address in
an address bar), and the items as rounded rows top to bottom. The item to press is filled in
the accent red with white bold words, ringed by a thick black outline, and a black arrow from
outside the phone points at it: in greyscale the red reads as dark grey against the white rows,
so a black-and-white print still shows which one it is. The menu button ☰ sits in the title
bar's corner, as on a phone's web page. Drawn for any width; the infographic and the video use
the same drawing at their own sizes."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from content.catalog import Screen
from content.drawing import (
    ACCENT,
    INK,
    MENU,
    MUTED,
    RULE,
    WHITE,
    draw_lines,
    font,
    line_height,
    menu_icon,
    text_length,
    wrap,
)

DESIGN_WIDTH = 440  # the phone's width the sizes below are drawn for; others scale
SCREEN_FILL = (246, 246, 246)
BAR_FILL = (232, 232, 232)
_MAX_ITEM_LINES = 3


@dataclass(frozen=True)
class _Sizes:
    """Every length of the drawing at one scale (pixels)."""

    scale: float

    def __call__(self, length: float) -> int:
        return max(1, round(length * self.scale))


def arrow_room(width: int) -> int:
    """How far right of the phone the arrow reaches, for a phone `width` wide."""
    return _Sizes(width / DESIGN_WIDTH)(96)


def overflow(screen: Screen) -> str:
    """What of the screen does not fit its drawing ('' when all of it does): a title longer
    than two lines or an item longer than three, which the drawing would cut."""
    title_face, item_face = font(30, bold=True), font(28, bold=True)
    inner = DESIGN_WIDTH - 2 * 14 - 2 * 22
    title_room = (
        inner - (64 if MENU in screen.items else 0) - (24 if _is_address(screen.title) else 0)
    )
    if len(wrap(screen.title, title_face, title_room)) > 2:
        return f"the title {screen.title!r} is longer than two lines"
    for item in screen.items:
        if len(wrap(item, item_face, inner - 2 * 22)) > _MAX_ITEM_LINES:
            return f"the item {item!r} is longer than {_MAX_ITEM_LINES} lines"
    return ""


def render_phone(
    screen: Screen, width: int = DESIGN_WIDTH, height: int | None = None, min_height: int = 0
) -> Image.Image:
    """The screen drawn as a phone `width` pixels wide, with room on the right for the arrow
    (`arrow_room`); `height` fixes the phone's height (the rows stay at the top, as on a
    screen), otherwise it is as tall as its rows need, at least `min_height`."""
    px = _Sizes(width / DESIGN_WIDTH)
    bezel, top_bezel, pad, gap = px(14), px(30), px(22), px(16)
    inner = width - 2 * bezel
    status_face, title_face, item_face = font(px(20)), font(px(30), bold=True), font(px(28))
    pressed_face = font(px(28), bold=True)
    items = [i for i in screen.items if i != MENU]
    menu = MENU in screen.items
    address = _is_address(screen.title)

    title_room = inner - 2 * pad - (px(64) if menu else 0) - (px(24) if address else 0)
    title_lines = wrap(screen.title, title_face, title_room)[:2]
    row_width = inner - 2 * pad
    rows = [
        (
            item,
            wrap(item, pressed_face if item == screen.press else item_face, row_width - 2 * pad)[
                :_MAX_ITEM_LINES
            ],
        )
        for item in items
    ]
    status_h = line_height(status_face) + px(16)
    title_h = len(title_lines) * line_height(title_face) + 2 * px(18)
    row_heights = [len(lines) * line_height(item_face) + 2 * px(18) for _, lines in rows]
    content = top_bezel + status_h + title_h + pad + sum(row_heights) + gap * len(rows) + px(70)
    phone_h = height if height is not None else max(content, min_height)

    image = Image.new("RGB", (width + arrow_room(width), phone_h), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, width - 1, phone_h - 1), radius=px(48), fill=INK)
    screen_box = (bezel, top_bezel, width - 1 - bezel, phone_h - 1 - bezel)
    draw.rounded_rectangle(screen_box, radius=px(32), fill=SCREEN_FILL)
    # The camera, in the top edge.
    draw.ellipse((width // 2 - px(6), px(9), width // 2 + px(6), px(21)), fill=MUTED)

    # The status line: whose screen this is.
    y = top_bezel + px(8)
    app_line = wrap(screen.app, status_face, inner - 2 * pad)[:1]
    draw_lines(draw, bezel + pad, y, app_line, status_face, MUTED)
    y = top_bezel + status_h

    # The title bar.
    draw.rectangle((bezel, y, width - 1 - bezel, y + title_h), fill=BAR_FILL)
    draw.line((bezel, y + title_h, width - 1 - bezel, y + title_h), fill=RULE, width=px(2))
    text_x = bezel + pad
    if address:
        draw.rounded_rectangle(
            (
                bezel + px(12),
                y + px(10),
                width - 1 - bezel - px(12) - (px(64) if menu else 0),
                y + title_h - px(10),
            ),
            radius=px(20),
            fill=WHITE,
            outline=RULE,
            width=px(2),
        )
        text_x += px(24)
    draw_lines(draw, text_x, y + px(18), title_lines, title_face, INK)
    if menu:
        _menu_button(
            draw,
            px,
            (width - 1 - bezel - pad - px(48), y + (title_h - px(48)) // 2),
            pressed=screen.press == MENU,
        )
    y += title_h + pad

    # The rows, top to bottom; the one to press marked.
    for (item, lines), row_h in zip(rows, row_heights, strict=True):
        box = (bezel + pad, y, width - 1 - bezel - pad, y + row_h)
        if item == screen.press:
            ring = px(9)
            draw.rounded_rectangle(
                (box[0] - ring, box[1] - ring, box[2] + ring, box[3] + ring),
                radius=px(26),
                outline=INK,
                width=px(6),
            )
            draw.rounded_rectangle(box, radius=px(18), fill=ACCENT)
            draw_lines(
                draw,
                box[0] + pad,
                y + px(18),
                lines,
                pressed_face,
                WHITE,
                spacing=line_height(item_face),
            )
            _arrow(draw, px, tip=(box[2] + ring + px(4), (box[1] + box[3]) // 2), width=width)
        else:
            draw.rounded_rectangle(box, radius=px(18), fill=WHITE, outline=RULE, width=px(2))
            draw_lines(draw, box[0] + pad, y + px(18), lines, item_face, INK)
        y += row_h + gap

    # The home bar at the bottom of the screen.
    draw.rounded_rectangle(
        (
            width // 2 - px(60),
            phone_h - bezel - px(22),
            width // 2 + px(60),
            phone_h - bezel - px(14),
        ),
        radius=px(4),
        fill=MUTED,
    )
    return image


def _is_address(title: str) -> bool:
    """A title such as dichvucong.gov.vn: what a browser's address bar shows."""
    return " " not in title and "." in title.strip(".")


def _menu_button(
    draw: ImageDraw.ImageDraw, px: _Sizes, corner: tuple[int, int], pressed: bool
) -> None:
    x, y = corner
    side = px(48)
    face = font(px(34), bold=True)
    if pressed:
        ring = px(8)
        draw.rounded_rectangle(
            (x - ring, y - ring, x + side + ring, y + side + ring),
            radius=px(16),
            outline=INK,
            width=px(6),
        )
    draw.rounded_rectangle(
        (x, y, x + side, y + side),
        radius=px(10),
        fill=ACCENT if pressed else WHITE,
        outline=None if pressed else RULE,
        width=px(2),
    )
    icon_w = text_length(face, MENU)
    _, top, _, bottom = face.getbbox("M")
    menu_icon(
        draw,
        x + (side - icon_w) / 2,
        y + (side - (bottom + top)) / 2,
        face,
        WHITE if pressed else INK,
    )
    if pressed:  # the arrow comes from the right, outside the phone, along the title bar
        _arrow(
            draw, px, tip=(x + side + px(12), y + side // 2), width=round(px.scale * DESIGN_WIDTH)
        )


def _arrow(draw: ImageDraw.ImageDraw, px: _Sizes, tip: tuple[int, int], width: int) -> None:
    """A thick black arrow pointing left at `tip`, its tail beyond the phone's right edge,
    edged in white so it stands out over the dark bezel."""
    x, y = tip
    tail = width + arrow_room(width) - px(6)
    head, shaft = px(40), px(13)
    points = [
        (x, y),
        (x + head, y - head),
        (x + head, y - shaft),
        (tail, y - shaft),
        (tail, y + shaft),
        (x + head, y + shaft),
        (x + head, y + head),
    ]
    draw.polygon(points, fill=INK, outline=WHITE, width=px(4))
