"""A published guide, the one shape of it: what the content build writes in its manifest, what
the server publishes and answers in a pull, what a device's library is loaded from. Strict,
like every wire model (unknown fields refused, no type coercion), and a dataclass, so
`dataclasses.replace` and `asdict` work on it (the manifest is written with `asdict`)."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from pydantic import ConfigDict, with_config
from pydantic.dataclasses import dataclass
from typing_extensions import TypedDict

# What a guide's media files are for; a guide names each by role -> SHA-256. CAPTIONS is the
# video's WebVTT caption track (text/vtt), one cue a step.
QR, INFOGRAPHIC, VIDEO, CAPTIONS = "qr", "infographic", "video", "captions"
MediaRole = Literal["qr", "infographic", "video", "captions"]

_STRICT = ConfigDict(strict=True, extra="forbid")
# Fields a guide may leave empty, which a manifest then leaves out (so one written before them
# reads, and hashes, the same).
OPTIONAL_TEXTS = ("summary_en", "source_en", "varies_by_province_en")


@with_config(_STRICT)
class GuideStep(TypedDict):
    """One step, read aloud from the screen: in Vietnamese, and in English beside it."""

    text: str
    text_en: str


@dataclass(frozen=True, config=_STRICT)
class Guide:
    code: str
    category: str
    title: str
    title_en: str
    summary: str
    services: list[str]
    version: int
    updated_on: str  # ISO date
    source: str
    varies_by_province: str
    steps: list[GuideStep]
    media: dict[MediaRole, str] = field(default_factory=dict)  # role -> sha256
    # The summary, the source and the local note in English, for a screen in English; empty
    # where the guide has none (a manifest or a server older than these fields sends none).
    summary_en: str = ""
    source_en: str = ""
    varies_by_province_en: str = ""
