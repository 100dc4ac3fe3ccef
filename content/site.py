"""The content's site settings (content/site.toml): the public base URL the QR codes point at
and the safety advice printed on sheets."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from content.catalog import CONTENT_DIR, ContentError

SITE_PATH = CONTENT_DIR / "site.toml"


@dataclass(frozen=True)
class Site:
    public_base_url: str
    safety_advice: str
    safety_advice_en: str

    def guide_url(self, code: str) -> str:
        return guide_url(self.public_base_url, code)

    def with_base_url(self, base_url: str) -> Site:
        return replace(self, public_base_url=checked_base_url(base_url))


def guide_url(base_url: str, code: str) -> str:
    """What a guide's QR holds: the short address of its public page."""
    return f"{base_url.rstrip('/')}/g/{code}"


def checked_base_url(base_url: str) -> str:
    """An http(s) address with a host and no query; the trailing slash dropped."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ContentError("content_base_url", url=repr(base_url))
    return base_url.strip().rstrip("/")


def load_site(path: Path = SITE_PATH) -> Site:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        site = Site(**data)
    except (OSError, tomllib.TOMLDecodeError, TypeError) as exc:
        raise ContentError("content_unreadable", file=path.name, detail=exc) from exc
    return replace(site, public_base_url=checked_base_url(site.public_base_url))
