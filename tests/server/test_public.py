"""Public guide pages /g/<code>: Vietnamese HTML, small, escaped, no personal data, no login;
opens counted per guide, day and commune without anything about the person."""

from __future__ import annotations

import json
import re

from apitest import make_bundle
from sqlmodel import Session, select

from content import public_page
from server.cli import main as cli
from server.models import QrOpen
from wire.clock import today_local


def _publish(settings, tmp_path) -> dict:
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    return json.loads((bundle / "manifest.json").read_text())


def test_a_guide_page_in_vietnamese_with_infographic_and_video(client, settings, tmp_path) -> None:
    manifest = _publish(settings, tmp_path)
    guide = manifest["guides"][0]
    answer = client.get(f"/g/{guide['code']}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert '<html lang="vi">' in html and 'name="viewport"' in html
    assert public_page.escape(guide["title"]) in html
    for step in guide["steps"]:
        assert public_page.escape(step["text"]) in html
    assert f'<img src="/api/v1/media/{guide["media"]["infographic"]}"' in html
    assert f'src="/api/v1/media/{guide["media"]["video"]}"' in html and "<video" in html
    # One script, the play button's, allowed by its hash and nothing else.
    assert re.findall(r"<script[^>]*>(.*?)</script>", html) == [public_page.PLAY_SCRIPT]
    policy = answer.headers["content-security-policy"]
    assert policy == public_page.HEADERS["Content-Security-Policy"]
    assert "script-src 'sha256-" in policy
    assert 'class="play"' in html and "<track" not in html  # no captions in this bundle
    assert len(answer.content) < 30 * 1024
    assert "set-cookie" not in answer.headers
    # the media it points at are served
    assert client.get(f"/api/v1/media/{guide['media']['infographic']}").status_code == 200


def test_opens_are_counted_per_guide_day_and_commune(
    client, app, settings, world, tmp_path
) -> None:
    code = _publish(settings, tmp_path)["guides"][1]["code"]
    client.get(f"/g/{code}", params={"c": world.commune_a})
    client.get(f"/g/{code}", params={"c": world.commune_a})
    client.get(f"/g/{code}")
    client.get(f"/g/{code}", params={"c": "<not a commune>"})  # counted, but the string is not kept
    client.get(f"/g/{code}", params={"c": world.village_a})  # a village is not a commune
    with Session(app.state.cnscd.engine) as s:
        rows = {(r.guide_code, r.day, r.commune_id): r.count for r in s.exec(select(QrOpen))}
    assert rows == {(code, today_local(), world.commune_a): 2, (code, today_local(), ""): 3}


def test_an_unknown_code_gets_a_friendly_404_with_the_library_link(
    client, settings, tmp_path
) -> None:
    _publish(settings, tmp_path)
    answer = client.get("/g/khong-co-ma-nay")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy hướng dẫn này" in answer.text and 'href="/g/"' in answer.text
    hostile = client.get('/g/"><script>alert(1)</script>')
    assert (
        hostile.status_code == 404
        and "<script>" not in hostile.text
        and "&lt;script&gt;" in hostile.text
    )


def test_the_library_lists_every_published_guide(client, settings, tmp_path) -> None:
    manifest = _publish(settings, tmp_path)
    html = client.get("/g/").text
    for guide in manifest["guides"]:
        assert f'href="/g/{guide["code"]}"' in html


def test_public_pages_are_rate_limited(client, app, settings, tmp_path) -> None:
    app.state.cnscd.limiters["public"].per_minute = app.state.cnscd.limiters["public"].burst = 3
    codes = [client.get("/g/x").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_renderer_escapes_everything() -> None:
    page = public_page.GuidePage(
        code="x",
        title="<script>alert(1)</script>",
        summary='" onload="x',
        steps=["<b>bước</b> & 'một'"],
        source="<i>nguồn</i>",
        varies_by_province="<u>tỉnh</u>",
        infographic_url='/m/a" onerror="x',
        video_url="javascript:alert(1)",
    )
    html = public_page.render_guide(page)
    assert re.findall(r"<script[^>]*>(.*?)</script>", html) == [public_page.PLAY_SCRIPT]
    assert "<script>alert" not in html and "<b>" not in html
    assert "<i>" not in html and "<u>" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        and "&lt;b&gt;bước&lt;/b&gt; &amp; &#x27;một&#x27;" in html
    )
    assert 'onerror="x' not in html and "javascript:" not in html
    captioned = public_page.render_guide(
        public_page.GuidePage(
            code="x", title="t", summary="s", steps=["a"], video_url="/m/v", captions_url="/m/c"
        )
    )
    assert '<track kind="captions" srclang="vi" label="Tiếng Việt" default src="/m/c">' in captioned
    library = public_page.render_library(
        public_page.Library([public_page.LibraryEntry("c", "<x>", "<y>", "/g/c")])
    )
    assert "<x>" not in library and "&lt;x&gt;" in library
