"""Issue 14, in a volunteer's hand: each item tried in the real web app in headless Chromium at
a phone's size (360x740, 390x844 or 412x915), offline, with a screenshot of what was checked
(build/screenshots/app-*.png; those the README shows are kept in docs/screenshots).

1 a refused save scrolls to the field at fault and says why beside the button; 2 a half-filled
form survives a tab switch and the app's restart, and nothing is written until the session is;
3 at 200 % text the form (its note field too), a household and a guide stay readable; 4 the
controls a volunteer uses have a name and a value for a screen reader (the app bar's buttons on
the button itself), the chart a text summary; 5 the households screen shows the follow-ups
ahead; 7 the video plays from a tap on its picture or its large button in the middle of it;
8 the share screen shows one QR code at a time, its server listens on the port asked for (a
taken one is said) and stops when the app's tab closes; 9 in English the app speaks English
and its loading screen names no Flet; 11 two households of one village get two sheets of two
names. (6: tests/e2e/test_sync_waits.py; 10: tests/server/test_staff_on_a_phone.py.)"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from playwright.sync_api import expect
from support.chromium import phone_context

from app.text import fold
from content.demo import load_demo
from content.manifest import load_manifest
from e2e.browser import (
    SCREENSHOTS,
    decode_qr,
    fill,
    found,
    in_reach,
    screenshot,
    scroll,
    settle,
    shown,
    still,
    tap,
    tap_icon,
    wait_text,
)
from e2e.conftest import SMALL, open_app, running_app
from views.player import BIG_BUTTON
from wire.clock import today_local

pytestmark = pytest.mark.browser

GUIDE = "Kích hoạt tài khoản định danh điện tử mức 2"
SERVICE = "Kích hoạt tài khoản VNeID mức 2"
CONSENT = "Hộ đồng ý để tổ lưu tên"
SAVE = "Lưu buổi hỗ trợ"


def on_screen(page, target, wait: float = 10) -> bool:
    """`target` is (or within `wait` seconds comes, as the screen scrolls) between the app bar
    and the navigation bar, where the eye and a finger reach it."""
    height = (page.viewport_size or SMALL)["height"]
    deadline = time.monotonic() + wait
    while True:
        box = still(target)
        if box is not None and 56 <= box["y"] and box["y"] + box["height"] <= height - 70:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def textbox_value(page, label: str) -> str:
    """What a text field holds. Flutter's web client puts the text into the field's element
    only once it has the focus, so the field is tapped first (not counted)."""
    field = page.get_by_role("textbox", name=label, exact=True).first
    field.click()
    for _ in range(20):
        if field.input_value():
            break
        time.sleep(0.2)
    return field.input_value()


def checked(page, name: str) -> str | None:
    return page.get_by_role("checkbox", name=name).first.get_attribute("aria-checked")


def discard_draft(page) -> None:
    """Leave the shared app's form empty for the next test. The way back to the form shows a
    kept draft with its discard button (staying on the form shows none)."""
    tap(page, "tab", "Hộ dân")
    tap(page, "tab", "Ghi nhận")
    wait_text(page, "Dịch vụ đã hỗ trợ")
    settle(page)
    discard = page.get_by_role("button", name="Bỏ, làm lại từ đầu")
    if discard.count():
        tap(page, "button", "Bỏ, làm lại từ đầu")


def test_1_a_refused_save_scrolls_to_the_field_and_says_why_beside_the_button(
    small_phone,
) -> None:
    page = small_phone
    tap(page, "tab", "Ghi nhận")
    wait_text(page, "Dịch vụ đã hỗ trợ")
    tap(page, "button", "Thêm hộ mới")
    fill(page, "Tên chủ hộ", "Lò Văn Páo")
    tap(page, "checkbox", SERVICE)
    tap(page, "checkbox", "Đã làm xong trực tuyến")
    tap(page, "button", SAVE)  # the household has not agreed yet

    reason = "Cần hộ gia đình đồng ý thì mới lưu được thông tin của hộ."
    wait_text(page, f"Chưa lưu được: {reason}")  # beside the button
    consent = page.get_by_role("checkbox", name=CONSENT).first
    assert on_screen(page, consent), still(consent)  # the form came back up to the box
    at_field = page.get_by_text(reason, exact=True).first
    assert on_screen(page, at_field), still(at_field)  # and the message is there, under it
    screenshot(page, "refused-save")

    # Nothing was written: the new household is not among the households...
    tap(page, "tab", "Hộ dân")
    fill(page, "Tìm theo tên chủ hộ", "lo van pao")
    wait_text(page, "Không có hộ nào tên như vậy.")
    assert page.get_by_role("button", name="Lò Văn Páo").count() == 0
    # ...and the form is still as it was left, for the second try.
    tap(page, "tab", "Ghi nhận")
    wait_text(page, "Dịch vụ đã hỗ trợ")
    assert textbox_value(page, "Tên chủ hộ") == "Lò Văn Páo"
    assert checked(page, SERVICE) == "true"
    discard_draft(page)


def test_2_a_half_filled_form_survives_a_tab_switch_and_a_restart(browser, tmp_path) -> None:
    data_dir = tmp_path / "app"
    data_dir.mkdir()
    with running_app(data_dir) as url:
        context, page = open_app(browser, url, viewport=SMALL)
        tap(page, "tab", "Ghi nhận")
        wait_text(page, "Dịch vụ đã hỗ trợ")
        tap(page, "button", "Thêm hộ mới")
        fill(page, "Tên chủ hộ", "Vàng Thị Mỷ")
        # "Thêm hộ mới" has a way back, which keeps what was typed as the search.
        tap(page, "button", "Quay lại tìm hộ đã có")
        assert textbox_value(page, "Tìm hộ theo tên chủ hộ") == "Vàng Thị Mỷ"
        tap(page, "button", "Thêm hộ mới")
        assert textbox_value(page, "Tên chủ hộ") == "Vàng Thị Mỷ"
        tap(page, "checkbox", SERVICE)

        tap(page, "tab", "Hướng dẫn")
        wait_text(page, "Thư viện hướng dẫn")
        tap(page, "tab", "Ghi nhận")
        wait_text(page, "Dịch vụ đã hỗ trợ")
        assert textbox_value(page, "Tên chủ hộ") == "Vàng Thị Mỷ"
        assert checked(page, SERVICE) == "true"
        context.close()

    with running_app(data_dir) as url:  # the app started again on the same phone
        context, page = open_app(browser, url, viewport=SMALL)
        tap(page, "tab", "Ghi nhận")
        wait_text(page, "Đã mở lại buổi chưa lưu")
        assert textbox_value(page, "Tên chủ hộ") == "Vàng Thị Mỷ"
        assert checked(page, SERVICE) == "true"
        screenshot(page, "draft-restored")
        # Nothing of it was written while it was a draft.
        tap(page, "tab", "Hộ dân")
        fill(page, "Tìm theo tên chủ hộ", "vang thi my")
        wait_text(page, "Không có hộ nào tên như vậy.")
        assert page.get_by_role("button", name="Vàng Thị Mỷ").count() == 0
        discard_draft(page)
        wait_text(page, "Tìm hộ theo tên chủ hộ")
        assert page.get_by_role("textbox", name="Tên chủ hộ", exact=True).count() == 0
        context.close()


def chips_fit(page) -> list[str]:
    """Chips that reach past the screen's edges (a wrapped label stays inside its box)."""
    width = (page.viewport_size or SMALL)["width"]
    boxes = page.get_by_role("checkbox").evaluate_all(
        "cs => cs.map(c => [c.getAttribute('aria-label'), c.getBoundingClientRect().left,"
        " c.getBoundingClientRect().right])"
    )
    return [name for name, left, right in boxes if left < 0 or right > width + 0.5]


