"""The device's local guide server, started from the app's code on loopback: the same public
page as the central API, media with Range, nothing else reachable, a dozen phones at once."""

from __future__ import annotations

import hashlib
import http.client
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import mediafiles
import pytest
from support import demo

from app.db import Store
from app.services import areas, guides
from content import public_page
from content.manifest import Manifest, MediaFile
from share.server import GuideShare, guide_page
from wire.guides import Guide
from wire.messages import text

CATEGORIES = [
    {"code": "vneid", "name": "Định danh điện tử VNeID", "name_en": "VNeID electronic identity"}
]
SERVICES = [
    {
        "code": "vneid_muc_2",
        "name": "Kích hoạt tài khoản VNeID mức 2",
        "name_en": "Activating VNeID level 2",
        "category": "vneid",
    }
]


# One cue a step, in the step's words, as the content build writes them.
CAPTIONS = """WEBVTT

00:00:02.000 --> 00:00:05.000
Mở ứng dụng VNeID.

00:00:05.500 --> 00:00:09.000
Bấm "Kích hoạt tài khoản định danh điện tử".
"""


def _media(root: Path, name: str, mime: str) -> MediaFile:
    path = root / name
    return MediaFile(sha256=mediafiles.sha256(path), path=name, size=path.stat().st_size, mime=mime)


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    root.mkdir()
    mediafiles.png(root / "vneid-m2.png", "Kích hoạt mức 2")
    mediafiles.mp4(root / "vneid-m2.mp4", 2_000_000)
    mediafiles.png(root / "unused.png", "không dùng")
    (root / "vneid-m2.vtt").write_text(CAPTIONS, encoding="utf-8")
    return root


