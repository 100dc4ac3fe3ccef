"""Reads the guide sources (guides/*.toml, categories.toml, services.toml) and checks them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent
GUIDES_DIR = CONTENT_DIR / "guides"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,23}$")


class ContentError(ValueError):
    """A guide source that must not be published; the message names the file and the fault."""


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    category: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Step:
    text: str
    text_en: str = ""


@dataclass(frozen=True)
class GuideSource:
    code: str
    category: str
    title: str
    title_en: str
    summary: str
    services: tuple[str, ...]
    version: int
    updated: date
    source: str
    steps: tuple[Step, ...]
    varies_by_province: str = ""
    # The same in English, for the app's English screens.
    summary_en: str = ""
    source_en: str = ""
    varies_by_province_en: str = ""
    # A file (relative to content/) that replaces the rendered infographic or video, such as
    # a recorded screen video; left empty, the build renders one.
    infographic: str = ""
    video: str = ""


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]
    services: tuple[ServiceInfo, ...]
    guides: tuple[GuideSource, ...] = field(default_factory=tuple)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path.name}: cannot read ({exc})") from exc


def load_catalog(content_dir: Path = CONTENT_DIR) -> Catalog:
    """Every guide source, checked: known category and services, unique short codes,
    4 to 10 steps. Raises ContentError naming the first fault."""
    categories = tuple(Category(**c) for c in _read(content_dir / "categories.toml")["category"])
    category_codes = {c.code for c in categories}
    services = tuple(ServiceInfo(**s) for s in _read(content_dir / "services.toml")["service"])
    service_codes = {s.code for s in services}
    for service in services:
        if service.category not in category_codes:
            raise ContentError(f"services.toml: {service.code}: unknown category {service.category!r}")

    read = [(path, _guide(path, _read(path))) for path in sorted((content_dir / "guides").glob("*.toml"))]
    seen: dict[str, str] = {}
    for path, guide in read:
        if guide.code in seen:
            raise ContentError(f"{path.name}: duplicate code {guide.code!r} (also in {seen[guide.code]})")
        seen[guide.code] = path.name
    guides: dict[str, GuideSource] = {}
    for path, guide in read:
        if path.stem != guide.code:
            raise ContentError(f"{path.name}: file name must be the code {guide.code!r}")
        if guide.category not in category_codes:
            raise ContentError(f"{path.name}: unknown category {guide.category!r}")
        unknown = set(guide.services) - service_codes
        if unknown:
            raise ContentError(f"{path.name}: unknown services {sorted(unknown)}")
        guides[guide.code] = guide
    return Catalog(categories, services, tuple(guides.values()))


def _guide(path: Path, data: dict) -> GuideSource:
    try:
        data["steps"] = tuple(Step(**step) for step in data["steps"])
        data["services"] = tuple(data["services"])
        guide = GuideSource(**data)
    except (KeyError, TypeError) as exc:
        raise ContentError(f"{path.name}: malformed guide ({exc})") from exc
    if not CODE_PATTERN.match(guide.code):
        raise ContentError(f"{path.name}: code {guide.code!r} must be 2-24 of a-z, 0-9, '-'")
    if not 4 <= len(guide.steps) <= 10:
        raise ContentError(f"{path.name}: {len(guide.steps)} steps; a guide has 4 to 10")
    if not isinstance(guide.updated, date):
        raise ContentError(f"{path.name}: updated must be a date (YYYY-MM-DD)")
    return guide