def test_3_at_200_percent_text_the_form_a_household_and_a_guide_stay_readable(
    large_text,
) -> None:
    page = large_text
    tap(page, "tab", "Ghi nhận")
    wait_text(page, "Dịch vụ đã hỗ trợ")
    tap(page, "button", "Thêm hộ mới")
    tap(page, "checkbox", SERVICE)
    # The text is twice as large: a chip of one line is at least 2 x 15 px of words high.
    chip = still(page.get_by_role("checkbox", name="5 phút").first)
    assert chip["height"] >= 2 * 15 + 26, chip
    assert chips_fit(page) == []
    guide_chip = page.get_by_role("checkbox", name=GUIDE).first
    tap(page, "checkbox", GUIDE)  # the long guide chip, its words wrapped, not cut
    assert on_screen(page, guide_chip)
    # The note's label is short enough to stay inside its border; the warning wraps below.
    note = page.get_by_role("textbox", name="Ghi chú", exact=True).first
    found(page, note)
    in_reach(page, note)
    warning = shown(page, "Không ghi số căn cước.")
    warning.wait_for(state="attached")
    assert still(warning)["y"] > still(note)["y"] + 40  # under the field, not in its label
    scroll(page, 160)  # the field and the warning under it above the navigation bar
    screenshot(page, "session-text200")
    discard_draft(page)

    tap(page, "tab", "Hộ dân")
    wait_text(page, "Tìm theo tên chủ hộ")
    household = page.get_by_role("button", name=re.compile(r"Thôn \d, Xã Quảng La$")).first
    found(page, household)  # the follow-ups ahead come first: swiped down to the list
    in_reach(page, household)
    household.click()
    wait_text(page, "Các buổi hỗ trợ")
    screenshot(page, "household-text200")
    tap_icon(page, "Quay lại")

    tap(page, "tab", "Hướng dẫn")
    fill(page, "Tìm hướng dẫn", "muc 2")
    tap(page, "button", GUIDE)
    wait_text(page, "Hiện mã QR")
    settle(page, 2)
    screenshot(page, "guide-text200")
    scroll(page, 900)
    wait_text(page, "Các bước")
    screenshot(page, "guide-steps-text200")