@pytest.fixture
def store(tmp_path: Path, media_root: Path) -> Iterator[Store]:
    infographic = _media(media_root, "vneid-m2.png", "image/png")
    video = _media(media_root, "vneid-m2.mp4", "video/mp4")
    unused = _media(media_root, "unused.png", "image/png")
    captions = _media(media_root, "vneid-m2.vtt", "text/vtt")
    guide = Guide(
        code="vneid-m2",
        category="vneid",
        title="Kích hoạt tài khoản định danh điện tử mức 2",
        title_en="Activating a level-2 VNeID account",
        summary="Tự kích hoạt tài khoản VNeID mức 2.",
        services=["vneid_muc_2"],
        version=1,
        updated_on="2026-11-20",
        source="Nghị định 69/2024/NĐ-CP",
        varies_by_province="",
        steps=[
            {"text": "Mở ứng dụng VNeID.", "text_en": "Open VNeID."},
            {"text": 'Bấm "Kích hoạt tài khoản định danh điện tử".', "text_en": "Tap it."},
        ],
        media={
            "infographic": infographic.sha256,
            "video": video.sha256,
            "captions": captions.sha256,
        },
    )
    manifest = Manifest(
        content_version="share-test",
        categories=CATEGORIES,
        services=SERVICES,
        guides=[guide],
        media=[infographic, video, captions, unused],
        root=media_root,
    )
    opened = Store(tmp_path / "device.sqlite3")
    guides.import_manifest(opened, manifest)
    areas.add(opened, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    yield opened
    opened.close()


@pytest.fixture
def opens() -> list[str]:
    return []


@pytest.fixture
def share(store: Store, opens: list[str]) -> Iterator[GuideShare]:
    with GuideShare(store, opens.append, host="127.0.0.1", port=0) as running:
        yield running


def base(share: GuideShare) -> str:
    return f"http://127.0.0.1:{share.port}"


def raw_get(share: GuideShare, path: str) -> tuple[int, bytes]:
    """A request with the path exactly as written (no client-side normalising of '..')."""
    conn = http.client.HTTPConnection("127.0.0.1", share.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "127.0.0.1")
        conn.endheaders()
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def test_the_guide_page_is_the_public_page_with_local_media(
    share: GuideShare, store: Store, opens: list[str]
) -> None:
    answer = httpx.get(f"{base(share)}/g/vneid-m2")
    assert (
        answer.status_code == 200 and answer.headers["content-type"] == "text/html; charset=utf-8"
    )
    guide = guides.get(store, "vneid-m2")
    assert answer.text == public_page.render_guide(guide_page(guide))  # one renderer, the same page
    assert f'<img src="/m/{guide.infographic_sha256}"' in answer.text
    assert f'src="/m/{guide.video_sha256}"' in answer.text
    assert answer.text.count("<script>") == 1 and public_page.PLAY_SCRIPT in answer.text
    assert (
        answer.headers["content-security-policy"] == public_page.HEADERS["Content-Security-Policy"]
    )
    assert opens == ["vneid-m2"]
    httpx.head(f"{base(share)}/g/vneid-m2")
    assert opens == ["vneid-m2"]  # a HEAD is not somebody reading the guide


def test_the_guide_page_offers_the_captions_from_the_device(
    share: GuideShare, store: Store
) -> None:
    """The device's store keeps the guide's captions (guides.captions_sha256), so the hotspot
    page offers them as the public page does: a Vietnamese track, on by default, whose file
    the server gives as UTF-8 WebVTT."""
    guide = guides.get(store, "vneid-m2")
    assert guide.captions_sha256 == hashlib.sha256(CAPTIONS.encode("utf-8")).hexdigest()
    page = httpx.get(f"{base(share)}/g/vneid-m2").text
    label = text("page_captions", "vi")
    track = (
        f'<track kind="captions" srclang="vi" label="{label}" default'
        f' src="/m/{guide.captions_sha256}">'
    )
    # Inside the element of the device's own video.
    video = page[page.index("<video") : page.index("</video>")]
    assert f'src="/m/{guide.video_sha256}"' in video and track in video
    answer = httpx.get(f"{base(share)}/m/{guide.captions_sha256}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/vtt; charset=utf-8"
    assert answer.content.decode("utf-8") == CAPTIONS


def test_a_guide_without_captions_offers_no_track(store: Store) -> None:
    guide = guides.get(store, "vneid-m2")
    without = guide.model_copy(update={"captions_sha256": None})
    assert "<track" not in public_page.render_guide(guide_page(without))
    no_video = guide.model_copy(update={"video_sha256": None})
    assert "<track" not in public_page.render_guide(guide_page(no_video))


def test_the_library_lists_the_guides_on_the_device(share: GuideShare) -> None:
    assert httpx.get(f"{base(share)}/").headers.get("location") == "/g/"
    html = httpx.get(f"{base(share)}/g/").text
    assert 'href="/g/vneid-m2"' in html and "Kích hoạt tài khoản định danh điện tử mức 2" in html


def test_media_are_served_whole_and_by_range(
    share: GuideShare, store: Store, media_root: Path
) -> None:
    video = (media_root / "vneid-m2.mp4").read_bytes()
    sha = guides.get(store, "vneid-m2").video_sha256
    whole = httpx.get(f"{base(share)}/m/{sha}")
    assert whole.status_code == 200 and whole.content == video
    assert (
        whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    )
    middle = httpx.get(f"{base(share)}/m/{sha}", headers={"Range": "bytes=1000-1999"})
    assert middle.status_code == 206 and middle.content == video[1000:2000]
    assert middle.headers["content-range"] == f"bytes 1000-1999/{len(video)}"
    tail = httpx.get(f"{base(share)}/m/{sha}", headers={"Range": "bytes=-500"})
    assert tail.status_code == 206 and tail.content == video[-500:]
    rest = httpx.get(f"{base(share)}/m/{sha}", headers={"Range": f"bytes={len(video) - 10}-"})
    assert rest.content == video[-10:]
    beyond = httpx.get(f"{base(share)}/m/{sha}", headers={"Range": f"bytes={len(video)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(video)}"
    head = httpx.head(f"{base(share)}/m/{sha}")
    assert (
        head.status_code == 200
        and head.content == b""
        and head.headers["content-length"] == str(len(video))
    )


@pytest.mark.parametrize(
    "path",
    [
        "/../app/db.py",
        "/g/../../etc/passwd",
        "/m/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/data/cnscd.sqlite3",
        "/device.sqlite3",
        "/g/khong-co-ma-nay",
        "/g/VNEID-M2",
        "/m/" + "0" * 64,
        "/m/vneid-m2.png",
        "/api/v1/sync/pull",
    ],
)
def test_nothing_but_guides_and_their_media_is_reachable(share: GuideShare, path: str) -> None:
    status, body = raw_get(share, path)
    assert status == 404
    assert b"Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y" in body  # "Không tìm thấy", the friendly page
    assert b"PRAGMA" not in body and b"root:" not in body and b"import" not in body


def test_a_media_file_no_guide_uses_is_not_served(share: GuideShare, media_root: Path) -> None:
    unused = mediafiles.sha256(media_root / "unused.png")
    assert raw_get(share, f"/m/{unused}")[0] == 404


def test_twelve_phones_download_the_video_at_once(
    share: GuideShare, store: Store, media_root: Path
) -> None:
    sha = guides.get(store, "vneid-m2").video_sha256
    expected = hashlib.sha256((media_root / "vneid-m2.mp4").read_bytes()).hexdigest()

    def download(_: int) -> str:
        digest = hashlib.sha256()
        with httpx.stream("GET", f"{base(share)}/m/{sha}", timeout=30) as answer:
            assert answer.status_code == 200
            for chunk in answer.iter_bytes():
                digest.update(chunk)
        return digest.hexdigest()

    with ThreadPoolExecutor(12) as pool:
        digests = list(pool.map(download, range(12)))
    assert digests == [expected] * 12


def test_it_stops_when_asked_and_listens_no_more(store: Store) -> None:
    share = GuideShare(store, lambda code: None, host="127.0.0.1", port=0)
    port = share.start()
    assert httpx.get(f"http://127.0.0.1:{port}/g/").status_code == 200
    share.stop()
    assert not share.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/g/", timeout=2)


def test_it_stops_by_itself_when_idle_and_says_so(store: Store) -> None:
    told = threading.Event()
    share = GuideShare(
        store, lambda code: None, host="127.0.0.1", port=0, idle_timeout=3, on_idle_stop=told.set
    )
    port = share.start()
    httpx.get(f"http://127.0.0.1:{port}/g/")
    assert told.wait(30)
    assert not share.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/g/", timeout=2)
