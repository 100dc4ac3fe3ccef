"""Captions: a WebVTT file for a guide's video, one cue a step, timed to its narration, the
step's text as it reads on the infographic. The public page and the app show it over or under
the video; a player that cannot still has the picture's large text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.catalog import ContentError

_TIME = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3})$")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the video's start
    end: float
    text: str


def webvtt(cues: list[Cue]) -> str:
    """The WebVTT file: the header, then each cue numbered from 1, its text on one line
    (players wrap it to their width)."""
    blocks = ["WEBVTT\n"]
    for number, cue in enumerate(cues, start=1):
        text = " ".join(cue.text.split()).replace("&", "&amp;").replace("<", "&lt;")
        text = text.replace(">", "&gt;")
        blocks.append(f"{number}\n{_stamp(cue.start)} --> {_stamp(cue.end)}\n{text}\n")
    return "\n".join(blocks)


def parse_webvtt(data: str) -> list[Cue]:
    """The cues of a WebVTT file as webvtt() writes it (and as most files are): blocks apart by
    a blank line, each with an optional identifier, a timing line and text. Raises
    ContentError on anything else."""
    if not data.startswith("WEBVTT") or data[6:7] not in ("", "\n", " ", "\t", "\r"):
        raise ContentError("content_captions_header")
    cues = []
    for block in re.split(r"\n\s*\n", data.replace("\r\n", "\n").strip())[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]
        if not lines or "-->" not in lines[0]:
            raise ContentError("content_captions_cue", block=repr(block))
        start, _, end = lines[0].partition("-->")
        text = "\n".join(lines[1:]).replace("&lt;", "<").replace("&gt;", ">")
        cues.append(
            Cue(_seconds(start.strip()), _seconds(end.split()[0]), text.replace("&amp;", "&"))
        )
    return cues


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _seconds(stamp: str) -> float:
    found = _TIME.match(stamp)
    if found is None:
        raise ContentError("content_captions_time", stamp=repr(stamp))
    hours, minutes, secs, millis = map(int, found.groups())
    return hours * 3600 + minutes * 60 + secs + millis / 1000
