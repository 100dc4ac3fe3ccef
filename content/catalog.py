"""Reads the guide sources (guides/*.toml, categories.toml, services.toml) and checks them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wire import messages

CONTENT_DIR = Path(__file__).resolve().parent
GUIDES_DIR = CONTENT_DIR / "guides"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,23}$")


class ContentError(ValueError):
    """A guide source that must not be published: the code of the fault (wire.messages.content)
    and the figures its words name, the file first. As a ValueError it reads in English (the
    build's log); `text("vi")` in Vietnamese."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(messages.text(code, "en", **params))
        self.code = code
        self.params = params

    def text(self, language: str = "vi") -> str:
        return messages.text(self.code, language, **self.params)

    def __reduce__(self) -> tuple:
        """Made again from its code and figures (the build's worker processes send it back)."""
        return _content_error, (type(self), self.code, self.params)


def _content_error(kind: type[ContentError], code: str, params: dict) -> ContentError:
    return kind(code, **params)


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
        raise ContentError("content_unreadable", file=path.name, detail=exc) from exc


def load_catalog(content_dir: Path = CONTENT_DIR) -> Catalog:
    """Every guide source, checked: known category and services, unique short codes,
    4 to 10 steps. Raises ContentError naming the first fault."""
    categories = tuple(Category(**c) for c in _read(content_dir / "categories.toml")["category"])
    category_codes = {c.code for c in categories}
    services = tuple(ServiceInfo(**s) for s in _read(content_dir / "services.toml")["service"])
    service_codes = {s.code for s in services}
    for service in services:
        if service.category not in category_codes:
            raise ContentError("content_service_category", service=service.code,
                               category=repr(service.category))

    read = [(path, _guide(path, _read(path))) for path in sorted((content_dir / "guides").glob("*.toml"))]
    seen: dict[str, str] = {}
    for path, guide in read:
        if guide.code in seen:
            raise ContentError("content_duplicate_code", file=path.name, guide=repr(guide.code),
                               other=seen[guide.code])
        seen[guide.code] = path.name
    guides: dict[str, GuideSource] = {}
    for path, guide in read:
        if path.stem != guide.code:
            raise ContentError("content_file_name", file=path.name, guide=repr(guide.code))
        if guide.category not in category_codes:
            raise ContentError("content_unknown_category", file=path.name,
                               category=repr(guide.category))
        unknown = set(guide.services) - service_codes
        if unknown:
            raise ContentError("content_unknown_services", file=path.name, services=sorted(unknown))
        guides[guide.code] = guide
    return Catalog(categories, services, tuple(guides.values()))


def _guide(path: Path, data: dict) -> GuideSource:
    try:
        data["steps"] = tuple(Step(**step) for step in data["steps"])
        data["services"] = tuple(data["services"])
        guide = GuideSource(**data)
    except (KeyError, TypeError) as exc:
        raise ContentError("content_malformed_guide", file=path.name, detail=exc) from exc
    if not CODE_PATTERN.match(guide.code):
        raise ContentError("content_bad_code", file=path.name, guide=repr(guide.code))
    if not 4 <= len(guide.steps) <= 10:
        raise ContentError("content_step_count", file=path.name, count=len(guide.steps))
    if not isinstance(guide.updated, date):
        raise ContentError("content_updated_not_date", file=path.name)
    return guide
