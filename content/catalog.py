"""Reads the guide sources (guides/*.toml, categories.toml, services.toml) and checks them."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wire import messages

CONTENT_DIR = Path(__file__).resolve().parent
GUIDES_DIR = CONTENT_DIR / "guides"
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,23}$")
MAX_SCREEN_ITEMS = 6

# Markup has no place in a guide: the pages, the infographic and the narration all take plain
# words. HTML tags and entities, Markdown emphasis, code, links and headings.
_MARKUP = re.compile(r"[<>`]|\*\*|__|\]\(|&[a-zA-Z#][a-zA-Z0-9]*;|^\s*#", re.MULTILINE)

# What the narration cannot say as written: each with the fault the message names.
_UNSAYABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bVNeID\b"), "'VNeID' (say 'ứng dụng V N e I D')"),
    (re.compile(r"\bBHYT\b"), "'BHYT' (say 'bảo hiểm y tế')"),
    (re.compile(r"\bCCCD\b"), "'CCCD' (say 'căn cước công dân')"),
    (re.compile(r"\bCMND\b"), "'CMND' (say 'chứng minh nhân dân')"),
    (re.compile(r"\bOTP\b"), "'OTP' (say 'mã xác thực gửi qua tin nhắn')"),
    (re.compile(r"\bPDF\b"), "'PDF' (say 'tệp tài liệu')"),
    (re.compile(r"\d\s*đ\b"), "an amount in 'đ' (say the number and 'đồng')"),
    (re.compile(r"\d"), "a digit (write the number out as it is said)"),
    (re.compile(r"\b[A-ZĐ]{2,}\b"), "an abbreviation in capitals (spell it out)"),
    (re.compile(r"\w\.\w"), "a web address or dotted word (say 'chấm')"),
)


def markup_in(text: str) -> str | None:
    """The first markup found in `text` (a tag, an entity, Markdown), or None for plain words."""
    found = _MARKUP.search(text)
    return found.group(0).strip() or found.group(0) if found else None


def unsayable_in(spoken: str) -> tuple[str, str] | None:
    """What the narration cannot say as written in `spoken`: (what was found, the fault), or
    None."""
    for pattern, fault in _UNSAYABLE:
        found = pattern.search(spoken)
        if found:
            return found.group(0), fault
    return None


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
class Screen:
    """The phone screen a household meets at a step, drawn as a schematic: whose screen, its
    title bar, its rows or buttons from top to bottom, and the one to press (if any)."""

    app: str
    title: str
    items: tuple[str, ...]
    press: str = ""
    # "step" where no source names the screen's labels: a schematic of what the step says, every
    # word of it (app, title, rows) taken from the guide's title or its steps so far.
    drawn_from: str = ""


@dataclass(frozen=True)
class StepDetail:
    """What a step says aloud, where it comes from, and the screen it shows. Kept apart from
    Step, which the build writes as it is into the manifest that devices read strictly, until
    the renderer takes these too."""

    spoken: str
    source: str
    screen: Screen | None = None


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
    # The day the guide's sources were last checked against current law and screens.
    checked: date
    # One for each step, in the same order.
    details: tuple[StepDetail, ...]
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
        raise ContentError("content_unreadable", file=path.name, detail=exc) from exc


def load_catalog(content_dir: Path = CONTENT_DIR) -> Catalog:
    """Every guide source, checked: known category and services, unique short codes,
    4 to 10 steps, each with its narration, its source and its drawn screen. Raises ContentError naming the first
    fault."""
    categories = tuple(Category(**c) for c in _read(content_dir / "categories.toml")["category"])
    category_codes = {c.code for c in categories}
    try:
        services = tuple(ServiceInfo(**s) for s in _read(content_dir / "services.toml")["service"])
    except TypeError as exc:
        raise ContentError("content_malformed_service", exc=exc) from exc
    service_codes = {s.code for s in services}
    for service in services:
        if service.category not in category_codes:
            raise ContentError(
                "content_service_category", service=service.code, category=repr(service.category)
            )

    paths = sorted((content_dir / "guides").glob("*.toml"))
    read = [(path, _guide(path, _read(path))) for path in paths]
    seen: dict[str, str] = {}
    for path, guide in read:
        if guide.code in seen:
            raise ContentError(
                "content_duplicate_code",
                file=path.name,
                guide=repr(guide.code),
                other=seen[guide.code],
            )
        seen[guide.code] = path.name
    guides: dict[str, GuideSource] = {}
    for path, guide in read:
        if path.stem != guide.code:
            raise ContentError("content_file_name", file=path.name, guide=repr(guide.code))
        if guide.category not in category_codes:
            raise ContentError(
                "content_unknown_category", file=path.name, category=repr(guide.category)
            )
        unknown = set(guide.services) - service_codes
        if unknown:
            raise ContentError("content_unknown_services", file=path.name, services=sorted(unknown))
        guides[guide.code] = guide
    return Catalog(categories, services, tuple(guides.values()))


def _guide(path: Path, data: dict) -> GuideSource:
    name = path.name
    if "checked" not in data:
        raise ContentError("content_no_checked", file=name)
    if not isinstance(data["checked"], date):
        raise ContentError("content_checked_not_date", file=name)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        raise ContentError("content_steps_not_tables", file=name)
    if not 4 <= len(raw_steps) <= 10:
        raise ContentError("content_step_count", file=name, count=len(raw_steps))
    try:
        details = tuple(
            _detail(name, number, step) for number, step in enumerate(raw_steps, start=1)
        )
        data["steps"] = tuple(Step(**step) for step in raw_steps)
        data["services"] = tuple(data["services"])
        guide = GuideSource(**data, details=details)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ContentError("content_malformed_guide", file=name, detail=exc) from exc
    if not CODE_PATTERN.match(guide.code):
        raise ContentError("content_bad_code", file=name, guide=repr(guide.code))
    if not isinstance(guide.updated, date):
        raise ContentError("content_updated_not_date", file=name)
    texts = {
        "title": guide.title,
        "title_en": guide.title_en,
        "summary": guide.summary,
        "source": guide.source,
        "varies_by_province": guide.varies_by_province,
    }
    for number, (step, detail) in enumerate(zip(guide.steps, guide.details), start=1):
        texts |= {
            f"step {number} text": step.text,
            f"step {number} text_en": step.text_en,
            f"step {number} spoken": detail.spoken,
            f"step {number} source": detail.source,
        }
        if detail.screen is not None:
            screen = detail.screen
            texts |= {
                f"step {number} screen app": screen.app,
                f"step {number} screen title": screen.title,
                f"step {number} screen press": screen.press,
            }
            texts |= {
                f"step {number} screen item {i}": item
                for i, item in enumerate(screen.items, start=1)
            }
    for where, text in texts.items():
        if _MARKUP.search(text):
            raise ContentError("content_markup", file=name, where=where, text=repr(text))
    check_screens(name, guide.title, [step.text for step in guide.steps], guide.details)
    return guide


def check_screens(
    name: str, title: str, step_texts: Sequence[str], details: Sequence[StepDetail]
) -> None:
    """Every step has a drawn screen, and one drawn from its step (drawn_from "step") names
    nothing the guide's words up to that step do not state. Raises ContentError
    (content_no_screen, content_screen_invented) naming the first fault; `name` is the guide's
    file (or code) the message names."""
    for number, detail in enumerate(details, start=1):
        if detail.screen is None:
            raise ContentError("content_no_screen", file=name, number=number)
        before = [earlier.screen for earlier in details[: number - 1]]
        label = invented_label(title, step_texts[:number], before, detail.screen)
        if label is not None:
            raise ContentError(
                "content_screen_invented", file=name, number=number, label=repr(label)
            )


def invented_label(
    title: str, step_texts: Sequence[str], before: Sequence[Screen | None], screen: Screen
) -> str | None:
    """The first word of a screen drawn from its step (drawn_from "step") that the guide's words
    do not state, or None. `step_texts` are the steps' texts up to and with the screen's step,
    `before` the screens of the steps before it (where the household already is: the app a
    source named two steps back is still open)."""
    if screen.drawn_from != "step":
        return None
    earlier = [
        label
        for shown in before
        if shown is not None
        for label in (shown.app, shown.title, shown.press)
    ]
    said = _stated(title, *step_texts, *earlier)
    for label in (screen.app, screen.title, *screen.items):
        if label and not any(_plain(label) in words for words in said):
            return label
    return None


def _plain(text: str) -> str:
    """The words alone: case folded, quotes dropped, spaces made single."""
    return " ".join(text.replace('"', " ").casefold().split())


def _stated(*texts: str) -> tuple[str, ...]:
    """What the guide's words state, each as written and without its asides in brackets, for
    checking that a screen drawn from a step names nothing the words do not."""
    joined = " ".join(texts)
    return _plain(joined), _plain(re.sub(r"\s*\([^)]*\)", "", joined))


def _detail(name: str, number: int, step: dict) -> StepDetail:
    """Pops a step's narration, source and screen out of its table, checked."""
    spoken = step.pop("spoken", "")
    source = step.pop("source", "")
    screen = step.pop("screen", None)
    if not isinstance(spoken, str) or not spoken.strip():
        raise ContentError("content_no_spoken", file=name, number=number)
    if not isinstance(source, str) or not source.strip():
        raise ContentError("content_no_step_source", file=name, number=number)
    for pattern, fault in _UNSAYABLE:
        found = pattern.search(spoken)
        if found:
            raise ContentError(
                "content_unsayable",
                file=name,
                number=number,
                fault=fault,
                found=repr(found.group(0)),
            )
    return StepDetail(spoken, source, None if screen is None else read_screen(name, number, screen))


