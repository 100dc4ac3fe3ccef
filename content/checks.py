"""What the build checks in what it made, reading the files back as a player will: every video
has a voice as long as its pictures, every step is heard, every caption cue lies within the
video and in order. Each fault is a ContentError naming the guide."""

from __future__ import annotations

import io
import math

from content.captions import Cue, parse_webvtt
from content.catalog import ContentError

# A step whose narration window is quieter than this (RMS, full scale 1.0) is taken as silent:
# espeak-ng's voice and a spoken recording are well above it, AAC's noise floor far below.
SILENCE_RMS = 0.01
DURATION_SLACK = 0.1  # seconds the voice may end before or after the pictures (AAC frames)
FULL_SCALE = 1.0  # a decoded sample beyond it clips: a click on the phone's speaker


def video_tracks(data: bytes, what: str):
    """(picture seconds, sound seconds, the sound's mono samples as floats, their rate) of an
    MP4; a ContentError when it has no picture or no sound track."""
    import av
    import numpy

    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.video:
                raise ContentError(f"{what}: the video has no picture")
            if not container.streams.audio:
                raise ContentError(f"{what}: the video has no sound track")
            picture = container.streams.video[0]
            if picture.duration is None or picture.frames == 0:
                raise ContentError(f"{what}: the video has no picture")
            pictures = float(picture.duration * picture.time_base)
            voice = container.streams.audio[0]
            rate = voice.codec_context.sample_rate
            chunks = [frame.to_ndarray().mean(axis=0) for frame in container.decode(voice)]
    except av.FFmpegError as exc:
        raise ContentError(f"{what}: the video cannot be read ({exc})") from exc
    samples = numpy.concatenate(chunks) if chunks else numpy.zeros(0, dtype=numpy.float32)
    return pictures, len(samples) / rate, samples, rate


def check_video(data: bytes, what: str, seconds: float | None = None,
                steps: list[Cue] | None = None, clipping: bool = True) -> float:
    """Fail loudly unless the MP4 has a picture and a sound track of the same length (and that
    length is `seconds`, when given) that never clips and, for each step's time in `steps`, is
    heard. `clipping=False` lets the sound reach past full scale (a province's own video,
    which the build publishes as it is). Answers the video's length in seconds."""
    import numpy

    pictures, heard, samples, rate = video_tracks(data, what)
    if abs(pictures - heard) > DURATION_SLACK:
        raise ContentError(f"{what}: the sound lasts {heard:.2f} s but the pictures "
                           f"{pictures:.2f} s")
    if seconds is not None and abs(pictures - seconds) > DURATION_SLACK:
        raise ContentError(f"{what}: the video lasts {pictures:.2f} s, its slides {seconds:.2f} s")
    loudest = float(numpy.max(numpy.abs(samples))) if len(samples) else 0.0
    if clipping and loudest > FULL_SCALE:
        raise ContentError(f"{what}: the sound clips (a decoded sample at {loudest:.2f} of full "
                           "scale); record it quieter")
    for number, step in enumerate(steps or [], start=1):
        window = samples[int(step.start * rate):int(step.end * rate)]
        level = math.sqrt(float(numpy.mean(numpy.square(window)))) if len(window) else 0.0
        if level < SILENCE_RMS:
            raise ContentError(f"{what}: step {number} is silent from {step.start:.1f} s to "
                               f"{step.end:.1f} s (no narration heard)")
    return pictures


def check_captions(vtt: str, what: str, duration: float, texts: list[str]) -> list[Cue]:
    """Fail loudly unless the captions hold one cue a step, with the step's text, in order,
    none overlapping the next, all within the video's `duration`."""
    cues = parse_webvtt(vtt)
    if len(cues) != len(texts):
        raise ContentError(f"{what}: {len(cues)} caption cues for {len(texts)} steps")
    previous_end = 0.0
    for number, (cue, text) in enumerate(zip(cues, texts, strict=True), start=1):
        if not previous_end <= cue.start < cue.end:
            raise ContentError(f"{what}: caption cue {number} ({cue.start:.3f} → {cue.end:.3f} s) "
                               f"is out of order")
        if cue.end > duration + 1e-3:
            raise ContentError(f"{what}: caption cue {number} ends at {cue.end:.3f} s, after the "
                               f"video's end at {duration:.3f} s")
        if " ".join(cue.text.split()) != " ".join(text.split()):
            raise ContentError(f"{what}: caption cue {number} does not say step {number}'s text")
        previous_end = cue.end
    return cues
