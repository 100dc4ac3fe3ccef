"""The bundled font covers every Vietnamese letter and ships with its licence."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from content.catalog import ContentError
from content.typeface import (
    BOLD,
    FONTS_DIR,
    REGULAR,
    VIETNAMESE_LETTERS,
    check_fonts,
    missing_letters,
)


@pytest.mark.parametrize("font", [REGULAR, BOLD])
def test_the_font_has_every_vietnamese_letter(font: Path) -> None:
    assert missing_letters(font) == ""
    assert len(set(VIETNAMESE_LETTERS)) == 2 * (29 + 5 * 12) + 8  # 29 letters, 12 vowels x 5 tones


def test_the_licence_sits_beside_the_fonts() -> None:
    licence = (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Google" in licence
    check_fonts()


def test_a_font_without_vietnamese_is_caught(tmp_path: Path) -> None:
    font = TTFont(REGULAR)
    cutter = subset.Subsetter()
    cutter.populate(text="abcdefghijklmnopqrstuvwxyz")
    cutter.subset(font)
    latin = tmp_path / "latin.ttf"
    font.save(latin)
    missing = missing_letters(latin)
    assert "ệ" in missing and "Đ" in missing and "a" not in missing
    with pytest.raises(ContentError, match="latin.ttf has no glyph for"):
        check_fonts((REGULAR, latin))
    with pytest.raises(ContentError, match="font file missing"):
        check_fonts((tmp_path / "gone.ttf",))
