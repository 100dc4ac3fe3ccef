"""Text layout shared by the infographic and the video slides: the bundled fonts, word wrapping
by measured width, and the palette (few colours, so PNGs stay small and print in grey well)."""

from __future__ import annotations

import unicodedata
from functools import cache

from PIL import ImageDraw, ImageFont

from content.typeface import BOLD, REGULAR

INK = (27, 27, 27)
MUTED = (85, 85, 85)
WHITE = (255, 255, 255)
ACCENT = (183, 28, 28)  # the red of the public page's header
NOTE_FILL = (255, 243, 205)
NOTE_EDGE = (224, 168, 0)
RULE = (220, 220, 220)


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


def nfc(text: str) -> str:
    """Precomposed letters (every Vietnamese letter is then one glyph of the font) and curly
    quotes around button labels."""
    parts = unicodedata.normalize("NFC", text).split('"')
    quoted = "".join(part + ("“" if i % 2 == 0 else "”") for i, part in enumerate(parts[:-1]))
    return quoted + parts[-1]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` pixels, broken between words (a word longer than a line,
    such as an address, is broken inside)."""
    lines: list[str] = []
    line = ""
    for word in nfc(text).split():
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while face.getlength(word) > width:
            cut = max(1, max(i for i in range(1, len(word) + 1) if face.getlength(word[:i]) <= width))
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


def draw_lines(draw: ImageDraw.ImageDraw, x: int, y: int, lines: list[str], face: ImageFont.FreeTypeFont,
               fill: tuple[int, int, int], spacing: int | None = None) -> int:
    """Draw the lines from top-left (x, y); answers the y below the last line."""
    step = spacing or line_height(face)
    for line in lines:
        draw.text((x, y), line, font=face, fill=fill)
        y += step
    return y


def block_height(lines: list[str], face: ImageFont.FreeTypeFont) -> int:
    return len(lines) * line_height(face)
