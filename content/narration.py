"""The narration of a guide: each step's `spoken` text as sound, for the video's audio track.

A province's own recordings come first. They lie in a folder named after the guide beside its
source, one file a step, numbered from 1:

    content/guides/<code>.toml
    content/guides/<code>/step-1.ogg   (or .wav, .mp3, .m4a)
    content/guides/<code>/step-2.ogg …

A guide is recorded whole or not at all (one voice a video): a folder that misses a step, holds
a step twice or a step the guide lacks fails the build. Any file PyAV (FFmpeg) can decode is
accepted and brought to mono 22,050 Hz; a recording must last 1 to 60 seconds.

Without recordings, the text is synthesised offline by Debian's `espeak-ng` with its
Vietnamese voice (`vi`, northern), at a slow pace for listeners who read little. No network,
no model download. With neither, the build fails naming what to install or record. The same
text and espeak-ng version give the same samples, so the build stays repeatable; another
espeak-ng version may give other samples, and so other video bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from content.catalog import CONTENT_DIR, ContentError, GuideSource

SAMPLE_RATE = 22050  # espeak-ng's own rate; plenty for a voice
RECORDING_TYPES = (".ogg", ".wav", ".mp3", ".m4a")
VOICE = "vi"
WORDS_A_MINUTE = 135  # espeak-ng's -s; its default of 175 is fast for a Vietnamese listener
AMPLITUDE = 100  # espeak-ng's -a (0-200), its default; every narration is then levelled
PEAK = 0.6  # each narration's loudest sample (-4.4 dBFS): AAC at a low bitrate overshoots a
# peak by up to a fifth, and a decoded sample past full scale is a click on a phone's speaker
MIN_SECONDS, MAX_SECONDS = 1.0, 60.0
_STEP_FILE = re.compile(r"^step-(\d+)(\.[A-Za-z0-9]+)$")


@dataclass(frozen=True)
class Narration:
    """One step said aloud: signed 16-bit mono samples at SAMPLE_RATE, and where they came
    from (a recording's path, or the synthesiser and its version)."""

    samples: bytes
    origin: str

    @property
    def seconds(self) -> float:
        return len(self.samples) / 2 / SAMPLE_RATE


def recordings_dir(code: str, content_dir: Path = CONTENT_DIR) -> Path:
    return content_dir / "guides" / code


def recordings(guide: GuideSource, content_dir: Path = CONTENT_DIR) -> list[Path]:
    """The guide's recordings, one a step in order; [] when it has none. Raises ContentError
    on a folder that does not hold exactly one recording for every step."""
    folder = recordings_dir(guide.code, content_dir)
    if not folder.is_dir():
        return []
    where = f"guides/{guide.code}/"
    found: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        match = _STEP_FILE.match(path.name)
        if match is None:
            continue
        number, suffix = int(match.group(1)), match.group(2).lower()
        if suffix not in RECORDING_TYPES:
            raise ContentError(
                "content_recording_type", where=where, file=path.name, types=RECORDING_TYPES
            )
        if not 1 <= number <= len(guide.steps):
            raise ContentError(
                "content_recording_step",
                where=where,
                file=path.name,
                count=len(guide.steps),
                number=number,
            )
        if number in found:
            raise ContentError(
                "content_recording_twice",
                where=where,
                number=number,
                file=found[number].name,
                file2=path.name,
            )
        found[number] = path
    if not found:
        return []
    missing = [n for n in range(1, len(guide.steps) + 1) if n not in found]
    if missing:
        raise ContentError(
            "content_recordings_partial",
            where=where,
            steps=", ".join(map(str, missing)),
            suffix=RECORDING_TYPES[0],
        )
    return [found[n] for n in sorted(found)]


def narrate(guide: GuideSource, content_dir: Path = CONTENT_DIR) -> list[Narration]:
    """Every step of the guide said aloud: its recordings, or else its `spoken` texts
    synthesised. Raises ContentError when neither can be had or a recording is unusable."""
    recorded = recordings(guide, content_dir)
    if recorded:
        said = [decode(path, f"guides/{guide.code}/{path.name}") for path in recorded]
    else:
        if synthesiser() is None:
            raise ContentError("content_no_narration", guide=guide.code, suffix=RECORDING_TYPES[0])
        said = [synthesise(detail.spoken) for detail in guide.details]
    said = [levelled(n) for n in said]
    for number, narration in enumerate(said, start=1):
        if not MIN_SECONDS <= narration.seconds <= MAX_SECONDS:
            raise ContentError(
                "content_narration_length",
                guide=guide.code,
                number=number,
                origin=narration.origin,
                seconds=f"{narration.seconds:.1f}",
                least=f"{MIN_SECONDS:.0f}",
                most=f"{MAX_SECONDS:.0f}",
            )
    return said


@cache
def synthesiser() -> str | None:
    """espeak-ng's version line when it is installed with a Vietnamese voice, else None."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    voices = subprocess.run(
        [program, f"--voices={VOICE}"], check=False, capture_output=True, text=True
    )
    if not any(line.split()[1:2] == [VOICE] for line in voices.stdout.splitlines()[1:]):
        return None
    version = subprocess.run(
        [program, "--version"], check=False, capture_output=True, text=True
    ).stdout
    found = re.search(r"text-to-speech:\s*(\S+)", version)
    return f"espeak-ng {found.group(1) if found else '(unknown version)'}"


def synthesise(text: str) -> Narration:
    """`text` said by espeak-ng's Vietnamese voice, as 16-bit mono at SAMPLE_RATE."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise ContentError("content_no_espeak")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "said.wav"
        done = subprocess.run(
            [
                program,
                "-v",
                VOICE,
                "-s",
                str(WORDS_A_MINUTE),
                "-a",
                str(AMPLITUDE),
                "-w",
                str(out),
                "--stdin",
            ],
            input=text,
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not out.is_file():
            raise ContentError("content_espeak_failed", text=repr(text), detail=done.stderr.strip())
        with wave.open(str(out), "rb") as said:
            if (said.getnchannels(), said.getsampwidth()) != (1, 2):
                raise ContentError("content_espeak_format")
            samples = said.readframes(said.getnframes())
            rate = said.getframerate()
    if rate != SAMPLE_RATE:
        samples = _resampled(samples, rate)
    return Narration(samples, f"{synthesiser()} voice {VOICE}")


def decode(path: Path, name: str) -> Narration:
    """A recording as 16-bit mono samples at SAMPLE_RATE (any format FFmpeg reads)."""
    import av  # the `content` extra

    chunks: list[bytes] = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise ContentError("content_no_sound", file=name)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(audio=0):
                chunks += [bytes(f.planes[0])[: f.samples * 2] for f in resampler.resample(frame)]
            chunks += [bytes(f.planes[0])[: f.samples * 2] for f in resampler.resample(None)]
    except av.FFmpegError as exc:
        raise ContentError("content_sound_unreadable", file=name, exc=exc) from exc
    return Narration(b"".join(chunks), name)


def levelled(narration: Narration) -> Narration:
    """The narration scaled so its loudest sample is PEAK: recordings and the synthesiser
    alike, so every step is as loud as the next and none clips once encoded."""
    import numpy

    pcm = numpy.frombuffer(narration.samples, dtype="<i2").astype(numpy.float64)
    loudest = float(numpy.max(numpy.abs(pcm))) if len(pcm) else 0.0
    if loudest == 0:
        return narration  # silence stays silence (and the build's sound check refuses it)
    scaled = numpy.round(pcm * (PEAK * 32767 / loudest)).astype("<i2")
    return Narration(scaled.tobytes(), narration.origin)


def _resampled(samples: bytes, rate: int) -> bytes:
    import av

    frame = av.AudioFrame(format="s16", layout="mono", samples=len(samples) // 2)
    frame.planes[0].update(samples)
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    out = [*resampler.resample(frame), *resampler.resample(None)]
    return b"".join(bytes(f.planes[0])[: f.samples * 2] for f in out)
