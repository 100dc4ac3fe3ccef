"""The drawn phone screens: every step's `[steps.screen]` shows the screen the household will
meet (as a source names it, or drawn from the step's own words), the item to press marked so
that it stands out in colour and in a black-and-white print; the infographic and the video both
show it."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy
import pytest
from contenttest import small_content, write_guide
from PIL import Image, ImageOps

from content import build, infographic
from content.captions import parse_webvtt
from content.catalog import Screen, load_catalog
from content.drawing import ACCENT, INK
from content.manifest import DIST_DIR, load_manifest
from content.phone import DESIGN_WIDTH, arrow_room, overflow, render_phone

STAY = Screen(
    "VNeID",
    "Thủ tục hành chính",
    ("Thông báo lưu trú", "Đăng ký thường trú", "Đăng ký tạm trú", "Khai báo tạm vắng"),
    "Đăng ký tạm trú",
)


def _accent_rows(image: Image.Image, below: int = 0, tolerance: int = 0) -> list[int]:
    """The rows of pixels under `below` holding a wide run of the accent red: the pressed
    item's fill (at least 200 px of it; the numbered circles are narrower, the red header and
    band of the title lie above `below`). `tolerance` allows for a video's compression."""
    rgb = image.convert("RGB")
    pixels = rgb.load()

    def red(p: tuple[int, int, int]) -> bool:
        return all(abs(a - b) <= tolerance for a, b in zip(p, ACCENT, strict=True))

    return [
        y
        for y in range(below, rgb.height)
        if sum(red(pixels[x, y]) for x in range(0, rgb.width, 4)) > 50
    ]


def test_the_item_to_press_is_filled_ringed_and_pointed_at() -> None:
    image = render_phone(STAY)
    assert image.width == DESIGN_WIDTH + arrow_room(DESIGN_WIDTH)
    rows = _accent_rows(image)
    assert rows, "the pressed item has no accent fill"
    # One band, the third of four items: below the middle of the rows, above the last one.
    assert rows[-1] - rows[0] < 120 and image.height * 0.4 < rows[0] < image.height * 0.75
    # The arrow: black pixels right of the phone, level with the pressed item.
    pixels = image.convert("RGB").load()
    middle = (rows[0] + rows[-1]) // 2
    beyond = [x for x in range(DESIGN_WIDTH, image.width) if pixels[x, middle] == INK]
    assert len(beyond) > arrow_room(DESIGN_WIDTH) // 2
    # A screen with nothing to press has no mark at all.
    plain = render_phone(Screen(STAY.app, STAY.title, STAY.items, ""))
    assert not _accent_rows(plain)
    assert all(
        plain.convert("RGB").getpixel((x, middle)) != INK
        for x in range(DESIGN_WIDTH + 4, plain.width)
    )


def test_the_mark_reads_in_greyscale() -> None:
    """Printed in black and white, the pressed item is dark with light words; the other items
    are light with dark words."""
    grey = numpy.asarray(ImageOps.grayscale(render_phone(STAY)))
    rows = _accent_rows(render_phone(STAY))
    band = grey[rows[0] + 4 : rows[-1] - 4, 60:380]
    others = grey[rows[0] - 160 : rows[0] - 100, 60:380]
    assert band.mean() < 130 and others.mean() > 200
    assert band.max() > 230  # the white words on the dark fill


def test_the_menu_button_sits_in_the_title_bar() -> None:
    image = render_phone(
        Screen("Cổng Dịch vụ công quốc gia", "dichvucong.gov.vn", ("☰", "Đăng nhập"), "☰")
    )
    red = numpy.argwhere(numpy.all(numpy.asarray(image.convert("RGB")) == ACCENT, axis=2))
    assert len(red) > 500
    (_, left), (bottom, right) = red.min(axis=0), red.max(axis=0)
    # In the title bar's right corner: a small square, not a row.
    assert bottom < 170 and left > DESIGN_WIDTH * 0.7 and right - left < 80


