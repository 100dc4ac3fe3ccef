"""The committed infographics and videos as a household gets them: phone-width palette PNGs,
short H.264 MP4s that a browser can play while they load, all well within the size budget."""

from __future__ import annotations

import io

import av
import pytest
from PIL import Image

from content.catalog import load_catalog
from content.manifest import DIST_DIR, load_manifest
from content.qr import decoded_texts
from content.video import FPS, slide_seconds, slides

MANIFEST = load_manifest()
SOURCES = {g.code: g for g in load_catalog().guides}
FILES = {m.sha256: m for m in MANIFEST.media}


def _bytes(sha: str) -> bytes:
    return (DIST_DIR / FILES[sha].path).read_bytes()


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_infographic_is_a_tall_phone_width_palette_png(guide) -> None:
    item = FILES[guide.media["infographic"]]
    image = Image.open(io.BytesIO(_bytes(item.sha256)))
    assert (image.format, image.mode, image.width) == ("PNG", "P", 720)
    assert image.height > 2 * image.width
    assert item.mime == "image/png" and item.size < 150_000


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_video_is_a_short_h264_mp4_that_starts_playing_at_once(guide) -> None:
    item = FILES[guide.media["video"]]
    data = _bytes(item.sha256)
    assert item.mime == "video/mp4" and item.size == len(data) < 2_000_000
    # ftyp, then moov before mdat: a browser can start before the whole file is in.
    assert data[4:8] == b"ftyp" and 0 < data.find(b"moov") < data.find(b"mdat")
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        assert (context.name, context.pix_fmt, context.profile) == ("h264", "yuv420p", "Main")
        assert (stream.width, stream.height) == (720, 1280) and not container.streams.audio
        source = SOURCES[guide.code]
        expected = 5 + sum(slide_seconds(step.text) for step in source.steps)  # no QR slide
        assert container.duration / 1_000_000 == pytest.approx(expected, abs=1 / FPS)


def test_a_provinces_video_ends_on_its_qr_and_the_demos_on_its_last_step() -> None:
    source = SOURCES[MANIFEST.guides[0].code]
    url = f"https://huongdan.quangninh.gov.vn/g/{source.code}"
    with_address = slides(source, url, "VNeID")
    assert len(with_address) == len(source.steps) + 2
    assert decoded_texts(with_address[-1][0]) == [url]
    without = slides(source, None, "VNeID")
    assert len(without) == len(source.steps) + 1 and decoded_texts(without[-1][0]) == []


def test_the_whole_content_stays_light() -> None:
    total = sum(m.size for m in MANIFEST.media)
    assert total < 15_000_000
    assert {m.mime for m in MANIFEST.media} == {"image/png", "video/mp4"}
