"""Helpers for the content tests: a small content folder of our own to build in tmp_path, a
province's recordings made as real sound files, and reading the QR codes out of rendered images
and PDF pages with a real decoder."""

from __future__ import annotations

import math
import shutil
from fractions import Fraction
from pathlib import Path

import av
import pypdfium2
from PIL import Image

from content.catalog import CONTENT_DIR
from content.qr import decoded_texts

SMALL_GUIDE = """code = "{code}"
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
[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "VNeID"
items = ["Kích hoạt tài khoản định danh điện tử"]
press = "Kích hoạt tài khoản định danh điện tử"

[[steps]]
text = "Nhập số định danh cá nhân và số điện thoại, bấm \\"Gửi yêu cầu\\"."
text_en = "Enter your ID number and phone, tap send."
spoken = "Nhập số định danh cá nhân và số điện thoại, bấm gửi yêu cầu."
source = "Ứng dụng VNeID (màn hình kích hoạt)."
[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "Kích hoạt tài khoản định danh điện tử"
items = ["Nhập số định danh cá nhân và số điện thoại", "Gửi yêu cầu"]
press = "Gửi yêu cầu"

[[steps]]
text = "Nhập mã OTP, bấm \\"Xác nhận\\"."
text_en = "Enter the code, tap confirm."
spoken = "Nhập mã xác thực gửi qua tin nhắn, bấm xác nhận."
source = "Ứng dụng VNeID (màn hình kích hoạt)."
[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "Gửi yêu cầu"
items = ["Nhập mã OTP", "Xác nhận"]
press = "Xác nhận"

[[steps]]
text = "Đặt mật khẩu và mã bảo vệ 6 số."
text_en = "Set a password and a passcode."
spoken = "Đặt mật khẩu và mã bảo vệ sáu số."
source = "Nghị định 69/2024/NĐ-CP."
[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "VNeID"
items = ["Đặt mật khẩu", "Mã bảo vệ 6 số"]
"""

# The first step's drawn screen, which `write_guide(screen=...)` replaces; and the last's.
FIRST_SCREEN = """[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "VNeID"
items = ["Kích hoạt tài khoản định danh điện tử"]
press = "Kích hoạt tài khoản định danh điện tử"
"""
LAST_SCREEN = """[steps.screen]
drawn_from = "step"
app = "VNeID"
title = "VNeID"
items = ["Đặt mật khẩu", "Mã bảo vệ 6 số"]
"""


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


def write_guide(
    root: Path,
    code: str,
    category: str = "vneid",
    extra: str = "",
    file_name: str | None = None,
    screen: tuple[str, str, list[str], str] | None = None,
) -> Path:
    """The small guide under `code`, every step with a screen drawn from its words; with
    `screen` (app, title, items, press), its first step shows that screen instead, as a source
    names it."""
    path = root / "guides" / f"{file_name or code}.toml"
    text = SMALL_GUIDE.format(code=code, category=category, extra=extra)
    if screen is not None:
        app, title, items, press = screen
        quoted = ", ".join(f'"{item}"' for item in items)
        table = (
            f'[steps.screen]\napp = "{app}"\ntitle = "{title}"\nitems = [{quoted}]\n'
            f'press = "{press}"\n'
        )
        text = text.replace(FIRST_SCREEN, table, 1)
    path.write_text(text, encoding="utf-8")
    return path


def record(path: Path, seconds: float, pitch: float = 220.0) -> Path:
    """A recording as a province would send one: `seconds` of a voice-like tone (a pitch with
    its harmonics, rising and falling in loudness like syllables), or silence when `pitch` is
    0, encoded by its suffix: .wav (PCM), .ogg (Opus) or .mp3."""
    codec, rate, fmt = {
        ".wav": ("pcm_s16le", 16000, "s16"),
        ".ogg": ("libopus", 48000, "flt"),
        ".mp3": ("libmp3lame", 44100, "s16p"),
    }[path.suffix]
    path.parent.mkdir(parents=True, exist_ok=True)
    total = round(seconds * rate)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        done = 0
        while done < total:
            count = min(960, total - done)
            frame = av.AudioFrame(format=fmt, layout="mono", samples=count)
            values = []
            for i in range(done, done + count):
                t = i / rate
                level = 0.0 if pitch == 0 else 0.3 * (0.6 + 0.4 * math.sin(2 * math.pi * 4 * t))
                values.append(
                    level * sum(math.sin(2 * math.pi * pitch * k * t) / k for k in (1, 2, 3))
                )
            if fmt == "flt":
                frame.planes[0].update(_floats(values))
            else:
                frame.planes[0].update(
                    b"".join(int(v * 32767).to_bytes(2, "little", signed=True) for v in values)
                )
            frame.sample_rate, frame.pts, frame.time_base = rate, done, Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
            done += count
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def _floats(values: list[float]) -> bytes:
    import struct

    return struct.pack(f"<{len(values)}f", *values)


def pdf_pages(data: bytes, scale: float = 3.0) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(data)
    return [document[i].render(scale=scale).to_pil() for i in range(len(document))]


def pdf_texts(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def page_qr_texts(image: Image.Image) -> set[str]:
    return set(decoded_texts(image))
