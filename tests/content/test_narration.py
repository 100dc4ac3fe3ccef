"""Narration: a province's recordings come first, espeak-ng's Vietnamese voice is the fallback,
and the build refuses a video that would be silent or speak in two voices. Each step's slide
lasts as long as what is said over it, and its caption cue with it."""

from __future__ import annotations

import io
import math
from pathlib import Path

import av
import numpy
import pytest
from contenttest import record, small_content

from content import build, narration, video
from content.captions import parse_webvtt
from content.catalog import ContentError, load_catalog
from content.checks import check_video
from content.manifest import Manifest

SECONDS = (2.0, 3.4, 1.5, 4.2)  # the small guide's four steps, recorded


def _built(manifest: Manifest, dist: Path, role: str) -> bytes:
    [guide] = manifest.guides
    return (
        dist / next(m.path for m in manifest.media if m.sha256 == guide.media[role])
    ).read_bytes()


def _frames_for(seconds: float) -> int:
    return math.ceil((video.LEAD_SECONDS + seconds + video.PAUSE_SECONDS) * video.FPS - 1e-9)


def test_recordings_set_the_voice_and_the_time_of_each_slide(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    folder = narration.recordings_dir("thu-mot", content)
    for number, (seconds, suffix) in enumerate(zip(SECONDS, (".wav", ".ogg", ".mp3", ".wav")), 1):
        record(folder / f"step-{number}{suffix}", seconds, pitch=180 + 20 * number)
    (folder / "ghi-chu.txt").write_text("thu âm ngày 2/12", encoding="utf-8")  # not a step: left be
    manifest = build.build(tmp_path / "dist", content, base_url="https://huongdan.quangninh.gov.vn")

    cues = parse_webvtt(_built(manifest, tmp_path / "dist", "captions").decode("utf-8"))
    lengths = [round((c.end - c.start) * video.FPS) for c in cues]
    assert lengths == [_frames_for(s) for s in SECONDS]
    assert cues[0].start == video.TITLE_SECONDS
    data = _built(manifest, tmp_path / "dist", "video")
    with av.open(io.BytesIO(data)) as container:
        assert container.duration / 1e6 == pytest.approx(cues[-1].end + video.END_SECONDS, abs=0.05)


def test_a_recorded_guide_is_recorded_whole(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    folder = narration.recordings_dir("thu-mot", content)
    for number in (1, 2, 4):
        record(folder / f"step-{number}.wav", 2.0)
    with pytest.raises(
        ContentError,
        match=r"guides/thu-mot/: no recording for step 3; record "
        r"every step \(step-N\.ogg\) or none",
    ):
        build.build(tmp_path / "dist", content, demo=True)
    record(folder / "step-3.wav", 2.0)
    record(folder / "step-3.mp3", 2.0)
    with pytest.raises(ContentError, match="step 3 is recorded twice"):
        build.build(tmp_path / "dist", content, demo=True)
    (folder / "step-3.mp3").unlink()
    record(folder / "step-5.wav", 2.0)
    with pytest.raises(ContentError, match="step-5.wav: the guide has steps 1 to 4, not 5"):
        build.build(tmp_path / "dist", content, demo=True)
    (folder / "step-5.wav").unlink()
    (folder / "step-4.wav").write_bytes(b"RIFF, but not a sound")
    with pytest.raises(ContentError, match="guides/thu-mot/step-4.wav: cannot be read as sound"):
        build.build(tmp_path / "dist", content, demo=True)
    record(folder / "step-4.wav", 0.4)
    with pytest.raises(
        ContentError,
        match=r"step 4 narration \(guides/thu-mot/step-4.wav\) lasts "
        r"0.4 s; a step is said in 1 to 60 s",
    ):
        build.build(tmp_path / "dist", content, demo=True)


def test_a_silent_recording_fails_the_sound_check(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    folder = narration.recordings_dir("thu-mot", content)
    for number, seconds in enumerate(SECONDS, start=1):
        record(folder / f"step-{number}.wav", seconds, pitch=0 if number == 2 else 200)
    with pytest.raises(ContentError, match=r"thu-mot: video: step 2 is silent from 7\.0 s"):
        build.build(tmp_path / "dist", content, demo=True)


def test_without_recordings_or_espeak_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    empty = tmp_path / "bin"
    empty.mkdir()
    with monkeypatch.context() as machine:
        machine.setenv("PATH", str(empty))  # a machine without espeak-ng
        narration.synthesiser.cache_clear()
        assert (
            build.main(["--content", str(content), "--dist", str(tmp_path / "dist"), "--demo"]) == 1
        )
    narration.synthesiser.cache_clear()
    error = capsys.readouterr().err
    assert "thu-mot: no narration: no recordings in guides/thu-mot/" in error
    assert (
        "espeak-ng with its Vietnamese voice is not installed (apt-get install espeak-ng)" in error
    )


def test_espeak_says_each_step_the_same_way_every_time() -> None:
    assert narration.synthesiser(), (
        "espeak-ng with a Vietnamese voice is needed (dev.py installs it)"
    )
    guide = next(g for g in load_catalog().guides if g.code == "vneid-m2")
    first = narration.narrate(guide)
    again = narration.narrate(guide)
    assert [n.samples for n in first] == [n.samples for n in again]
    assert all(n.origin.startswith("espeak-ng ") and n.origin.endswith(" voice vi") for n in first)
    # A longer text takes longer to say; none is cut short or runs on.
    spoken = [len(d.spoken.split()) for d in guide.details]
    rates = [words / n.seconds for words, n in zip(spoken, first, strict=True)]
    assert all(1.2 < rate < 3.2 for rate in rates), rates


def _mp4(path: Path, sound: list[float] | None) -> bytes:
    """Two seconds of a small grey picture, with `sound` (22,050 samples a second) as AAC."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=2)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        voice = container.add_stream("aac", rate=22050, layout="mono") if sound else None
        for index in range(4):
            frame = av.VideoFrame(64, 64, "yuv420p")
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
        if voice is not None:
            for start in range(0, len(sound), 1024):
                chunk = numpy.array([sound[start : start + 1024]], dtype=numpy.float32)
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="mono")
                frame.sample_rate, frame.pts = 22050, start
                container.mux(voice.encode(frame))
            container.mux(voice.encode(None))
    return path.read_bytes()


def test_a_video_without_sound_or_with_clipping_sound_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="co-video: the video has no sound track"):
        check_video(_mp4(tmp_path / "silent.mp4", None), "co-video")
    # A square wave at full scale: AAC's decoded samples overshoot it.
    square = [1.0 if (i // 50) % 2 else -1.0 for i in range(44100)]
    loud = _mp4(tmp_path / "loud.mp4", square)
    clips = r"co-video: the sound clips \(a decoded sample at [12]\.\d\d of full scale\)"
    with pytest.raises(ContentError, match=clips):
        check_video(loud, "co-video")
    assert check_video(loud, "co-video", clipping=False) == pytest.approx(2.0, abs=0.1)


def test_every_narration_is_levelled_below_full_scale() -> None:
    quiet = narration.Narration(numpy.array([0, 300, -200, 100] * 5000, dtype="<i2").tobytes(), "x")
    loud = narration.Narration(
        numpy.array([0, 32767, -32768, 100] * 5000, dtype="<i2").tobytes(), "x"
    )
    for said in (quiet, loud):
        pcm = numpy.frombuffer(narration.levelled(said).samples, dtype="<i2")
        assert abs(int(numpy.max(numpy.abs(pcm.astype(int)))) - round(narration.PEAK * 32767)) <= 1
