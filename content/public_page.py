"""The public guide page a household's phone opens from a QR: plain HTML in Vietnamese, small,
readable on a small screen, no personal data.

The video has a large play button in the middle of its frame: one tap plays it. The only script
is the one line that button needs (allowed by its hash, nothing else may run); without it the
button is a link to the video, which the phone's own player opens, and the video keeps its
native controls. A guide with a captions track (WebVTT) shows it, on by default.

Pure functions from a guide to an HTML string, with no web framework, so the device's local
guide server can render the same page over its hotspot. Everything shown is escaped."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256
from html import escape
from typing import TYPE_CHECKING

from wire.messages import template, text  # the standard library alone, as this module

if TYPE_CHECKING:  # the page is rendered with the standard library alone (it runs on the phone too)
    from wire.guides import Guide

__all__ = [
    "HEADERS",
    "GuidePage",
    "Library",
    "LibraryEntry",
    "escape",
    "page_from_manifest",
    "render_guide",
    "render_library",
    "render_not_found",
]

# The play button: the first tap plays the video where it is (the link's own target, the
# video file, is for a browser without script).
PLAY_SCRIPT = (
    'document.querySelectorAll(".player").forEach(function(p){'
    'var v=p.querySelector("video");p.querySelector(".play").onclick=function(e){'
    'e.preventDefault();p.classList.add("on");var r=v.play();'
    'if(r)r.catch(function(){p.classList.remove("on")})}})'
)
_SCRIPT_HASH = b64encode(sha256(PLAY_SCRIPT.encode()).digest()).decode()

# Sent with every page, by the central API and by the device's local guide server alike: no
# script may run but the play button's, media come only from the page's own server.
HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{_SCRIPT_HASH}'"
    ),
}

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1b1b;background:#f6f7f9}main{max-width:40rem;margin:0 auto;padding:1rem}
header{background:#b71c1c;color:#fff;padding:.75rem 1rem}header a{color:#fff}
h1{font-size:1.35rem;line-height:1.3;margin:.5rem 0}.summary{font-size:1.05rem}
ol{padding-left:1.4rem}li{margin:.6rem 0}img,video{width:100%;height:auto;border-radius:.5rem;background:#ddd}
.note{background:#fff3cd;border-left:4px solid #e0a800;padding:.5rem .75rem}
.player{position:relative;margin:1rem auto;width:min(100%,calc(70vh*9/16));aspect-ratio:9/16;
border-radius:.5rem;background:#37474f}.player video{width:100%;height:100%;object-fit:contain;
border-radius:.5rem;background:transparent}.play{position:absolute;inset:0;display:flex;
align-items:center;justify-content:center;color:#fff;font-weight:600;text-decoration:none}
.play .label{position:absolute;top:calc(50% + 56px)}.disc{width:88px;height:88px;border-radius:50%;
background:#b71c1c;box-shadow:0 2px 8px #0008;display:flex;align-items:center;
justify-content:center}.disc:after{content:"";margin-left:8px;border-style:solid;
border-width:20px 0 20px 32px;border-color:transparent transparent transparent #fff}
.on .play,video::-webkit-media-controls-overlay-play-button{display:none}
footer,.meta{color:#555;font-size:.9rem}a{color:#0b57d0}
""".strip()


@dataclass(frozen=True)
class GuidePage:
    code: str
    title: str
    summary: str
    steps: list[str]
    source: str = ""
    updated_on: str = ""  # ISO date
    varies_by_province: str = ""
    infographic_url: str | None = None
    video_url: str | None = None
    captions_url: str | None = None  # WebVTT, in Vietnamese
    library_url: str = "/g/"


@dataclass(frozen=True)
class LibraryEntry:
    code: str
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class Library:
    entries: list[LibraryEntry] = field(default_factory=list)


def _url(value: str) -> str:
    """Only our own relative URLs or http(s) ones go into an attribute, escaped."""
    if not value.startswith(("/", "https://", "http://")):
        return "#"
    return escape(value, quote=True)