def named_button(page, name: str) -> None:
    """An icon button says its name itself (no wrapper around it says it instead), once."""
    button = page.get_by_role("button", name=name, exact=True)
    button.first.wait_for()
    assert button.count() == 1
    assert button.evaluate("b => b.getAttribute('aria-label') || b.textContent") == name
    assert page.locator(f'[aria-label="{name}"]:not([role=button])').count() == 0


def test_4_a_screen_reader_hears_a_name_and_a_value(phone_page) -> None:
    page = phone_page
    named_button(page, "Thêm")  # the app bar's menu
    tap(page, "tab", "Ghi nhận")
    tap(page, "button", "Thêm hộ mới")
    # The village: one button read with its label and its value, and whether it is open.
    village = page.get_by_role("button", name=re.compile(r"^Thôn, bản, khu Thôn \d")).first
    village.wait_for()
    assert village.get_attribute("aria-expanded") == "false"
    tap(page, "button", "Thôn, bản, khu")
    expect(village).to_have_attribute("aria-expanded", "true")
    tap(page, "checkbox", "Thôn 1")  # its options are chips, read as ticked or not
    wait_text(page, "Thôn, bản, khu Thôn 1")
    # The consent box is read once, as the box with its words.
    said = page.locator(f'[aria-label*="{CONSENT}"]').or_(page.get_by_text(CONSENT))
    assert said.count() == 1 and checked(page, CONSENT) == "false"
    screenshot(page, "session-named")
    discard_draft(page)

    # The 14-day chart: its bars are left out, a sentence says what they show.
    tap(page, "tab", "Số liệu")
    wait_text(page, "14 ngày qua:")
    summary = shown(page, "14 ngày qua:")
    assert re.search(r"14 ngày qua: \d+ buổi\.", summary.inner_text() or "")
    screenshot(page, "stats-summary")

    # The guide's video: each control named.
    tap(page, "tab", "Hướng dẫn")
    fill(page, "Tìm hướng dẫn", "muc 2")
    tap(page, "button", GUIDE)
    for name in ("Phát video", "Lùi 10 giây", "Xem từ đầu"):
        page.get_by_role("button", name=name).first.wait_for()
    named_button(page, "Quay lại")  # the app bar's way back
    # The share screen's guide picker: named and with the guide as its value.
    tap(page, "button", "Chia sẻ qua Wi-Fi")
    wait_text(page, "Bật điểm phát sóng")
    picker = page.get_by_role("button", name=re.compile(rf"^Hướng dẫn để chia sẻ {GUIDE}"))
    picker.first.wait_for(state="attached")
    tap_icon(page, "Quay lại")


