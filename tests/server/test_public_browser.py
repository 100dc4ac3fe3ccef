"""The public guide page as a household's phone shows it: the real content bundle
(content/dist) published to a live server, opened in headless Chromium at 390x844. The page is
light, fits the screen, its infographic shows and its video plays; the open is counted."""

from __future__ import annotations

import pytest
from apitest import LiveServer, World
from sqlmodel import Session, select
from support import chromium as browsers
from support.chromium import PHONE, screenshot_path

from content.manifest import DIST_DIR, load_manifest
from server.cli import main as cli
from server.models import QrOpen

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
GUIDE = "vneid-m2"


@pytest.fixture
def published(settings) -> dict:
    assert cli(["publish", str(DIST_DIR)], settings) == 0
    return next(g for g in load_manifest().guides if g.code == GUIDE).__dict__


def test_the_guide_page_on_a_phone(app, world: World, published: dict, phone) -> None:
    assert published["media"].get("infographic") and published["media"].get("video"), (
        "content/dist has no media"
    )
    with LiveServer(app) as live:
        answer = phone.goto(f"{live.url}/g/{GUIDE}?c={world.commune_a}", wait_until="load")
        assert answer.status == 200
        html_bytes = len(answer.body())
        assert html_bytes < 30 * 1024, html_bytes
        assert phone.locator("h1").inner_text() == published["title"]
        assert phone.locator("ol > li").count() == len(published["steps"])
        assert phone.locator("html").get_attribute("lang") == "vi"

        image = phone.locator("main img")
        image.scroll_into_view_if_needed()
        phone.wait_for_function(
            "() => { const i = document.querySelector('main img'); return i.complete && i.naturalWidth > 0; }"
        )
        assert image.get_attribute("src") == f"/api/v1/media/{published['media']['infographic']}"
        assert image.bounding_box()["width"] <= PHONE["width"]
        phone.evaluate("() => window.scrollTo(0, 0)")
        phone.screenshot(
            path=str(screenshot_path("public-guide"))
        )  # the first screen a household sees

        # The video plays in this browser: its metadata loads (over Range) and it has a picture.
        phone.evaluate(
            "() => { const v = document.querySelector('video'); v.preload = 'metadata'; v.load(); }"
        )
        phone.wait_for_function(
            "() => document.querySelector('video').readyState >= 1", timeout=20_000
        )
        width, duration = phone.evaluate(
            "() => [document.querySelector('video').videoWidth, document.querySelector('video').duration]"
        )
        assert width > 0 and duration > 1

        # Readable on a small screen: nothing wider than the phone, body text at least 16 px.
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert (
            float(
                phone.evaluate("() => getComputedStyle(document.body).fontSize").removesuffix("px")
            )
            >= 16
        )
        video = f"/api/v1/media/{published['media']['video']}"
        # Chromium stops a video's download once it has what it needs: that one abort is normal.
        assert [
            f for f in phone.failures if not (video in f and f.endswith("net::ERR_ABORTED"))
        ] == []

        # An unknown code: the friendly page, whose link leads to the library.
        missing = phone.goto(f"{live.url}/g/khong-co-ma-nay")
        assert missing.status == 404 and "Không tìm thấy hướng dẫn này" in phone.content()
        phone.get_by_role("link", name="Mở thư viện hướng dẫn").click()
        phone.wait_for_url(f"{live.url}/g/")
        assert phone.get_by_role("link", name=published["title"]).count() == 1

    with Session(app.state.cnscd.engine) as s:
        opens = {(r.guide_code, r.commune_id): r.count for r in s.exec(select(QrOpen))}
    assert opens == {(GUIDE, world.commune_a): 1}


def test_the_video_plays_on_the_first_tap_of_its_large_button(
    app, world: World, published: dict, phone
) -> None:
    with LiveServer(app) as live:
        answer = phone.goto(f"{live.url}/g/{GUIDE}?c={world.commune_a}", wait_until="load")
        assert len(answer.body()) < 30 * 1024
        player, button = phone.locator(".player"), phone.locator(".play .disc")
        player.scroll_into_view_if_needed()
        frame, target = player.bounding_box(), button.bounding_box()
        assert target["width"] >= 64 and target["height"] >= 64  # a thumb's target
        centre = (frame["x"] + frame["width"] / 2, frame["y"] + frame["height"] / 2)
        assert abs(target["x"] + target["width"] / 2 - centre[0]) < 2
        assert abs(target["y"] + target["height"] / 2 - centre[1]) < 2
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= PHONE["width"]
        assert phone.evaluate("() => document.querySelector('video').paused")
        phone.screenshot(path=str(screenshot_path("public-guide-video")))  # before the tap

        phone.locator(".play").tap()  # one tap
        playing = (
            "() => { const v = document.querySelector('video'); "
            "return !v.paused && v.currentTime > 0.5; }"
        )
        phone.wait_for_function(playing, timeout=20_000)
        assert phone.url == f"{live.url}/g/{GUIDE}?c={world.commune_a}"  # it played in place
        assert not phone.locator(".play").is_visible()
        assert phone.evaluate("() => document.querySelector('video').controls")  # native ones stay
        video = f"/api/v1/media/{published['media']['video']}"
        aborted = [f for f in phone.failures if video in f and f.endswith("net::ERR_ABORTED")]
        assert [f for f in phone.failures if f not in aborted] == []


def test_without_script_the_button_opens_the_video_itself(
    app, world: World, published: dict, chromium
) -> None:
    context = browsers.phone_context(chromium, java_script_enabled=False)
    page = context.new_page()
    try:
        with LiveServer(app) as live:
            page.goto(f"{live.url}/g/{GUIDE}", wait_until="load")
            video = f"/api/v1/media/{published['media']['video']}"
            assert page.locator(".play").get_attribute("href") == video
            assert page.locator("video").get_attribute("controls") is not None
    finally:
        context.close()
