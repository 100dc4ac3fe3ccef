"""What the catalog refuses in a guide's new fields: each fault is named with its file, so the
editor knows what to fix before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttest import FIRST_SCREEN, LAST_SCREEN, small_content, write_guide

from content.catalog import ContentError, load_catalog

SCREEN = """[steps.screen]
app = "VNeID"
title = "Thủ tục hành chính"
items = {items}
press = "{press}"
"""


def _guide(tmp_path: Path, change) -> Path:
    """A content folder whose one guide, 'mau', is the small guide with `change` applied to its
    text."""
    root = small_content(tmp_path / "content", codes=())
    path = write_guide(root, "mau")
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def _on_first_step(screen: str):
    """Gives the first step another screen table in place of its drawn one."""
    return lambda text: text.replace(FIRST_SCREEN, screen, 1)


def _spoken(said: str):
    return lambda text: text.replace(
        "Mở ứng dụng V N e I D, bấm kích hoạt tài khoản định danh điện tử.", said, 1
    )


def test_the_small_guide_is_accepted_with_its_screen(tmp_path: Path) -> None:
    items = '["Đăng ký thường trú", "Đăng ký tạm trú"]'
    root = _guide(tmp_path, _on_first_step(SCREEN.format(items=items, press="Đăng ký tạm trú")))
    guide = load_catalog(root).guides[0]
    assert guide.checked.isoformat() == "2026-12-01"
    screen = guide.details[0].screen
    assert screen is not None and screen.items == ("Đăng ký thường trú", "Đăng ký tạm trú")
    assert screen.press == "Đăng ký tạm trú" and screen.drawn_from == ""
    drawn = guide.details[1].screen
    assert drawn is not None and drawn.drawn_from == "step" and drawn.press == "Gửi yêu cầu"
    assert [d.source for d in guide.details][-1] == "Nghị định 69/2024/NĐ-CP."


def test_a_guide_without_checked_is_refused(tmp_path: Path) -> None:
    root = _guide(tmp_path, lambda text: text.replace("checked = 2026-12-01\n", ""))
    with pytest.raises(ContentError, match=r"mau\.toml: no 'checked'"):
        load_catalog(root)


def test_checked_must_be_a_date(tmp_path: Path) -> None:
    root = _guide(tmp_path, lambda t: t.replace("checked = 2026-12-01", 'checked = "hôm qua"'))
    with pytest.raises(ContentError, match=r"mau\.toml: checked must be a date"):
        load_catalog(root)


def test_a_step_without_spoken_is_refused(tmp_path: Path) -> None:
    root = _guide(
        tmp_path,
        lambda text: text.replace(
            'spoken = "Nhập mã xác thực gửi qua tin nhắn, bấm xác nhận."\n', ""
        ),
    )
    with pytest.raises(ContentError, match=r"mau\.toml: step 3 has no 'spoken'"):
        load_catalog(root)


def test_a_step_without_source_is_refused(tmp_path: Path) -> None:
    root = _guide(
        tmp_path,
        lambda text: text.replace(
            'source = "Nghị định 69/2024/NĐ-CP."\n\n[[steps]]', "[[steps]]"
        ).replace(
            'spoken = "Đặt mật khẩu và mã bảo vệ sáu số."\nsource = "Nghị định 69/2024/NĐ-CP."\n',
            'spoken = "Đặt mật khẩu và mã bảo vệ sáu số."\n',
        ),
    )
    with pytest.raises(ContentError, match=r"mau\.toml: step 4 has no 'source'"):
        load_catalog(root)


def test_press_must_be_one_of_the_items(tmp_path: Path) -> None:
    extra = SCREEN.format(items='["Đăng ký thường trú", "Đăng ký tạm trú"]', press="Tạm vắng")
    root = _guide(tmp_path, _on_first_step(extra))
    with pytest.raises(
        ContentError, match=r"mau\.toml: step 1 screen: press 'Tạm vắng' is not one of"
    ):
        load_catalog(root)


def test_a_screen_shows_at_most_six_items(tmp_path: Path) -> None:
    items = "[" + ", ".join(f'"Mục {n}"' for n in range(1, 8)) + "]"
    root = _guide(tmp_path, _on_first_step(SCREEN.format(items=items, press="Mục 1")))
    with pytest.raises(ContentError, match=r"mau\.toml: step 1 screen has 7 items; .* 1 to 6"):
        load_catalog(root)


def test_a_screen_with_no_items_is_refused(tmp_path: Path) -> None:
    root = _guide(tmp_path, _on_first_step(SCREEN.format(items="[]", press="")))
    with pytest.raises(ContentError, match=r"mau\.toml: step 1 screen has 0 items"):
        load_catalog(root)


def test_a_screen_needs_its_title(tmp_path: Path) -> None:
    extra = '[steps.screen]\napp = "VNeID"\nitems = ["Đăng ký"]\n'
    root = _guide(tmp_path, _on_first_step(extra))
    with pytest.raises(ContentError, match=r"mau\.toml: step 1 screen has no 'title'"):
        load_catalog(root)


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("title", 'title = "Kích hoạt', 'title = "<b>Kích hoạt</b>'),
        ("summary", 'summary = "Tự', 'summary = "**Tự**'),
        (
            "step 2 text",
            "Nhập số định danh cá nhân và số điện thoại, bấm",
            "Nhập [số định danh](https://vneid.gov.vn) và số điện thoại, bấm",
        ),
        ("step 4 text_en", "Set a password", "`Set` a password"),
        ("step 3 spoken", "Nhập mã xác thực", "Nhập &nbsp; mã xác thực"),
        (
            "step 1 source",
            'source = "Ứng dụng VNeID (màn hình đăng nhập)."',
            'source = "<a>Ứng dụng VNeID</a>"',
        ),
    ],
)
def test_markup_in_any_text_is_refused(tmp_path: Path, field: str, old: str, new: str) -> None:
    root = _guide(tmp_path, lambda text: text.replace(old, new, 1))
    with pytest.raises(ContentError, match=rf"mau\.toml: {field} has markup"):
        load_catalog(root)


def test_markup_in_a_screen_is_refused(tmp_path: Path) -> None:
    extra = SCREEN.format(items='["<i>Đăng ký</i>"]', press="")
    root = _guide(tmp_path, _on_first_step(extra))
    with pytest.raises(ContentError, match=r"mau\.toml: step 1 screen item 1 has markup"):
        load_catalog(root)


@pytest.mark.parametrize(
    ("said", "fault"),
    [
        ("Mở ứng dụng VNeID.", "'VNeID'"),
        ("Mở thẻ BHYT trong ứng dụng.", "'BHYT'"),
        ("Áp thẻ CCCD vào máy.", "'CCCD'"),
        ("Nhập số CMND cũ.", "'CMND'"),
        ("Nhập mã OTP.", "'OTP'"),
        ("Tải tệp PDF về máy.", "'PDF'"),
        ("Nộp lệ phí mười nghìn 10.000 đ.", "an amount in 'đ'"),
        ("Nộp lệ phí 10000đ.", "an amount in 'đ'"),
        ("Báo trước 23:00.", "a digit"),
        ("Đến công an xã, mang theo giấy UBND xác nhận.", "an abbreviation in capitals"),
        ("Vào dichvucong.gov.vn.", "a web address"),
    ],
)
def test_spoken_text_the_narration_cannot_say_is_refused(
    tmp_path: Path, said: str, fault: str
) -> None:
    root = _guide(tmp_path, _spoken(said))
    with pytest.raises(ContentError, match=rf"mau\.toml: step 1 spoken has {fault}"):
        load_catalog(root)


def test_spoken_words_written_out_are_accepted(tmp_path: Path) -> None:
    said = (
        "Báo trước hai mươi ba giờ, nộp mười nghìn đồng cho thẻ bảo hiểm y tế, "
        "quét mã Q R trên ứng dụng V N e I D, vào dịch vụ công chấm gov chấm v n."
    )
    assert load_catalog(_guide(tmp_path, _spoken(said))).guides[0].details[0].spoken == said


def test_a_step_without_a_drawn_screen_is_refused(tmp_path: Path) -> None:
    root = _guide(tmp_path, lambda text: text.replace(LAST_SCREEN, ""))
    with pytest.raises(ContentError, match=r"mau\.toml: step 4 has no drawn screen"):
        load_catalog(root)


@pytest.mark.parametrize(
    ("old", "new", "label"),
    [
        # A row the step does not say.
        ('"Mã bảo vệ 6 số"]', '"Mã PIN"]', "'Mã PIN'"),
        # A title only a later step says (step 2's "Gửi yêu cầu"), on step 1.
        (
            'title = "VNeID"\nitems = ["Kích hoạt',
            'title = "Gửi yêu cầu"\nitems = ["Kích hoạt',
            "'Gửi",
        ),
        # An app the guide never names.
        (
            'app = "VNeID"\ntitle = "VNeID"\nitems = ["Đặt',
            'app = "Zalo"\ntitle = "VNeID"\nitems = ["Đặt',
            "'Zalo'",
        ),
    ],
    ids=["row", "later-title", "app"],
)
def test_a_screen_drawn_from_a_step_names_only_what_the_guide_says(
    tmp_path: Path, old: str, new: str, label: str
) -> None:
    root = _guide(tmp_path, lambda text: text.replace(old, new, 1))
    assert new in (root / "guides" / "mau.toml").read_text(encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"mau\.toml: the screen drawn from step \d shows " + label
    ):
        load_catalog(root)


def test_a_screen_drawn_from_a_step_may_carry_the_app_and_the_button_before_it(
    tmp_path: Path,
) -> None:
    """Step 3's title "Gửi yêu cầu" is the button step 2 pressed; no app named: off any app."""
    root = _guide(
        tmp_path,
        lambda text: text.replace(
            'app = "VNeID"\ntitle = "VNeID"\nitems = ["Đặt', 'title = "VNeID"\nitems = ["Đặt', 1
        ),
    )
    guide = load_catalog(root).guides[0]
    assert guide.details[2].screen.title == "Gửi yêu cầu"
    assert guide.details[3].screen.app == ""


def test_only_a_source_named_screen_needs_its_app(tmp_path: Path) -> None:
    root = _guide(
        tmp_path, _on_first_step('[steps.screen]\ntitle = "VNeID"\nitems = ["Đăng ký"]\n')
    )
    with pytest.raises(ContentError, match=r"mau\.toml: step 1 screen has no 'app'"):
        load_catalog(root)
