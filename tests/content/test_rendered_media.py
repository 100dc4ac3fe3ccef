"""The committed infographics, videos and captions as a household gets them: phone-width
palette PNGs, short H.264 MP4s with a narrated AAC voice that a browser can play while they
load, a WebVTT cue a step timed to that voice, all well within the size budget for 2G."""

from __future__ import annotations

import io
import itertools

import av
import numpy
import pytest
from PIL import Image

from content import narration
from content.captions import parse_webvtt
from content.catalog import load_catalog
from content.manifest import DIST_DIR, load_manifest
from content.qr import decoded_by_both
from content.video import AUDIO_BITRATE, END_SECONDS, FPS, TITLE_SECONDS, slides

MANIFEST = load_manifest()
SOURCES = {g.code: g for g in load_catalog().guides}
FILES = {m.sha256: m for m in MANIFEST.media}


def _bytes(sha: str) -> bytes:
    return (DIST_DIR / FILES[sha].path).read_bytes()


def _cues(guide):
    return parse_webvtt(_bytes(guide.media["captions"]).decode("utf-8"))


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_infographic_is_a_tall_phone_width_palette_png(guide) -> None:
    item = FILES[guide.media["infographic"]]
    image = Image.open(io.BytesIO(_bytes(item.sha256)))
    assert (image.format, image.mode, image.width) == ("PNG", "P", 720)
    assert image.height > 2 * image.width
    assert item.mime == "image/png" and item.size < 150_000


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_video_is_a_short_narrated_h264_mp4_that_starts_playing_at_once(guide) -> None:
    item = FILES[guide.media["video"]]
    data = _bytes(item.sha256)
    assert item.mime == "video/mp4" and item.size == len(data) < 2_000_000
    # ftyp, then moov before mdat: a browser can start before the whole file is in.
    assert data[4:8] == b"ftyp" and 0 < data.find(b"moov") < data.find(b"mdat")
    cues = _cues(guide)
    with av.open(io.BytesIO(data)) as container:
        picture, [voice] = container.streams.video[0], container.streams.audio
        context = picture.codec_context
        assert (context.name, context.pix_fmt, context.profile) == ("h264", "yuv420p", "Main")
        assert (picture.width, picture.height) == (720, 1280)
        assert (voice.codec_context.name, voice.codec_context.profile) == ("aac", "LC")
        assert voice.codec_context.layout.nb_channels == 1
        assert voice.bit_rate <= 32_000 and AUDIO_BITRATE <= 32_000
        # The slides last what their narration does: title, one slide a step (built for the
        # demo, with no address: no end slide with a QR).
        length = cues[-1].end
        assert float(picture.duration * picture.time_base) == pytest.approx(length, abs=1 / FPS)
        assert float(voice.duration * voice.time_base) == pytest.approx(length, abs=0.1)


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_each_step_is_heard_while_its_slide_and_caption_show(guide) -> None:
    """Every slide starts with a keyframe at its cue's start; the voice is heard within every
    cue and not over the title slide."""
    cues = _cues(guide)
    assert [c.text for c in cues] == [s.text for s in SOURCES[guide.code].steps]
    assert cues[0].start == TITLE_SECONDS
    assert all(a.end == b.start for a, b in itertools.pairwise(cues))
    with av.open(io.BytesIO(_bytes(guide.media["video"]))) as container:
        keyframes = [
            float(p.pts * p.time_base)
            for p in container.demux(video=0)
            if p.is_keyframe and p.pts is not None
        ]
    with av.open(io.BytesIO(_bytes(guide.media["video"]))) as container:
        rate = container.streams.audio[0].codec_context.sample_rate
        sound = numpy.concatenate([f.to_ndarray()[0] for f in container.decode(audio=0)])
    assert {c.start for c in cues} <= set(keyframes)

    def level(start: float, end: float) -> float:
        window = sound[int(start * rate) : int(end * rate)]
        return float(numpy.sqrt(numpy.mean(numpy.square(window))))

    assert level(0, TITLE_SECONDS - 0.2) < 0.002
    assert all(level(c.start, c.end) > 0.02 for c in cues)


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_captions_are_webvtt_in_order_within_the_video(guide) -> None:
    item = FILES[guide.media["captions"]]
    text = _bytes(item.sha256).decode("utf-8")
    assert item.mime == "text/vtt" and text.startswith("WEBVTT\n")
    cues = _cues(guide)
    with av.open(io.BytesIO(_bytes(guide.media["video"]))) as container:
        duration = container.duration / 1_000_000
    assert all(0 < c.start < c.end <= duration for c in cues)
    assert [c.start for c in cues] == sorted(c.start for c in cues)


def test_a_provinces_video_ends_on_its_qr_and_the_demos_on_its_last_step() -> None:
    source = SOURCES[MANIFEST.guides[0].code]
    said = narration.narrate(source)
    url = f"https://huongdan.quangninh.gov.vn/g/{source.code}"
    with_address = slides(source, url, "VNeID", said)
    assert len(with_address) == len(source.steps) + 2
    assert with_address[-1].seconds == END_SECONDS
    assert decoded_by_both(with_address[-1].image) == [url]
    without = slides(source, None, "VNeID", said)
    assert len(without) == len(source.steps) + 1 and decoded_by_both(without[-1].image) == []


def test_the_whole_content_stays_light() -> None:
    total = sum(m.size for m in MANIFEST.media)
    assert total < 30_000_000
    assert {m.mime for m in MANIFEST.media} == {"image/png", "video/mp4", "text/vtt"}
