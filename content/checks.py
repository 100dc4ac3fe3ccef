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
                raise ContentError("content_video_no_picture", what=what)
            if not container.streams.audio:
                raise ContentError("content_video_no_sound", what=what)
            picture = container.streams.video[0]
            if picture.duration is None or picture.frames == 0:
                raise ContentError("content_video_no_picture", what=what)
            pictures = float(picture.duration * picture.time_base)
            voice = container.streams.audio[0]
            rate = voice.codec_context.sample_rate
            chunks = [frame.to_ndarray().mean(axis=0) for frame in container.decode(voice)]
    except av.FFmpegError as exc:
        raise ContentError("content_video_unreadable", what=what, exc=exc) from exc
    samples = numpy.concatenate(chunks) if chunks else numpy.zeros(0, dtype=numpy.float32)
    return pictures, len(samples) / rate, samples, rate


def check_video(
    data: bytes,
    what: str,
    seconds: float | None = None,
    steps: list[Cue] | None = None,
    clipping: bool = True,
) -> float:
    """Fail loudly unless the MP4 has a picture and a sound track of the same length (and that
    length is `seconds`, when given) that never clips and, for each step's time in `steps`, is
    heard. `clipping=False` lets the sound reach past full scale (a province's own video,
    which the build publishes as it is). Answers the video's length in seconds."""
    import numpy

    pictures, heard, samples, rate = video_tracks(data, what)
    if abs(pictures - heard) > DURATION_SLACK:
        raise ContentError(
            "content_sound_length", what=what, heard=f"{heard:.2f}", pictures=f"{pictures:.2f}"
        )
    if seconds is not None and abs(pictures - seconds) > DURATION_SLACK:
        raise ContentError(
            "content_video_length", what=what, pictures=f"{pictures:.2f}", seconds=f"{seconds:.2f}"
        )
    loudest = float(numpy.max(numpy.abs(samples))) if len(samples) else 0.0
    if clipping and loudest > FULL_SCALE:
        raise ContentError("content_sound_clips", what=what, loudest=f"{loudest:.2f}")
    for number, step in enumerate(steps or [], start=1):
        window = samples[int(step.start * rate) : int(step.end * rate)]
        level = math.sqrt(float(numpy.mean(numpy.square(window)))) if len(window) else 0.0
        if level < SILENCE_RMS:
            raise ContentError(
                "content_step_silent",
                what=what,
                number=number,
                start=f"{step.start:.1f}",
                end=f"{step.end:.1f}",
            )
    return pictures


def check_captions(vtt: str, what: str, duration: float, texts: list[str]) -> list[Cue]:
    """Fail loudly unless the captions hold one cue a step, with the step's text, in order,
    none overlapping the next, all within the video's `duration`."""
    cues = parse_webvtt(vtt)
    if len(cues) != len(texts):
        raise ContentError("content_cue_count", what=what, count=len(cues), steps=len(texts))
    previous_end = 0.0
    for number, (cue, text) in enumerate(zip(cues, texts, strict=True), start=1):
        if not previous_end <= cue.start < cue.end:
            raise ContentError(
                "content_cue_order",
                what=what,
                number=number,
                start=f"{cue.start:.3f}",
                end=f"{cue.end:.3f}",
            )
        if cue.end > duration + 1e-3:
            raise ContentError(
                "content_cue_late",
                what=what,
                number=number,
                end=f"{cue.end:.3f}",
                duration=f"{duration:.3f}",
            )
        if " ".join(cue.text.split()) != " ".join(text.split()):
            raise ContentError("content_cue_text", what=what, number=number)
        previous_end = cue.end
    return cues
