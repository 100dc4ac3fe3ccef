"""Checks shared by the services, each raising a ValidationError with a Vietnamese message.
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
        raise ValidationError(
            "phone",
            "phone_invalid",
            "Số điện thoại không phải số di động Việt Nam (10 số, ví dụ 0912 345 678).",
            "Not a Vietnamese mobile number (10 digits, e.g. 0912 345 678).",
        )
    return text


def required_text(field: str, raw: str | None, label: str, label_en: str, min_length: int,
                  max_length: int) -> str:
    text = clean(raw)
    if len(text) < min_length:
        raise ValidationError(
            field, f"{field}_required", f"Hãy nhập {label}.", f"Please enter the {label_en}."
        )
    if len(text) > max_length:
        raise ValidationError(
            field,
            f"{field}_too_long",
            f"{label.capitalize()} dài quá {max_length} ký tự.",
            f"The {label_en} is longer than {max_length} characters.",
        )
    return text


@contextmanager
def wire_rules() -> Iterator[None]:
    """Inside, what the wire refuses (RuleBroken: a check of wire.rules, or a wire record
    built from the input) is a ValidationError on its field, in the catalogue's words."""
    try:
        yield
    except RuleBroken as broken:
        raise ValidationError.of(broken) from None