def test_5_the_households_screen_shows_the_follow_ups_ahead(phone_page) -> None:
    page = phone_page
    tap(page, "tab", "Hộ dân")
    wait_text(page, "Tìm theo tên chủ hộ")
    household = page.get_by_role("button", name=re.compile(r"Thôn \d, Xã Quảng La$")).first
    found(page, household)  # the follow-ups ahead come first: swiped down to the list
    in_reach(page, household)
    label = household.get_attribute("aria-label") or household.inner_text()
    name = re.sub(r"\s*Thôn \d, Xã Quảng La$", "", label)
    tap(page, "tab", "Ghi nhận")
    fill(page, "Tìm hộ theo tên chủ hộ", name)
    tap(page, "button", name)
    tap(page, "checkbox", SERVICE)
    tap(page, "checkbox", "Cần quay lại")
    tap(page, "checkbox", "Sau 3 ngày")
    tap(page, "button", SAVE)
    wait_text(page, f"Đã lưu buổi hỗ trợ cho hộ {name}.")

    tap(page, "tab", "Hộ dân")
    week = shown(page, "Hẹn trong 7 ngày tới")
    week.wait_for(state="attached")
    due = page.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\s.*còn 3 ngày"))
    due.first.wait_for(state="attached")
    assert still(due.first)["y"] > still(week)["y"]  # under the week's heading
    screenshot(page, "follow-ups-ahead")


def video_state(page) -> tuple[float, bool]:
    """Where the browser's own video element is and whether it is paused: the player's real
    state, under what the app draws over it."""
    return tuple(page.locator("video").first.evaluate("v => [v.currentTime, v.paused]"))


def moving(page, wait: float = 30) -> bool:
    """The video's position goes forward (polled, the machine may be slow to start it)."""
    first, _ = video_state(page)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.5)
        at, paused = video_state(page)
        if at > first and not paused:
            return True
    return False


def test_7_the_video_plays_from_a_tap_on_its_picture_or_its_large_button(small_phone) -> None:
    page = small_phone
    fill(page, "Tìm hướng dẫn", "muc 2")
    tap(page, "button", GUIDE)
    wait_text(page, "Hiện mã QR")
    settle(page, 2)
    big = page.get_by_role("button", name="Phát video", exact=True).first
    # Swiped so the button is in the middle of the screen, the whole picture around it.
    scroll(page, still(big)["y"] + BIG_BUTTON / 2 - SMALL["height"] / 2)
    box = still(big)
    assert box["width"] >= 88 and box["height"] >= 88, box  # a thumb's target, not 44 px
    # Drawn in the middle of the picture, far from the screen's edge.
    picture = still(page.get_by_role("button", name=re.compile("^Hình video: ")).first)
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert abs(middle[0] - (picture["x"] + picture["width"] / 2)) < 2, (box, picture)
    assert abs(middle[1] - (picture["y"] + picture["height"] / 2)) < 2, (box, picture)
    assert middle[1] + box["height"] / 2 < SMALL["height"] - 80, box  # above the bottom bar
    screenshot(page, "video-ready")
    assert video_state(page) == (0, True)

    # A finger's tap on the picture itself, away from the button: the video plays.
    on_picture = (picture["x"] + 40, max(picture["y"], 60) + 40)
    assert on_picture[1] < box["y"] - 20 and on_picture[1] < SMALL["height"] - 80, picture
    page.mouse.click(*on_picture)
    page.get_by_role("button", name="Tạm dừng", exact=True).first.wait_for(state="attached")
    assert moving(page), video_state(page)
    screenshot(page, "video-playing")
    # Tapped again, it pauses, and the large button is back.
    page.mouse.click(*on_picture)
    big.wait_for(state="attached")
    assert video_state(page)[1] is True
    # The large button plays it too; the one under the picture pauses it.
    page.mouse.click(*middle)
    page.get_by_role("button", name="Tạm dừng", exact=True).first.wait_for(state="attached")
    assert moving(page), video_state(page)
    page.get_by_role("button", name="Tạm dừng", exact=True).first.click()
    big.wait_for(state="attached")
    assert video_state(page)[1] is True
    tap_icon(page, "Quay lại")


LARGE = {"width": 412, "height": 915}  # a large phone: a whole QR code on the screen
SSID, WIFI_PASSWORD = "Tổ CNSCĐ thôn 3", "quangla2026"


