"""Sharing over Wi-Fi: the screen starts the real guide server (here on loopback), shows the
Wi-Fi QR, then the guide's QR, one at a time (each read back with zxing-cpp), counts the pages
opened, says when its usual port was taken, and the server stops when the screen is left, when
the app is closed, or by itself when idle."""

from __future__ import annotations

import io
import socket
import time

import flet as ft
import httpx
import pytest
import zxingcpp
from PIL import Image
from testhost import LOOPBACK, TestHost, loopback_sharing
from viewtest import find_all, shown, tap_text, type_into

from app.db import Store
from app.services import guides, wifi
from launcher.device import HotspotSharing
from views.guide import GuideScreen
from views.share import ShareScreen
from views.shell import Shell


def qr_texts(screen: ShareScreen) -> list[str]:
    """What each QR on the screen says, in order."""
    return [
        zxingcpp.read_barcodes(Image.open(io.BytesIO(image.src)))[0].text
        for image in find_all(screen.root, ft.Image)
    ]


def open_share(host: TestHost, code: str | None = "vneid-m2", **options) -> ShareScreen:
    if options:  # e.g. idle_timeout
        host.sharing = loopback_sharing(host.store, **options)
    screen = ShareScreen(host, code)
    host.open(screen)
    return screen


def wait_until(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_guide_qr_opens_the_page_served_by_this_device(host: TestHost, store: Store) -> None:
    screen = open_share(host)
    port = screen.share.port
    url = f"http://{LOOPBACK}:{port}/g/vneid-m2"
    assert qr_texts(screen) == [url]  # no Wi-Fi typed yet: the guide's step
    text = shown(screen.root)
    assert "Bật điểm phát sóng (hotspot) của điện thoại trước" in text
    assert f"Địa chỉ: {url}" in text and "đang bị ứng dụng khác dùng" not in text
    assert "Tự dừng khi rời màn hình này hoặc sau 15 phút không ai mở." in text
    assert "Hôm nay các trang đã được mở 0 lần." in text

    page = httpx.get(url)
    assert page.status_code == 200 and guides.get(store, "vneid-m2").title in page.text
    assert "Hôm nay các trang đã được mở 1 lần." in shown(screen.root)

    screen.guide_picker.value = "lua-dao"
    screen.guide_picker.on_select()
    assert qr_texts(screen) == [f"http://{LOOPBACK}:{port}/g/lua-dao"]

    host.back()  # leaving the screen stops the server
    assert not screen.share.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)


def test_the_hotspot_is_typed_once_and_its_qr_joins_the_wifi(host: TestHost, store: Store) -> None:
    screen = open_share(host)
    type_into(screen.ssid, "Tổ CNSCĐ thôn 3")
    type_into(screen.password, "ngan")
    tap_text(screen.root, "Lưu Wi-Fi")
    assert screen.errors.message("password") == "Mật khẩu Wi-Fi phải dài từ 8 đến 63 ký tự."
    type_into(screen.password, "mat;khau:2026")
    tap_text(screen.root, "Lưu Wi-Fi")
    wifi_code = "WIFI:T:WPA;S:Tổ CNSCĐ thôn 3;P:mat\\;khau\\:2026;;"
    assert qr_texts(screen) == [wifi_code]  # step 1 alone
    assert "Wi-Fi: Tổ CNSCĐ thôn 3" in shown(screen.root) and not screen.hotspot_form.visible
    tap_text(screen.root, "Tiếp: mã mở hướng dẫn")
    assert qr_texts(screen) == [screen.guide_url]  # step 2 alone
    host.back()

    again = open_share(host, "lua-dao")  # remembered: nothing to type the next time
    assert wifi.saved(store) == wifi.Hotspot("Tổ CNSCĐ thôn 3", "mat;khau:2026")
    assert not again.hotspot_form.visible
    assert qr_texts(again) == ["WIFI:T:WPA;S:Tổ CNSCĐ thôn 3;P:mat\\;khau\\:2026;;"]
    tap_text(again.root, "Đổi")
    assert again.hotspot_form.visible and again.ssid.value == "Tổ CNSCĐ thôn 3"
    host.back()


def test_an_idle_server_stops_by_itself_and_says_so(host: TestHost) -> None:
    screen = open_share(host, idle_timeout=0.4)
    wait_until(lambda: screen.stopped_by_itself)
    assert not screen.share.running
    assert screen.server_state.value.startswith("Đã dừng chia sẻ vì")
    assert screen.restart_button.visible
    tap_text(screen.root, "Chia sẻ lại")
    assert screen.share.running and httpx.get(screen.guide_url).status_code == 200
    host.back()
    assert not screen.share.running


def test_the_guide_screen_and_the_menu_open_it(shell: Shell) -> None:
    shell.open(GuideScreen(shell, "lua-dao"))
    tap_text(shell.top.root, "Chia sẻ qua Wi-Fi")
    screen = shell.top
    assert isinstance(screen, ShareScreen) and screen.code == "lua-dao" and screen.share.running
    shell.go("library")  # a bar tab replaces the stack: the server stops too
    assert not screen.share.running

    tap_text(shell.menu, "Chia sẻ qua Wi-Fi")
    from_menu = shell.top
    assert (
        isinstance(from_menu, ShareScreen)
        and from_menu.code == guides.all_guides(shell.store)[0].code
    )
    assert from_menu.guide_url.endswith(f":{from_menu.share.port}/g/{from_menu.code}")
    shell.close()  # the page went away
    assert not from_menu.share.running


def test_a_taken_port_is_said_plainly_and_the_codes_follow_the_one_used(host: TestHost) -> None:
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        wanted = taken.getsockname()[1]
        host.sharing = HotspotSharing(host.store, bind=LOOPBACK, port=wanted)
        screen = open_share(host)
        used = screen.share.port
        assert used != wanted and screen.share.moved
        assert f"Cổng {wanted} đang bị ứng dụng khác dùng, nên máy chia sẻ ở cổng {used}." in shown(
            screen.root
        )
        assert qr_texts(screen) == [f"http://{LOOPBACK}:{used}/g/vneid-m2"]
        assert httpx.get(screen.guide_url).status_code == 200
        host.back()


def test_closing_the_app_stops_the_server(shell: Shell) -> None:
    tap_text(shell.menu, "Chia sẻ qua Wi-Fi")
    screen = shell.top
    url = screen.guide_url
    assert httpx.get(url).status_code == 200
    shell.page.on_disconnect()  # the browser tab closed; its session lingers, the server does not
    assert not screen.share.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
    assert "Đã dừng chia sẻ vì ứng dụng đã đóng." in shown(screen.root)
    assert screen.restart_button.visible
