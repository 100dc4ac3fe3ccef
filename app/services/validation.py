"""Checks shared by the services, each raising a ValidationError with a code of the catalogue.
The rules a record keeps on the wire too (limits, free text, identity numbers) are wire.rules';
`wire_rules()` turns what they refuse into a ValidationError."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import ValidationError
from app.text import clean
from wire.rules import RuleBroken

# Vietnamese mobile numbers since the 2018 renumbering: 0 + a mobile prefix + 7 digits.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$")


def phone(raw: str | None) -> str | None:
    """'+84 912 345 678' -> '0912345678'; None when left empty."""
    text = re.sub(r"[\s.\-()]", "", raw or "")
    if not text:
        return None
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    if not _MOBILE.match(text):
        raise ValidationError("phone", "phone_invalid")
    return text


def required_text(field: str, raw: str | None, min_length: int, max_length: int) -> str:
    """The text typed for `field`, cleaned; refused as `<field>_required` when too short and
    `<field>_too_long` when too long (the catalogue has both codes for each field)."""
    text = clean(raw)
    if len(text) < min_length:
        raise ValidationError(field, f"{field}_required")
    if len(text) > max_length:
        raise ValidationError(field, f"{field}_too_long", most=max_length)
    return text


@contextmanager
def wire_rules() -> Iterator[None]:
    """Inside, what the wire refuses (RuleBroken: a check of wire.rules, or a wire record
    built from the input) is a ValidationError on its field, in the catalogue's words."""
    try:
        yield
    except RuleBroken as broken:
        raise ValidationError.of(broken) from None