def test_a_screen_too_long_to_draw_is_named() -> None:
    assert overflow(STAY) == ""
    long_item = Screen("VNeID", "Thủ tục", ("Một mục rất dài " * 8,), "")
    assert "longer than 3 lines" in overflow(long_item)
    long_title = Screen("VNeID", "Một tiêu đề rất dài " * 4, ("Đăng nhập",), "")
    assert "longer than two lines" in overflow(long_title)


def test_every_step_shows_its_screen_in_the_infographic_and_the_video(tmp_path: Path) -> None:
    """Each step has its phone; a button to press is marked in the infographic and in the
    step's slide, and a screen with nothing to press (step 4 here, or step 1 of the guide
    'khong-bam') has no mark."""
    content = small_content(tmp_path / "content", codes=())
    items = ["Đăng nhập", "Kích hoạt tài khoản định danh điện tử"]
    write_guide(content, "man-hinh", screen=("VNeID", "VNeID", items, items[1]))
    write_guide(content, "khong-bam", screen=("VNeID", "VNeID", items, ""))
    manifest = build.build(tmp_path / "dist", content, base_url="https://huongdan.quangninh.gov.vn")
    media = {m.sha256: tmp_path / "dist" / m.path for m in manifest.media}
    pressed, unpressed = (
        next(g for g in manifest.guides if g.code == c) for c in ("man-hinh", "khong-bam")
    )

    source = next(g for g in load_catalog(content).guides if g.code == "man-hinh")
    bare = infographic.render_infographic(_without_screens(source), None, "x").height
    tall = Image.open(media[pressed.media["infographic"]]).height
    assert tall - bare >= 4 * round(infographic.PHONE_WIDTH * 1.05)  # a phone under every step
    assert _accent_rows(Image.open(media[pressed.media["infographic"]]), below=400)

    def step_frames(guide, numbers: tuple[int, ...]) -> list[Image.Image]:
        cues = parse_webvtt(media[guide.media["captions"]].read_text(encoding="utf-8"))
        wanted = [(cues[n - 1].start + cues[n - 1].end) / 2 for n in numbers]
        frames: list[Image.Image] = []
        with av.open(str(media[guide.media["video"]])) as container:
            for frame in container.decode(video=0):
                if wanted and frame.time >= wanted[0]:
                    frames.append(frame.to_image())
                    wanted.pop(0)
        return frames

    first, second, last = step_frames(pressed, (1, 2, 4))
    assert _accent_rows(first, below=300, tolerance=40)  # step 1: its pressed button
    assert _accent_rows(second, below=300, tolerance=40)  # step 2: "Gửi yêu cầu"
    assert not _accent_rows(last, below=300, tolerance=40)  # step 4: nothing to press
    assert not _accent_rows(step_frames(unpressed, (1,))[0], below=300, tolerance=40)
    # The phone is there even with nothing to press: its dark bezel fills part of the frame.
    assert (numpy.asarray(last.convert("L"))[300:] < 60).mean() > 0.03


@pytest.mark.parametrize("code", sorted(g.code for g in load_catalog().guides))
def test_every_committed_guide_draws_a_screen_on_every_step(code: str) -> None:
    source = next(g for g in load_catalog().guides if g.code == code)
    guide = next(g for g in load_manifest().guides if g.code == code)
    item = next(m for m in load_manifest().media if m.sha256 == guide.media["infographic"])
    committed = Image.open(io.BytesIO((DIST_DIR / item.path).read_bytes()))
    screens = sum(1 for d in source.details if d.screen)
    assert screens == len(source.steps)
    presses = sum(1 for d in source.details if d.screen and d.screen.press)
    # Each phone adds at least its minimum height to the infographic.
    bare = infographic.render_infographic(
        _without_screens(source), None, "x"
    )  # as the committed dist: built for the demo
    assert committed.height - bare.height >= screens * round(infographic.PHONE_WIDTH * 1.05)
    assert bool(_accent_rows(committed, below=400)) == bool(presses)


def _without_screens(source):
    from dataclasses import replace

    return replace(source, details=tuple(replace(d, screen=None) for d in source.details))
