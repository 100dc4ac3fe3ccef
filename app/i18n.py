"""What the screens say, in Vietnamese first and English second."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "app_title": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "nav_library": ("Hướng dẫn", "Guides"),
    "nav_session": ("Ghi nhận", "Record"),
    "nav_households": ("Hộ dân", "Households"),
    "nav_stats": ("Số liệu", "My figures"),
    "nav_settings": ("Cài đặt", "Settings"),
}


def t(key: str, language: str = "vi", **values: object) -> str:
    vi, en = TEXTS[key]
    text = en if language == "en" else vi
    return text.format(**values) if values else text
