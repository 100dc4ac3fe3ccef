"""The guide viewer: steps in large text, the infographic and video from the device's own
files (a URL for the web client, a path for the native one), a fallback where the video
cannot play, the full-screen QR, and the way to record a session."""

from __future__ import annotations

import io
from pathlib import Path

import flet as ft
import flet_video as ftv
import pytest
import zxingcpp
from PIL import Image
from testhost import TestHost
from viewtest import PUBLIC_BASE_URL, find, find_all, guide_with_media, shown, tap_text

from app.config import Settings
from app.db import Store
from app.models import MediaAsset
from app.services import guides, sync_state, usage
from content.captions import parse_webvtt
from content.manifest import load_manifest
from views.guide import GuideScreen
from views.qr import QrScreen
from views.session import SessionScreen
from views.widgets import STEP_SIZE, chip_label


def open_guide(host: TestHost, code: str) -> GuideScreen:
    host.go("library")
    host.top.open_guide(code)
    assert isinstance(host.top, GuideScreen)
    return host.top


def test_the_steps_are_numbered_in_large_text_in_order(host: TestHost, store: Store) -> None:
    guide = guide_with_media(load_manifest())
    screen = open_guide(host, guide.code)
    step_texts = [
        t for t in find_all(screen.root, ft.Text) if t.value in {s["text"] for s in guide.steps}
    ]
    assert [t.value for t in step_texts] == [s["text"] for s in guide.steps]
    assert all(t.size >= STEP_SIZE for t in step_texts)
    assert guide.title in shown(screen.root) and screen.title == "Hướng dẫn"


def test_the_web_client_gets_the_media_by_url_and_the_native_client_by_path(
    store: Store, app_settings: Settings
) -> None:
    guide = guide_with_media(load_manifest())
    web = open_guide(TestHost(store, app_settings, web=True), guide.code)
    image = find(web.root, ft.Image)
    assert image.src == f"/media/{guide.media['infographic']}"
    assert web.video.playlist[0].resource == f"/media/{guide.media['video']}"
    assert isinstance(find(web.root, ft.InteractiveViewer).content, ft.Image)  # pinch to zoom

    native = open_guide(TestHost(store, app_settings, web=False), guide.code)
    picture = Path(find(native.root, ft.Image).src)
    assert picture.is_absolute() and picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    movie = Path(native.video.playlist[0].resource)
    assert movie.is_absolute() and movie.read_bytes()[4:8] == b"ftyp"  # an MP4 file


def test_the_caption_under_the_video_follows_the_narration(host: TestHost, store: Store) -> None:
    """The player reports its position; the step being said shows under the video in large
    text, nothing over the silent title and end slides."""
    guide = guide_with_media(load_manifest())
    screen = open_guide(host, guide.code)
    cues = parse_webvtt(guides.media_file(store, guide.media["captions"]).read_text("utf-8"))
    assert (
        [c.text for c in screen.cues] == [c.text for c in cues] == [s["text"] for s in guide.steps]
    )

    def played_to(seconds: float) -> None:
        screen.video.on_position_change(
            ft.Event(
                "position_change",
                screen.video,
                data=ft.Duration(milliseconds=round(seconds * 1000)),
            )
        )

    played_to(1.0)
    assert not screen.caption_box.visible
    for cue in (cues[0], cues[3], cues[-1]):
        played_to((cue.start + cue.end) / 2)
        assert screen.caption_box.visible and screen.caption.value == cue.text
        assert screen.caption.size >= STEP_SIZE
    played_to(cues[-1].end + 1)
    assert not screen.caption_box.visible
    with store.session() as session:  # captions not downloaded yet: the video plays without
        session.get(MediaAsset, guide.media["captions"]).path = None
    again = open_guide(host, guide.code)
    assert again.cues == [] and again.video.on_position_change is None


def test_media_not_yet_on_the_device_are_explained_instead_of_shown(
    host: TestHost, store: Store
) -> None:
    guide = guide_with_media(load_manifest())
    with store.session() as session:  # as after a content update whose files are not downloaded yet
        for sha256 in (guide.media["video"], guide.media["infographic"]):
            session.get(MediaAsset, sha256).path = None
    screen = open_guide(host, guide.code)
    assert screen.video is None and not find_all(screen.root, ft.Image)
    assert shown(screen.root).count("Chưa có trên máy. Khi có mạng, đồng bộ để tải về.") == 2


def test_a_video_the_client_cannot_play_gives_way_to_a_clear_message(host: TestHost) -> None:
    screen = open_guide(host, guide_with_media(load_manifest()).code)
    assert find_all(screen.root, ftv.Video) and "Máy này không phát được video" not in shown(
        screen.root
    )
    screen.video.on_error()
    assert not find_all(screen.root, ftv.Video)
    assert "Máy này không phát được video. Hãy cho hộ quét mã QR" in shown(screen.root)