def _shell(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<header><a href="/g/">{escape(text("page_team"))}</a> · '
        f"{escape(text('page_tagline'))}</header>"
        f"<main>{body}</main></body></html>"
    )


def _show_day(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def render_guide(page: GuidePage) -> str:
    parts = [f"<h1>{escape(page.title)}</h1>", f'<p class="summary">{escape(page.summary)}</p>']
    if page.infographic_url:
        alt = escape(text("page_infographic_alt", title=page.title), quote=True)
        parts.append(f'<p><img src="{_url(page.infographic_url)}" alt="{alt}" loading="lazy"></p>')
    if page.video_url:
        parts.append(_player(page))
    steps = "".join(f"<li>{escape(step)}</li>" for step in page.steps)
    parts.append(f"<h2>{escape(text('page_steps'))}</h2><ol>{steps}</ol>")
    if page.varies_by_province:
        note = escape(text("guide_note", note=page.varies_by_province))
        parts.append(f'<p class="note">{note}</p>')
    meta = []
    if page.updated_on:
        meta.append(escape(text("page_updated", day=_show_day(page.updated_on))))
    if page.source:
        meta.append(escape(text("guide_source", source=page.source)))
    if meta:
        parts.append('<p class="meta">' + "<br>".join(meta) + "</p>")
    parts.append(
        f"<footer><p>{escape(text('page_more_help'))} "
        f'<a href="{_url(page.library_url)}">{escape(text("page_other_guides"))}</a></p></footer>'
    )
    return _shell(page.title, "".join(parts))


def _player(page: GuidePage) -> str:
    """The video with its play button over the middle of the frame, and its captions."""
    video = _url(page.video_url or "")
    label = escape(text("page_captions"), quote=True)
    track = (
        f'<track kind="captions" srclang="vi" label="{label}" default '
        f'src="{_url(page.captions_url)}">'
        if page.captions_url
        else ""
    )
    watch = escape(text("page_watch_video"))
    play = escape(text("page_play_video"), quote=True)
    return (
        f'<figure class="player"><video controls playsinline preload="none" src="{video}">'
        f'{track}<a href="{video}">{watch}</a></video>'
        f'<a class="play" href="{video}" aria-label="{play}">'
        f'<span class="disc"></span><span class="label">{watch}</span></a>'
        f"</figure><script>{PLAY_SCRIPT}</script>"
    )


def render_library(library: Library) -> str:
    items = "".join(
        f'<li><a href="{_url(e.url)}">{escape(e.title)}</a><br><span class="meta">{escape(e.summary)}</span></li>'
        for e in library.entries
    )
    title = text("page_library")
    empty = f"<p>{escape(text('page_library_empty'))}</p>"
    body = f"<h1>{escape(title)}</h1>" + (f"<ul>{items}</ul>" if items else empty)
    return _shell(title, body)


def render_not_found(code: str, library_url: str = "/g/") -> str:
    before, after = template("page_unknown_code").split("{code}")
    body = (
        f"<h1>{escape(text('page_not_found_heading'))}</h1>"
        f"<p>{escape(before)}<strong>{escape(code)}</strong>{escape(after)}</p>"
        f'<p><a href="{_url(library_url)}">{escape(text("page_open_library"))}</a> '
        f"{escape(text('page_find_guide'))}</p>"
    )
    return _shell(text("page_not_found_title"), body)


def page_from_manifest(
    guide: Guide, media_url: Callable[[str], str], library_url: str = "/g/"
) -> GuidePage:
    """A guide as the content manifest describes it -> the page; `media_url` maps a SHA-256
    to where the browser fetches it."""
    media = guide.media
    return GuidePage(
        code=guide.code,
        title=guide.title,
        summary=guide.summary,
        steps=[step["text"] for step in guide.steps],
        source=guide.source,
        updated_on=guide.updated_on,
        varies_by_province=guide.varies_by_province,
        infographic_url=media_url(media["infographic"]) if media.get("infographic") else None,
        video_url=media_url(media["video"]) if media.get("video") else None,
        captions_url=media_url(media["captions"]) if media.get("captions") else None,
        library_url=library_url,
    )