def opened_share_screen(page) -> None:
    """From the library to the share screen's second step (the hotspot saved on the way, the
    first time); answers the guide's address as the screen says it."""
    tap_icon(page, "Thêm")
    tap(page, "menuitem", "Chia sẻ qua Wi-Fi")
    wait_text(page, "Hướng dẫn để chia sẻ")
    if page.get_by_role("textbox", name="Tên Wi-Fi (điểm phát sóng)").count():
        fill(page, "Tên Wi-Fi (điểm phát sóng)", SSID)
        fill(page, "Mật khẩu Wi-Fi", WIFI_PASSWORD)
        tap(page, "button", "Lưu Wi-Fi")
    wait_text(page, f"Wi-Fi: {SSID}")


def guide_address(page) -> str:
    address = shown(page, "Địa chỉ: http")
    address.wait_for(state="attached")
    return re.search(r"http://[\d.]+:\d+/g/[a-z0-9-]+", address.inner_text()).group(0)


def port_of(url: str) -> int:
    return int(url.split(":")[2].split("/")[0])


@contextmanager
def households_opening(url: str) -> Iterator[None]:
    """Phones on the hotspot opening the guide one after another, until the block ends."""
    done = threading.Event()

    def open_again() -> None:
        with httpx.Client(timeout=2) as phone:
            while not done.is_set():
                try:
                    phone.get(url)
                except httpx.HTTPError:
                    time.sleep(0.1)

    phones = [threading.Thread(target=open_again, daemon=True) for _ in range(3)]
    for phone in phones:
        phone.start()
    try:
        yield
    finally:
        done.set()
        for phone in phones:
            phone.join(timeout=10)