def test_the_video_has_a_large_play_button_over_the_picture_and_named_buttons(
    host: TestHost,
) -> None:
    screen = open_guide(host, guide_with_media(load_manifest()).code)
    player = screen.player
    assert screen.video.controls is not None  # flet-video's own controls are replaced
    big = player.big_button
    assert big.label == "Phát video" and big.button and big.visible
    target = big.content.content
    assert min(target.width, target.height) >= 64
    assert [shown(b) for b in player.buttons.controls] == [
        "Phát video",
        "Lùi 10 giây",
        "Xem từ đầu",
    ]
    player.on_complete()  # as the web client reports on loading: nothing changes
    assert big.label == "Phát video"
    player.playing = True  # (play() needs a client)
    player.on_complete()  # played to its end
    assert big.visible and big.label == "Xem lại" and shown(player.play_button) == "Xem lại"


def test_the_qr_fills_the_screen_and_holds_the_guides_public_address(host: TestHost) -> None:
    guide = guide_with_media(load_manifest())
    screen = open_guide(host, guide.code)
    tap_text(screen.root, "Hiện mã QR")
    qr = host.top
    assert isinstance(qr, QrScreen) and qr.full_screen
    address = f"{PUBLIC_BASE_URL}/g/{guide.code}"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(find(qr.root, ft.Image).src)))
    assert [d.text for d in decoded] == [address]
    assert address in shown(qr.root) and guide.title in shown(qr.root)
    tap_text(qr.root, "Đóng")
    assert host.top is screen


def test_the_qr_carries_the_enrolled_teams_commune(host: TestHost, store) -> None:
    sync_state.enrolled(
        store,
        sync_state.Enrolment(
            server_url="http://127.0.0.1:8000",
            device_id=7,
            device_name="Máy của Lan",
            team_id=3,
            team_name="Tổ CNSCĐ xã Quảng La",
            commune_id="qn.quang-la",
        ),
    )
    qr = QrScreen(host, "vneid-m2")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(find(qr.root, ft.Image).src)))
    assert [d.text for d in decoded] == [f"{PUBLIC_BASE_URL}/g/vneid-m2?c=qn.quang-la"]


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("", "Chưa đặt địa chỉ công khai của trang hướng dẫn"),
        ("https://cnscd.example.vn", "chỉ là địa chỉ mẫu"),
        ("http://192.168.1.23:8000", "trong mạng nội bộ"),
    ],
    ids=["unset", "placeholder", "lan-outside-the-demo"],
)
def test_no_qr_is_shown_for_an_address_that_leads_nowhere(
    store, tmp_path, address: str, said: str
) -> None:
    refusing = TestHost(store, Settings(data_dir=tmp_path, public_base_url=address), web=True)
    try:
        qr = QrScreen(refusing, "vneid-m2")
        assert find_all(qr.root, ft.Image) == [] and qr.png == b""
        assert "Chưa hiện được mã QR cho hộ quét" in shown(qr.root) and said in shown(qr.root)
    finally:
        refusing.close()
    demo = TestHost(
        store,
        Settings(data_dir=tmp_path, public_base_url="http://192.168.1.23:8000", demo=True),
        web=True,
    )
    try:
        qr = QrScreen(demo, "vneid-m2")
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(find(qr.root, ft.Image).src)))
        assert [d.text for d in decoded] == ["http://192.168.1.23:8000/g/vneid-m2"]
    finally:
        demo.close()


def test_recording_from_a_guide_starts_with_that_guide_and_its_services(
    host: TestHost, store: Store
) -> None:
    guide = guide_with_media(load_manifest())
    screen = open_guide(host, guide.code)
    tap_text(screen.root, "Ghi nhận buổi hỗ trợ")
    form = host.top
    assert isinstance(form, SessionScreen)
    assert form.form.guides == [guide.code]
    assert form.form.services == guide.services
    selected = {chip_label(c) for c in form.service_chips.controls if c.checked}
    assert selected == {s.name for s in guides.services(store) if s.code in guide.services}


def test_opening_and_sharing_a_guide_count_as_uses(host: TestHost, store: Store) -> None:
    code = guide_with_media(load_manifest()).code
    screen = open_guide(host, code)
    assert usage.uses(store) == {code: 1}
    tap_text(screen.root, "Hiện mã QR")
    assert usage.uses(store) == {code: 2}


def test_a_guide_withdrawn_meanwhile_says_so(host: TestHost, store: Store) -> None:
    host.open(GuideScreen(host, "no-such-guide"))
    assert shown(host.top.root) == "Hướng dẫn này không còn trong thư viện."
    assert usage.uses(store) == {}


def test_in_english_the_summary_source_and_local_note_are_english_where_they_exist(
    small_host,
) -> None:
    small_host.set_language("en")
    english = open_guide(small_host, "thuong-tru")
    text = shown(english.root)
    assert "A guide to registering permanent residence" in text and "Source: Commune police" in text
    assert "Local note: Some communes ask for the house's papers in person." in text
    assert "Hướng dẫn: Đăng ký thường trú" not in text and "Công an xã" not in text
    assert "Một số xã" not in text
    small_host.back()
    plain = open_guide(small_host, "khai-sinh")  # no English written yet: the Vietnamese stays
    assert "Hướng dẫn: Đăng ký khai sinh trực tuyến" in shown(plain.root)


def test_in_english_the_steps_are_english(host: TestHost) -> None:
    guide = guide_with_media(load_manifest())
    host.set_language("en")
    screen = open_guide(host, guide.code)
    text = shown(screen.root)
    assert guide.title_en in text and guide.steps[0]["text_en"] in text
    assert guide.steps[0]["text"] not in text
