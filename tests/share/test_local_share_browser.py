"""The local guide page as a household's phone shows it over the volunteer's hotspot: the real
guides and media bundled with the app, served by the device's own guide server, opened in
headless Chromium at phone size."""

from __future__ import annotations

import pytest
from support.chromium import PHONE, launched, phone_context, screenshot_path

from app.services import guides, opens
from share.server import GuideShare

pytestmark = pytest.mark.browser
GUIDE = "vneid-m2"


def test_the_local_guide_page_on_a_phone(store) -> None:
    guide = guides.get(store, GUIDE)
    assert guide.infographic_sha256 and guide.video_sha256, "the bundled content has no media"
    with (
        launched() as browser,
        GuideShare(
            store, lambda code: opens.count_open(store, code), host="127.0.0.1", port=0
        ) as share,
    ):
        context = phone_context(browser, device_scale_factor=2, is_mobile=True, has_touch=True)
        phone = context.new_page()
        failures: list[str] = []
        phone.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
        answer = phone.goto(f"http://127.0.0.1:{share.port}/g/{GUIDE}", wait_until="load")
        assert answer.status == 200
        assert phone.locator("h1").inner_text() == guide.title
        assert phone.locator("ol > li").count() == len(guide.steps)
        phone.wait_for_function(
            "() => { const i = document.querySelector('main img'); return i.complete && i.naturalWidth > 0; }"
        )
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        phone.screenshot(path=str(screenshot_path("local-guide")))

        # The video's metadata loads from the device over Range, as a phone's player asks for it.
        phone.evaluate(
            "() => { const v = document.querySelector('video'); v.preload = 'metadata'; v.load(); }"
        )
        phone.wait_for_function(
            "() => document.querySelector('video').readyState >= 1", timeout=20_000
        )
        assert phone.evaluate("() => document.querySelector('video').duration") > 1
        video = f"/m/{guide.video_sha256}"
        assert [f for f in failures if not (video in f and f.endswith("net::ERR_ABORTED"))] == []

        # The list of guides on the device leads back to the guide.
        phone.goto(f"http://127.0.0.1:{share.port}/g/")
        phone.get_by_role("link", name=guide.title).click()
        phone.wait_for_url(f"http://127.0.0.1:{share.port}/g/{GUIDE}")
        context.close()
    assert sum(count for (code, _day), count in opens.counts(store).items() if code == GUIDE) == 2
