"""Text helpers for Vietnamese: search that ignores diacritics and case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """'Đăng ký  Thường trú' -> 'dang ky thuong tru': no diacritics, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def clean(text: str | None) -> str:
    """Trim and collapse whitespace, in NFC so stored text compares equal however it was typed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
