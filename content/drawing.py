"""Text layout shared by the infographic and the video slides: the bundled fonts, word wrapping
by measured width, and the palette (few colours, so PNGs stay small and print in grey well).
The one symbol the guides use that Noto Sans lacks, the menu button ☰, is drawn as three bars
wherever it stands in a line; any other letter the font lacks is refused by the build
(`missing_glyphs`), so no guide shows an empty box."""

from __future__ import annotations

import unicodedata
from functools import cache

from PIL import ImageDraw, ImageFont

from content.typeface import BOLD, REGULAR, font_letters

INK = (27, 27, 27)
MUTED = (85, 85, 85)
WHITE = (255, 255, 255)
ACCENT = (183, 28, 28)  # the red of the public page's header
NOTE_FILL = (255, 243, 205)
NOTE_EDGE = (224, 168, 0)
RULE = (220, 220, 220)

MENU = "☰"  # the three-bar menu button of a web page on a phone, drawn rather than typed
_MENU_STANDIN = "M"  # as wide as the bars are drawn


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def nfc(text: str) -> str:
    """Precomposed letters (every Vietnamese letter is then one glyph of the font) and curly
    quotes around button labels."""
    parts = unicodedata.normalize("NFC", text).split('"')
    quoted = "".join(part + ("“" if i % 2 == 0 else "”") for i, part in enumerate(parts[:-1]))
    return quoted + parts[-1]


def missing_glyphs(text: str) -> str:
    """The letters of `text` the bundled fonts cannot draw ('' when there are none)."""
    have = font_letters()
    return "".join(
        sorted({ch for ch in nfc(text) if not ch.isspace() and ch != MENU and ord(ch) not in have})
    )


def text_length(face: ImageFont.FreeTypeFont, text: str) -> float:
    return face.getlength(text.replace(MENU, _MENU_STANDIN))


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` pixels, broken between words (a word longer than a line,
    such as an address, is broken inside)."""
    lines: list[str] = []
    line = ""
    for word in nfc(text).split():
        candidate = f"{line} {word}" if line else word
        if text_length(face, candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_length(face, word) > width:
            cut = max(
                1, max(i for i in range(1, len(word) + 1) if text_length(face, word[:i]) <= width)
            )
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def line_height(face: ImageFont.FreeTypeFont) -> int:
    """Room for a line, with space above for stacked marks (Ấ, Ổ) and below for descenders."""
    ascent, descent = face.getmetrics()
    return int((ascent + descent) * 1.18)


def draw_lines(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    lines: list[str],
    face: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
    spacing: int | None = None,
) -> int:
    """Draw the lines from top-left (x, y); answers the y below the last line."""
    step = spacing or line_height(face)
    for line in lines:
        draw_text(draw, (x, y), line, face, fill)
        y += step
    return y


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    face: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
) -> None:
    """One line from its top-left corner, the menu symbol drawn as three bars."""
    x, y = xy
    parts = text.split(MENU)
    for i, part in enumerate(parts):
        if part:
            draw.text((x, y), part, font=face, fill=fill)
            x += face.getlength(part)
        if i < len(parts) - 1:
            menu_icon(draw, x, y, face, fill)
            x += face.getlength(_MENU_STANDIN)


def menu_icon(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    face: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
) -> None:
    """Three bars where a letter of `face` would stand at (x, y), as tall as a capital."""
    width = face.getlength(_MENU_STANDIN)
    _, top, _, bottom = face.getbbox(_MENU_STANDIN)
    bar = max(2, round((bottom - top) / 6))
    left, right = x + width * 0.12, x + width * 0.88
    for i in range(3):
        bar_top = y + top + i * (bottom - top - bar) / 2
        draw.rectangle((left, bar_top, right, bar_top + bar - 1), fill=fill)


def block_height(lines: list[str], face: ImageFont.FreeTypeFont) -> int:
    return len(lines) * line_height(face)
