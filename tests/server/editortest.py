"""Helpers for the guide editor's tests: staff accounts of each role, a guide's fields as the
editor's form sends them, three steps (each with its drawn screen, drawn from the guide's words),
and a real recording."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlmodel import Session

from server.models import StaffUser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "content"))
from contenttest import record

__all__ = ["GUIDE", "SERVICES", "STEPS", "record", "staff"]

GUIDE = {
    "title": "Đăng ký lịch làm việc của bộ phận một cửa xã",
    "title_en": "The commune one-stop office's hours",
    "summary": "Giờ làm việc và cách hẹn trước với bộ phận một cửa.",
    "summary_en": "Opening hours and how to book ahead at the one-stop office.",
    "category": "portal",
    "checked": date.today().isoformat(),
    "source": "Thông báo của Ủy ban nhân dân xã về giờ làm việc.",
    "source_en": "The commune people's committee's notice on opening hours.",
    "varies_by_province": "",
    "varies_by_province_en": "",
}
SERVICES = ["dvc_tai_khoan"]
STEPS = [
    {
        "text": "Bộ phận một cửa làm việc từ thứ hai đến thứ sáu.",
        "text_en": "The one-stop office is open Monday to Friday.",
        "spoken": "Bộ phận một cửa làm việc từ thứ hai đến thứ sáu.",
        "source": "Thông báo của Ủy ban nhân dân xã.",
        "screen_app": "",
        "screen_title": "Lịch làm việc của bộ phận một cửa xã",
        "screen_items": "Bộ phận một cửa\nLàm việc",
        "screen_press": "",
        "screen_drawn_from": "step",
    },
    {
        "text": "Mang theo thẻ căn cước khi đến làm thủ tục.",
        "text_en": "Bring your identity card.",
        "spoken": "Mang theo thẻ căn cước khi đến làm thủ tục.",
        "source": "Thông báo của Ủy ban nhân dân xã.",
        "screen_app": "",
        "screen_title": "Mang theo thẻ căn cước",
        "screen_items": "Thẻ căn cước\nBộ phận một cửa",
        "screen_press": "",
        "screen_drawn_from": "step",
    },
    {
        "text": "Có thể gọi điện hẹn trước để không phải chờ lâu.",
        "text_en": "You can call ahead so as not to wait long.",
        "spoken": "Có thể gọi điện hẹn trước để không phải chờ lâu.",
        "source": "Thông báo của Ủy ban nhân dân xã.",
        "screen_app": "",
        "screen_title": "Gọi điện hẹn trước",
        "screen_items": "Không phải chờ lâu\nGọi điện",
        "screen_press": "Gọi điện",
        "screen_drawn_from": "step",
    },
]


def staff(
    session: Session, username: str, role: str, area_id: str, password_hash: str
) -> StaffUser:
    user = StaffUser(username=username, password_hash=password_hash, role=role, area_id=area_id)
    session.add(user)
    session.flush()
    session.refresh(user)
    session.expunge(user)
    return user
