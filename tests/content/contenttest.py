"""Helpers for the content tests: a small content folder of our own to build in tmp_path, and
reading the QR codes out of rendered images and PDF pages with a real decoder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
from PIL import Image

from content.catalog import CONTENT_DIR
from content.qr import decoded_texts

SMALL_GUIDE = '''code = "{code}"
category = "{category}"
title = "Kích hoạt tài khoản định danh điện tử mức 2"
title_en = "Activating a level-2 VNeID account"
summary = "Tự kích hoạt tài khoản VNeID mức 2 trên điện thoại."
services = ["vneid_muc_2"]
version = 1
updated = 2026-11-25
checked = 2026-12-01
source = "Nghị định 69/2024/NĐ-CP."
varies_by_province = "Giờ tiếp dân do từng xã quy định."
{extra}
[[steps]]
text = "Mở ứng dụng VNeID, bấm \\"Kích hoạt tài khoản định danh điện tử\\"."
text_en = "Open VNeID and tap activate."
spoken = "Mở ứng dụng V N e I D, bấm kích hoạt tài khoản định danh điện tử."
source = "Ứng dụng VNeID (màn hình đăng nhập)."

[[steps]]
text = "Nhập số định danh cá nhân và số điện thoại, bấm \\"Gửi yêu cầu\\"."
text_en = "Enter your ID number and phone, tap send."
spoken = "Nhập số định danh cá nhân và số điện thoại, bấm gửi yêu cầu."
source = "Ứng dụng VNeID (màn hình kích hoạt)."

[[steps]]
text = "Nhập mã OTP, bấm \\"Xác nhận\\"."
text_en = "Enter the code, tap confirm."
spoken = "Nhập mã xác thực gửi qua tin nhắn, bấm xác nhận."
source = "Ứng dụng VNeID (màn hình kích hoạt)."

[[steps]]
text = "Đặt mật khẩu và mã bảo vệ 6 số."
text_en = "Set a password and a passcode."
spoken = "Đặt mật khẩu và mã bảo vệ sáu số."
source = "Nghị định 69/2024/NĐ-CP."
'''


def small_content(root: Path, codes: tuple[str, ...] = ("thu-mot", "thu-hai")) -> Path:
    """A content folder with the real categories, services and site settings and a few short
    guides of our own."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("categories.toml", "services.toml", "site.toml"):
        shutil.copy(CONTENT_DIR / name, root / name)
    (root / "guides").mkdir(exist_ok=True)
    for code in codes:
        write_guide(root, code)
    return root


def write_guide(root: Path, code: str, category: str = "vneid", extra: str = "", file_name: str | None = None) -> Path:
    path = root / "guides" / f"{file_name or code}.toml"
    path.write_text(SMALL_GUIDE.format(code=code, category=category, extra=extra), encoding="utf-8")
    return path


def pdf_pages(data: bytes, scale: float = 3.0) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(data)
    return [document[i].render(scale=scale).to_pil() for i in range(len(document))]


def pdf_texts(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def page_qr_texts(image: Image.Image) -> set[str]:
    return set(decoded_texts(image))
