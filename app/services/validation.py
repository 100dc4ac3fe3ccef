"""Checks shared by the services, each raising a ValidationError with a Vietnamese message."""

from __future__ import annotations

import re

from app.errors import ValidationError
from app.text import clean

# Vietnamese mobile numbers since the 2018 renumbering: 0 + a mobile prefix + 7 digits.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$")
# 9 (old CMND) or 12 (căn cước) digits in a row: an identity number, which we never keep.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{9}|\d{12})(?!\d)")


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


def required_text(field: str, raw: str | None, label: str, label_en: str, max_length: int) -> str:
    text = clean(raw)
    if len(text) < 2:
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


def no_identity_numbers(field: str, text: str) -> None:
    """Notes must not carry ID-card numbers: we keep only what a follow-up needs."""
    if _ID_NUMBER.search(text):
        raise ValidationError(
            field,
            f"{field}_has_id_number",
            "Không ghi số căn cước hay số CMND vào ghi chú.",
            "Do not write identity-card numbers in the note.",
        )
