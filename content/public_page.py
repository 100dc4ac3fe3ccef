"""The public guide page a household's phone opens from a QR: plain HTML in Vietnamese, small
(no script at all), readable on a small screen, no personal data.

Pure functions from a guide to an HTML string, with no web framework, so the device's local
guide server can render the same page over its hotspot. Everything shown is escaped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from wire.messages import template, text  # the standard library alone, as this module

if TYPE_CHECKING:  # the page is rendered with the standard library alone (it runs on the phone too)
    from wire.guides import Guide

__all__ = ["HEADERS", "GuidePage", "Library", "LibraryEntry", "escape", "page_from_manifest", "render_guide", "render_library", "render_not_found"]

# Sent with every page, by the central API and by the device's local guide server alike: no
# script may run, media come only from the page's own server.
HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
}

_STYLE = """
*{box-sizing:border-box}body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1b1b;background:#f6f7f9}main{max-width:40rem;margin:0 auto;padding:1rem}
header{background:#b71c1c;color:#fff;padding:.75rem 1rem}header a{color:#fff}
h1{font-size:1.35rem;line-height:1.3;margin:.5rem 0}.summary{font-size:1.05rem}
ol{padding-left:1.4rem}li{margin:.6rem 0}img,video{width:100%;height:auto;border-radius:.5rem;background:#ddd}
.note{background:#fff3cd;border-left:4px solid #e0a800;padding:.5rem .75rem}
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
        f'{escape(text("page_tagline"))}</header>'
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
        parts.append(
            f'<p><video controls preload="none" src="{_url(page.video_url)}">'
            f'<a href="{_url(page.video_url)}">{escape(text("page_watch_video"))}</a></video></p>'
        )
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
        f'<footer><p>{escape(text("page_more_help"))} '
        f'<a href="{_url(page.library_url)}">{escape(text("page_other_guides"))}</a></p></footer>'
    )
    return _shell(page.title, "".join(parts))


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


def page_from_manifest(guide: Guide, media_url: Callable[[str], str],
                       library_url: str = "/g/") -> GuidePage:
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
        library_url=library_url,
    )
