"""The content's site settings (content/site.toml): the public base URL the QR codes point at
and the safety advice printed on sheets.

A QR code is a promise that a household's phone reaches our page, so the public address is
checked wherever a code is made (the build, the app's QR screen, the printed sheets) by
`public_address`: unset, an example domain anyone may register, a loopback or private address,
or plain http are refused with a stable code and a Vietnamese sentence (wire.messages), except
that the demo, explicitly asked for, may use this machine's LAN address over http."""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from content.catalog import CONTENT_DIR, ContentError
from wire.messages import text

SITE_PATH = CONTENT_DIR / "site.toml"

# Domains that are examples, not anyone's site: some (example.vn) anyone may register.
PLACEHOLDER_DOMAINS = ("example.vn", "example.com", "example.net", "example.org", "tinh.gov.vn")
RESERVED_SUFFIXES = ("example", "invalid", "test")  # RFC 2606 names that never resolve


class PublicAddressError(ContentError):
    """A public address no QR code may hold; `code` is stable, the message in Vietnamese."""

    def __init__(self, code: str, url: str = "") -> None:
        super().__init__(code, url=url)
        self.url = url
        self.args = (f"{text(code, 'vi', url=url)} [{code}]",)


@dataclass(frozen=True)
class Site:
    safety_advice: str
    safety_advice_en: str
    public_base_url: str = ""  # unset: a province sets its own

    def guide_url(self, code: str, commune_id: str = "") -> str:
        return guide_url(self.public_base_url, code, commune_id)

    def with_base_url(self, base_url: str) -> Site:
        return replace(self, public_base_url=checked_base_url(base_url))


def guide_url(base_url: str, code: str, commune_id: str = "") -> str:
    """What a guide's QR holds: the short address of its public page, with the commune of the
    team that hands it out (`?c=`, counted in that commune's figures) when there is one."""
    if not base_url:
        raise PublicAddressError("public_address_unset")
    url = f"{base_url.rstrip('/')}/g/{code}"
    return f"{url}?c={quote(commune_id, safe='.-_')}" if commune_id else url


def checked_base_url(base_url: str) -> str:
    """An http(s) address with a host and no query; the trailing slash dropped."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise PublicAddressError("public_address_invalid", base_url.strip())
    return base_url.strip().rstrip("/")


def public_address(base_url: str | None, *, demo: bool = False) -> str:
    """The base URL a QR code may hold, or PublicAddressError: unset, not an http(s) address,
    an example domain, or (outside the demo) plain http, a loopback or a private address. The
    demo may use this machine's LAN address (or, with none, its loopback) over http."""
    if not (base_url or "").strip():
        raise PublicAddressError("public_address_unset")
    url = checked_base_url(base_url or "")
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if (
        any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)
        or host.rsplit(".", 1)[-1] in RESERVED_SUFFIXES
    ):
        raise PublicAddressError("public_address_placeholder", url)
    if demo:
        return url
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if (
        host == "localhost"
        or host.endswith(".localhost")
        or (ip is not None and (ip.is_loopback or ip.is_unspecified))
    ):
        raise PublicAddressError("public_address_loopback", url)
    if ip is not None and (ip.is_private or ip.is_link_local):
        raise PublicAddressError("public_address_private", url)
    if urlsplit(url).scheme != "https":
        raise PublicAddressError("public_address_not_https", url)
    return url


def build_address(site: Site, base_url: str | None = None, demo: bool = False) -> str | None:
    """The address a content build puts in its QR codes: `base_url` (or site.toml's), checked;
    for the demo with no address given, None, and the build makes no QR-bearing file (the
    demo's QR codes are drawn where its address is known: the app's QR screen and sheets)."""
    chosen = base_url if base_url is not None else site.public_base_url
    if demo and not (chosen or "").strip():
        return None
    return public_address(chosen, demo=demo)


def load_site(path: Path = SITE_PATH) -> Site:
    """The settings as written; the address is checked where a QR code is made."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        site = Site(**data)
    except (OSError, tomllib.TOMLDecodeError, TypeError) as exc:
        raise ContentError("content_unreadable", file=path.name, detail=exc) from exc
    if site.public_base_url:
        site = replace(site, public_base_url=checked_base_url(site.public_base_url))
    return site
