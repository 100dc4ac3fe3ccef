"""Text helpers for Vietnamese: search that ignores diacritics and case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ and Đ have no decomposition into d plus a mark, so they are folded by hand.
_BARRED_D = {0x0111: "d", 0x0110: "D"}


def fold(text: str) -> str:
    """'Đăng ký  Thường trú' -> 'dang ky thuong tru': no diacritics, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_BARRED_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.casefold()).strip()


def clean(text: str | None) -> str:
    """Trim and collapse whitespace, in NFC so stored text compares equal however it was typed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
