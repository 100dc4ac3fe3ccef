"""The typeface every rendered file uses: Noto Sans (SIL Open Font License, content/fonts/OFL.txt),
chosen for its full coverage of Vietnamese letters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from content.catalog import CONTENT_DIR, ContentError

FONTS_DIR = CONTENT_DIR / "fonts"
REGULAR = FONTS_DIR / "NotoSans-Regular.ttf"
BOLD = FONTS_DIR / "NotoSans-Bold.ttf"

_BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_LETTERS = _BASE + _TONED + (_BASE + _TONED).upper() + "fjwzFJWZ"


def missing_letters(font_path: Path) -> str:
    """The Vietnamese letters the font has no glyph for ('' when it covers them all)."""
    from fontTools.ttLib import TTFont  # fontTools comes with fpdf2

    with TTFont(font_path, lazy=True) as font:
        cmap = font.getBestCmap()
    return "".join(ch for ch in VIETNAMESE_LETTERS if ord(ch) not in cmap)


@cache
def font_letters() -> frozenset[int]:
    """The code points both bundled fonts have a glyph for."""
    from fontTools.ttLib import TTFont

    found = []
    for path in (REGULAR, BOLD):
        with TTFont(path, lazy=True) as font:
            found.append(set(font.getBestCmap()))
    return frozenset(found[0] & found[1])


def check_fonts(paths: tuple[Path, ...] = (REGULAR, BOLD)) -> None:
    """Fail loudly when a font file is missing or lacks a Vietnamese letter."""
    for path in paths:
        if not path.is_file():
            raise ContentError("content_font_missing", path=path)
        missing = missing_letters(path)
        if missing:
            raise ContentError("content_font_glyphs", file=path.name, missing=repr(missing))