def read_screen(name: str, number: int, data: object) -> Screen:
    """A step's `[steps.screen]` table read and checked; raises ContentError (content_screen_*)."""
    where = f"{name}: step {number} screen"
    if not isinstance(data, dict):
        raise ContentError("content_screen_not_table", where=where)
    unknown = set(data) - {"app", "title", "items", "press", "drawn_from"}
    if unknown:
        raise ContentError("content_screen_unknown_keys", where=where, keys=sorted(unknown))
    app, title = data.get("app", ""), data.get("title", "")
    items, press = data.get("items", []), data.get("press", "")
    drawn_from = data.get("drawn_from", "")
    if drawn_from not in ("", "step"):
        raise ContentError("content_screen_drawn_from", where=where, value=repr(drawn_from))
    # A screen a source names has its app; one drawn from a step off any app's screen (a
    # paper to photograph, a rule to know) may have none, since the step names none.
    if not isinstance(app, str) or not (app.strip() or drawn_from == "step"):
        raise ContentError("content_screen_no_app", where=where)
    if not (isinstance(title, str) and title.strip()):
        raise ContentError("content_screen_no_title", where=where)
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise ContentError("content_screen_items", where=where)
    if not 1 <= len(items) <= MAX_SCREEN_ITEMS:
        raise ContentError(
            "content_screen_item_count", where=where, count=len(items), most=MAX_SCREEN_ITEMS
        )
    if len(set(items)) != len(items):
        raise ContentError("content_screen_item_twice", where=where)
    if not isinstance(press, str):
        raise ContentError("content_screen_press", where=where)
    if press and press not in items:
        raise ContentError(
            "content_screen_press_unknown", where=where, press=repr(press), items=items
        )
    return Screen(app, title, tuple(items), press, drawn_from)