def stops_answering(url: str, wait: float = 90) -> bool:
    """Polls `url` until its port refuses connections. A request caught while the server
    shuts down may be reset or time out: that is not yet "stopped", it is tried again."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
        except httpx.ConnectError:
            return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def test_8_the_share_server_takes_the_port_asked_for_and_stops_when_the_tab_closes(
    browser, web_app: str, share_port: int
) -> None:
    context, page = open_app(browser, web_app, viewport=LARGE)
    opened_share_screen(page)
    # One code at a time, the other a tap away: framing one, a camera reads that one only.
    wifi_code = f"WIFI:T:WPA;S:{SSID};P:{WIFI_PASSWORD};;"
    assert decode_qr(screenshot(page, "share-wifi-step")) == [wifi_code]
    tap(page, "button", "Tiếp: mã mở hướng dẫn")
    wait_text(page, "Rồi quét mã này để mở hướng dẫn")
    url = guide_address(page)
    assert decode_qr(screenshot(page, "share-guide-step")) == [url]
    assert port_of(url) == share_port  # the port asked for, no other, and no note of a move
    assert not shown(page, "đang bị ứng dụng khác dùng").count()
    assert httpx.get(url).status_code == 200
    # The volunteer closes the app's tab without leaving the screen, while households' phones
    # still open the guide (each open redraws the screen's count: a message on its way to the
    # tab as it goes). Nobody is left to show the codes to, so the server stops, not only
    # after its quarter of an hour without a request.
    with households_opening(url):
        time.sleep(1)  # (the phones' opens under way before the tab closes)
        context.close()
        assert stops_answering(url), f"the guide server still answers at {url}, its tab closed"


def test_8_a_taken_port_is_said_on_the_screen_not_changed_in_silence(
    browser, web_app: str, share_port: int
) -> None:
    with socket.socket() as other_app:  # another app of the phone holds the port
        # (past the connections an earlier test's phones left waiting to close on it)
        other_app.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other_app.bind(("0.0.0.0", share_port))
        other_app.listen()
        context, page = open_app(browser, web_app, viewport=LARGE)
        opened_share_screen(page)
        tap(page, "button", "Tiếp: mã mở hướng dẫn")
        url = guide_address(page)
        port = port_of(url)
        assert port != share_port
        wait_text(
            page,
            f"Cổng {share_port} đang bị ứng dụng khác dùng, nên máy chia sẻ ở cổng {port}.",
        )
        assert decode_qr(screenshot(page, "share-port-taken")) == [url]  # the code follows
        assert httpx.get(url).status_code == 200
        tap_icon(page, "Quay lại")  # leaving the screen stops it at once
        wait_text(page, "Thư viện hướng dẫn")
        assert stops_answering(url)
        context.close()


def test_9_in_english_the_app_and_its_loading_screen_speak_english(browser, tmp_path) -> None:
    guide = next(g for g in load_manifest().guides if g.code == "vneid-m2")
    data_dir = tmp_path / "app"
    data_dir.mkdir()
    with running_app(data_dir) as url:  # its own app: the language is the device's setting
        context, page = open_app(browser, url)
        tap_icon(page, "Thêm")
        tap(page, "menuitem", "Cài đặt")
        wait_text(page, "Ngôn ngữ")
        tap(page, "button", "English")
        wait_text(page, "Language")
        context.close()
        context, page = open_app(browser, url)  # the app opened again: English, as it was set
        wait_text(page, "Guide library")
        fill(page, "Search guides", "level 2")
        tap(page, "button", guide.title_en)
        wait_text(page, "Show QR code")
        if guide.summary_en:  # (none of the guides has one yet: the content's to write)
            wait_text(page, guide.summary_en)
        screenshot(page, "guide-english")
        context.close()

        # The loading screen, held there: the app's name and words, not Flet's.
        context = phone_context(browser)
        page = context.new_page()
        page.route("**/main.dart.js", lambda route: None)  # the client never comes
        page.goto(url, wait_until="commit")  # (its "load" waits for the client that never comes)
        page.get_by_text("Opening the app…").or_(page.get_by_text("Đang mở ứng dụng…")).wait_for()
        assert "Flet" not in page.title() and "Flet" not in page.inner_text("body")
        page.screenshot(path=str(SCREENSHOTS / "app-loading.png"))
        manifest = httpx.get(f"{url}manifest.json").json()
        assert "Flet" not in str(manifest) and manifest["short_name"] == "Tổ CNSCĐ"
        context.close()


def two_households_of_one_village() -> tuple[str, list[str]]:
    """A village of the demo commune and two of its households' heads, each name the only one
    of its kind, so that a search finds that household."""
    demo = load_demo()
    heads = Counter(h.head_name for h in demo.households)
    for village in demo.villages:
        names = [
            h.head_name
            for h in demo.households
            if h.village_id == village.id and heads[h.head_name] == 1
        ]
        if len(names) >= 2:
            return village.name, names[:2]
    raise AssertionError("the demo commune has no village with two households")


def test_11_two_households_of_one_village_get_sheets_of_different_names(
    small_phone, tmp_path
) -> None:
    page = small_phone
    village, heads = two_households_of_one_village()
    saved = []
    for head in heads:
        tap(page, "tab", "Hộ dân")
        fill(page, "Tìm theo tên chủ hộ", head)
        household = page.get_by_role(
            "button", name=re.compile(rf"^{re.escape(head)}\s.*{re.escape(village)}, ")
        ).first
        found(page, household)
        in_reach(page, household)
        household.click()
        wait_text(page, "Các buổi hỗ trợ")
        tap(page, "button", "In phiếu hướng dẫn")
        wait_text(page, f"Phiếu cho hộ {head}")
        guide = page.get_by_role("checkbox", name=GUIDE)
        if guide.count() and checked(page, GUIDE) == "false":  # else its shared guides are ticked
            tap(page, "checkbox", GUIDE)
        if not textbox_value(page, "Tên tổ in trên phiếu"):  # (remembered from the first sheet)
            fill(page, "Tên tổ in trên phiếu", "Tổ CNSCĐ xã Quảng La")
            fill(page, "Số điện thoại liên hệ của tổ", "0203 3123 456")
        with page.expect_download(timeout=60_000) as download:
            tap(page, "button", "Tạo phiếu PDF")
        name = download.value.suggested_filename
        download.value.save_as(tmp_path / name)
        wait_text(page, f"Đã tạo phiếu {name}.")
        screenshot(page, f"sheet-household-{len(saved) + 1}")
        saved.append(name)
        tap_icon(page, "Quay lại")  # to the household
        wait_text(page, "Các buổi hỗ trợ")
        tap_icon(page, "Quay lại")  # to the households

    slug = re.sub(r"[^a-z0-9]+", "-", fold(village)).strip("-")  # "Thôn 3": "thon-3"
    day = today_local().isoformat()
    assert all(name.startswith(f"phieu-{slug}-{day}-") for name in saved), saved
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) == 2, files  # two sheets, two files: the second did not replace the first
    assert all(f.read_bytes().startswith(b"%PDF") for f in files)
