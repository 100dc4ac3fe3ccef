"""The guide editor: province content staff (and, for their commune's own guides, commune
staff) write a guide in the staff pages; its preview is built off the request by the content
build's own code; a second staff member with the right role approves it, and it is published
through the same publishing service as a content bundle (server.services.content), so devices
pull it on their next sync. Every change is in the audit log.

Who may do what:
- a province guide (commune_id None): written and approved by content staff or the province
  admin; a commune's own guide: by that commune's staff, or the province's content staff;
- the author never approves their own draft (two-person rule);
- a published guide can be rolled back to its previous version by a writer of its scope.

A draft's files lie under data_dir/editor: recordings/<sha256><suffix> (uploaded narration,
checked by its content) and builds/<draft id>/ (the preview: a bundle as the content build
writes one, which is what approval publishes)."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from content import build, narration
from content.catalog import (
    CODE_PATTERN,
    CONTENT_DIR,
    ContentError,
    GuideSource,
    Screen,
    Step,
    StepDetail,
    check_screens,
    invented_label,
    load_catalog,
    markup_in,
    read_screen,
    unsayable_in,
)
from content.manifest import Manifest, MediaFile, load_manifest
from content.site import load_site, public_address
from server.core.db import session_scope
from server.core.errors import ApiError
from server.core.media import MediaStore
from server.models import Area, Guide, GuideDraft, GuideVersion, Role, StaffUser
from server.services import audit, content
from wire import messages
from wire.clock import as_utc, today_local, utcnow
from wire.guides import Guide as WireGuide

log = logging.getLogger("cnscd.editor")

MIN_STEPS, MAX_STEPS = 3, 10
MAX_SERVICES = 5
MAX_RECORDING_BYTES = 5 * 1024 * 1024
STALE_MONTHS = 6
BUILD_GIVEN_UP = timedelta(minutes=15)  # a build silent this long is taken as lost
PROVINCE_EDITORS = {Role.CONTENT_STAFF.value, Role.PROVINCE_ADMIN.value}

EDITING, BUILDING, BUILT, FAILED, PUBLISHED = "editing", "building", "built", "failed", "published"

# The guide's own fields: form name -> (the label's catalogue code, most characters, required)
GUIDE_FIELDS: dict[str, tuple[str, int, bool]] = {
    "title": ("editor_guide_title", 120, True),
    "title_en": ("editor_title_en", 120, False),
    "summary": ("editor_summary", 300, True),
    "summary_en": ("editor_summary_en", 300, False),
    "source": ("editor_source", 500, False),  # required, with its own message
    "source_en": ("editor_source_en", 500, False),
    "varies_by_province": ("editor_note", 300, False),
    "varies_by_province_en": ("editor_note", 300, False),
}
STEP_FIELDS: dict[str, tuple[str, int, bool]] = {
    "text": ("editor_step_text", 300, True),
    "text_en": ("editor_step_text_en", 300, False),
    "spoken": ("editor_step_spoken", 400, True),
    "source": ("editor_step_source", 300, False),  # required, with its own message
}
# A step's drawn screen, as its form sends it: form name -> (label, most characters); its items
# come one a line in `screen_items`, each at most SCREEN_ITEM_CHARS.
SCREEN_FIELDS: dict[str, tuple[str, int, bool]] = {
    "screen_app": ("editor_screen_app", 60, False),
    "screen_title": ("editor_screen_title", 120, False),
    "screen_press": ("editor_screen_press", 120, False),
}
SCREEN_ITEM_CHARS = 120
# The catalog's refusal of a screen -> the editor's sentence for it (the rest: editor_screen_refused)
_SCREEN_REFUSALS = {
    "content_no_screen": "editor_no_screen",
    "content_screen_no_app": "editor_screen_no_app",
    "content_screen_no_title": "editor_screen_no_title",
    "content_screen_item_count": "editor_screen_item_count",
    "content_screen_item_twice": "editor_screen_item_twice",
    "content_screen_press_unknown": "editor_screen_press_unknown",
    "content_screen_invented": "editor_screen_invented",
}

# What a recording's first bytes are, by kind (its name is not trusted).
_AUDIO_MAGIC = (
    (".ogg", lambda head: head.startswith(b"OggS")),
    (".wav", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    (".m4a", lambda head: head[4:8] == b"ftyp"),
    (".mp3", lambda head: head.startswith(b"ID3") or (head[:1] == b"\xff" and head[1] >= 0xE0)),
)

_JOBS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnscd-editor-build")


def refused(code: str, status: int = 422, **params: object) -> ApiError:
    return ApiError(status, code, **params)


# ---- who may do what


def _province_editor(user: StaffUser) -> bool:
    return user.role in PROVINCE_EDITORS


def may_write(user: StaffUser, commune_id: str | None) -> bool:
    if _province_editor(user):
        return True
    return (
        commune_id is not None
        and user.role == Role.COMMUNE_STAFF.value
        and user.area_id == commune_id
    )


def may_edit(user: StaffUser) -> bool:
    """Whether the editor is for this staff member at all."""
    return _province_editor(user) or user.role == Role.COMMUNE_STAFF.value


def may_approve(user: StaffUser, draft: GuideDraft) -> bool:
    return user.id != draft.author_id and may_write(user, draft.commune_id)


def _require_write(user: StaffUser, commune_id: str | None) -> None:
    if not may_write(user, commune_id):
        raise refused("editor_not_allowed", 403)


def _published_guide(session: Session, user: StaffUser, code: str) -> Guide:
    """The published guide this user may change."""
    held = session.get(Guide, code)
    if held is None:
        raise refused("editor_unknown_guide", 404, code=code)
    _require_write(user, held.commune_id)
    return held


# ---- the texts, checked


def _label(code: str) -> str:
    return messages.text(code)


def _checked_text(raw: dict[str, str], fields: dict[str, tuple[str, int, bool]]) -> dict:
    out: dict[str, str] = {}
    for name, (label, most, required) in fields.items():
        value = " ".join(str(raw.get(name, "")).split())
        if required and not value:
            raise refused("editor_required", field=_label(label))
        if len(value) > most:
            raise refused("editor_too_long", field=_label(label), limit=most)
        if (found := markup_in(value)) is not None:
            raise refused("editor_markup", field=_label(label), found=repr(found))
        out[name] = value
    return out


def check_guide_fields(raw: dict[str, str], services: list[str]) -> dict:
    """The guide's own texts, category, services and day checked, as a draft keeps them."""
    catalog = load_catalog(CONTENT_DIR)
    data = _checked_text(raw, GUIDE_FIELDS)
    if not data["source"]:
        raise refused("editor_no_source")
    category = str(raw.get("category", ""))
    if category not in {c.code for c in catalog.categories}:
        raise refused("editor_unknown_category")
    chosen = sorted(set(services))
    if not chosen:
        raise refused("editor_no_services")
    unknown = sorted(set(chosen) - {s.code for s in catalog.services})
    if unknown or len(chosen) > MAX_SERVICES:
        raise refused("editor_unknown_services", services=", ".join(unknown or chosen))
    try:
        checked = date.fromisoformat(str(raw.get("checked", "")))
    except ValueError:
        raise refused("editor_bad_checked") from None
    if checked > today_local():
        raise refused("editor_bad_checked")
    return {**data, "category": category, "services": chosen, "checked": checked.isoformat()}


def check_step(raw: dict[str, str], number: int) -> dict:
    step = _checked_text(raw, STEP_FIELDS)
    if not step["source"]:
        raise refused("editor_no_step_source", number=number)
    if (unsayable := unsayable_in(step["spoken"])) is not None:
        found, fault = unsayable
        raise refused("editor_unsayable", number=number, found=repr(found), fault=fault)
    return {**step, "screen": check_screen(raw, number)}


def _screen_refused(exc: ContentError, number: int) -> ApiError:
    code = _SCREEN_REFUSALS.get(exc.code)
    if code is None:
        return refused("editor_screen_refused", number=number, reason=exc.text("vi"))
    params = {k: v for k, v in exc.params.items() if k in {"count", "most", "press", "label"}}
    return refused(code, number=number, **params)


def check_screen(raw: dict[str, str], number: int) -> dict | None:
    """A step's drawn screen from its form (app, title, items one a line, the button to press,
    whether it is drawn from the step's words), checked by the catalog's own rules
    (content.catalog.read_screen): as the draft keeps it, or None when the form gives none (a
    step the build then refuses, as the catalog does)."""
    texts = _checked_text(raw, SCREEN_FIELDS)
    items = [" ".join(line.split()) for line in str(raw.get("screen_items", "")).splitlines()]
    items = [item for item in items if item]
    label = _label("editor_screen_items")
    for item in items:
        if len(item) > SCREEN_ITEM_CHARS:
            raise refused("editor_too_long", field=label, limit=SCREEN_ITEM_CHARS)
        if (found := markup_in(item)) is not None:
            raise refused("editor_markup", field=label, found=repr(found))
    drawn_from = "step" if raw.get("screen_drawn_from") else ""
    if not (texts["screen_app"] or texts["screen_title"] or items or texts["screen_press"]):
        return None
    data = {
        "app": texts["screen_app"],
        "title": texts["screen_title"],
        "items": items,
        "press": texts["screen_press"],
        "drawn_from": drawn_from,
    }
    try:
        read_screen("", number, data)
    except ContentError as exc:
        raise _screen_refused(exc, number) from None
    return data


def _screen_of(step: dict) -> Screen | None:
    data = step.get("screen")
    if not data:
        return None
    return Screen(
        data["app"], data["title"], tuple(data["items"]), data["press"], data["drawn_from"]
    )


def check_screens_of(data: dict) -> None:
    """Every step of a draft has its drawn screen, and none drawn from its step names what the
    guide's words do not state (content.catalog.check_screens)."""
    steps = data.get("steps", [])
    details = [StepDetail(s.get("spoken", ""), s.get("source", ""), _screen_of(s)) for s in steps]
    try:
        check_screens("", data.get("title", ""), [s.get("text", "") for s in steps], details)
    except ContentError as exc:
        raise _screen_refused(exc, int(exc.params.get("number", 0))) from None


@dataclass(frozen=True)
class Recording:
    sha256: str
    suffix: str
    seconds: float


def check_recording(data: bytes) -> Recording:
    """An uploaded narration: at most MAX_RECORDING_BYTES, a kind the build reads (judged by
    its first bytes), decodable with sound, as long as a step may be."""
    if len(data) > MAX_RECORDING_BYTES:
        raise refused("editor_audio_too_large", 413, limit=MAX_RECORDING_BYTES // (1024 * 1024))
    suffix = next((s for s, matches in _AUDIO_MAGIC if len(data) >= 12 and matches(data)), None)
    if suffix is None:
        raise refused("editor_audio_format", 415)
    with tempfile.TemporaryDirectory(prefix="cnscd-recording-") as work:
        path = Path(work) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            said = narration.decode(path, path.name)
        except ContentError:
            raise refused("editor_audio_unreadable") from None
    if not said.samples or not any(said.samples):
        raise refused("editor_audio_unreadable")
    if not narration.MIN_SECONDS <= said.seconds <= narration.MAX_SECONDS:
        raise refused(
            "editor_audio_length",
            seconds=f"{said.seconds:.1f}",
            least=f"{narration.MIN_SECONDS:.0f}",
            most=f"{narration.MAX_SECONDS:.0f}",
        )
    return Recording(hashlib.sha256(data).hexdigest(), suffix, round(said.seconds, 1))


# ---- where the files go


def editor_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "editor"


def recording_path(data_dir: Path, sha256: str, suffix: str) -> Path:
    return editor_dir(data_dir) / "recordings" / f"{sha256}{suffix}"


def build_dir(data_dir: Path, draft_id: int) -> Path:
    return editor_dir(data_dir) / "builds" / str(draft_id)


def keep_recording(data_dir: Path, data: bytes, recording: Recording) -> None:
    path = recording_path(data_dir, recording.sha256, recording.suffix)
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(path.suffix + ".part")
    part.write_bytes(data)
    part.replace(path)


# ---- drafts


def _hash(data: dict) -> str:
    """The hash of a draft's texts (what its preview was built from)."""
    texts = {k: v for k, v in data.items() if k != "built_hash"}
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def _touched(session: Session, draft: GuideDraft, data: dict) -> None:
    """The draft's texts changed: any preview built before is no longer what it says."""
    if draft.status == BUILDING:
        raise refused("editor_busy", 409)
    if draft.status == PUBLISHED:
        raise refused("editor_done", 409)
    draft.data = {k: v for k, v in data.items() if k != "built_hash"}
    draft.status, draft.progress, draft.build_error, draft.built_version = EDITING, 0, "", 0
    draft.updated_at = utcnow()
    session.add(draft)


def get_draft(session: Session, user: StaffUser, draft_id: int) -> GuideDraft:
    draft = session.get(GuideDraft, draft_id)
    if draft is None:
        raise refused("editor_unknown_draft", 404)
    if not may_write(user, draft.commune_id):
        raise refused("editor_not_allowed", 403)
    return draft


def drafts_of(session: Session, user: StaffUser) -> list[GuideDraft]:
    query = select(GuideDraft).order_by(col(GuideDraft.updated_at).desc())
    if not _province_editor(user):
        query = query.where(GuideDraft.commune_id == user.area_id)
    return list(session.exec(query))


def _actor(user: StaffUser) -> str:
    return f"staff:{user.id}"


def create_draft(
    session: Session,
    user: StaffUser,
    code: str,
    commune_id: str | None,
    raw: dict[str, str],
    services: list[str],
) -> GuideDraft:
    """A new guide's draft; its code must be free (a published guide is changed with
    `draft_from_published`)."""
    _require_write(user, commune_id)
    if commune_id is not None:
        area = session.get(Area, commune_id)
        if area is None or area.level != "commune":
            raise refused("unknown_commune")
    if not CODE_PATTERN.match(code):
        raise refused("editor_bad_code")
    taken = (
        session.get(Guide, code) is not None
        or session.exec(
            select(GuideDraft).where(GuideDraft.code == code, GuideDraft.status != PUBLISHED)
        ).first()
    )
    if taken:
        raise refused("editor_code_taken", 409, code=code)
    data = {**check_guide_fields(raw, services), "steps": []}
    draft = GuideDraft(code=code, commune_id=commune_id, author_id=user.id, data=data)
    session.add(draft)
    session.flush()
    audit.record(session, _actor(user), "editor.create", f"draft:{draft.id}", code=code)
    return draft


def draft_from_published(session: Session, user: StaffUser, code: str) -> GuideDraft:
    """A draft to change a published guide: the texts its last editor draft had (with its
    screens), or (a guide from a bundle) its published texts, whose steps then lack spoken
    words and sources; their screens are the guide source's (content/guides) where it says the
    same steps, since a manifest keeps no screens."""
    held = _published_guide(session, user, code)
    last = session.exec(
        select(GuideDraft)
        .where(GuideDraft.code == code, GuideDraft.status == PUBLISHED)
        .order_by(col(GuideDraft.id).desc())
    ).first()
    if last is not None:
        data = dict(last.data)
    else:
        guide = held.published()
        data = {
            name: getattr(guide, name)
            for name in GUIDE_FIELDS
            if hasattr(guide, name) and name != "source"
        }
        data |= {
            "source": guide.source,
            "category": guide.category,
            "services": list(guide.services),
            "checked": (held.checked_on or date.fromisoformat(guide.updated_on)).isoformat(),
            "steps": [
                {"text": s["text"], "text_en": s["text_en"], "spoken": "", "source": ""}
                | ({"screen": screen} if screen else {})
                for s, screen in zip(guide.steps, _bundle_screens(guide), strict=True)
            ],
        }
    draft = GuideDraft(code=code, commune_id=held.commune_id, author_id=user.id, data=data)
    session.add(draft)
    session.flush()
    audit.record(session, _actor(user), "editor.edit", f"draft:{draft.id}", code=code)
    return draft


def _bundle_screens(guide: WireGuide) -> list[dict | None]:
    """The drawn screens of a bundle's published guide, from its source in content/guides when
    that has the same steps (word for word); None for each step otherwise."""
    source = next((g for g in load_catalog(CONTENT_DIR).guides if g.code == guide.code), None)
    published = [(s["text"], s["text_en"]) for s in guide.steps]
    if source is None or [(s.text, s.text_en) for s in source.steps] != published:
        return [None] * len(guide.steps)
    return [
        None
        if d.screen is None
        else {
            "app": d.screen.app,
            "title": d.screen.title,
            "items": list(d.screen.items),
            "press": d.screen.press,
            "drawn_from": d.screen.drawn_from,
        }
        for d in source.details
    ]


def save_guide(
    session: Session, user: StaffUser, draft: GuideDraft, raw: dict[str, str], services: list[str]
) -> None:
    data = {**check_guide_fields(raw, services), "steps": draft.data.get("steps", [])}
    _touched(session, draft, data)
    audit.record(session, _actor(user), "editor.save", f"draft:{draft.id}", code=draft.code)


def save_step(
    session: Session,
    user: StaffUser,
    draft: GuideDraft,
    number: int | None,
    raw: dict[str, str],
    recording: Recording | None,
) -> None:
    """Step `number` (from 1) changed, or a new step at the end (`number` None); a recording
    given replaces the step's, none keeps it."""
    steps = [dict(s) for s in draft.data.get("steps", [])]
    if number is None:
        if len(steps) >= MAX_STEPS:
            raise refused("editor_too_many_steps", most=MAX_STEPS)
        steps.append({})
        number = len(steps)
    elif not 1 <= number <= len(steps):
        raise refused("editor_unknown_step", 404, number=number)
    step = {**steps[number - 1], **check_step(raw, number)}
    screen = _screen_of(step)
    if screen is None:
        raise refused("editor_no_screen", number=number)
    texts = [s.get("text", "") for s in steps[: number - 1]] + [step["text"]]
    before = [_screen_of(s) for s in steps[: number - 1]]
    label = invented_label(draft.data.get("title", ""), texts, before, screen)
    if label is not None:
        raise refused("editor_screen_invented", number=number, label=repr(label))
    if recording is not None:
        step |= {
            "recording": recording.sha256,
            "recording_suffix": recording.suffix,
            "recording_seconds": recording.seconds,
        }
    steps[number - 1] = step
    _touched(session, draft, {**draft.data, "steps": steps})
    audit.record(
        session,
        _actor(user),
        "editor.step",
        f"draft:{draft.id}",
        code=draft.code,
        number=number,
        recording=recording.sha256 if recording else "",
    )


def remove_step(session: Session, user: StaffUser, draft: GuideDraft, number: int) -> None:
    steps = list(draft.data.get("steps", []))
    if not 1 <= number <= len(steps):
        raise refused("editor_unknown_step", 404, number=number)
    del steps[number - 1]
    _touched(session, draft, {**draft.data, "steps": steps})
    audit.record(session, _actor(user), "editor.step_remove", f"draft:{draft.id}", number=number)


# ---- the preview build (off the request)


def next_version(session: Session, code: str) -> int:
    versions = session.exec(select(GuideVersion.version).where(GuideVersion.code == code)).all()
    held = session.get(Guide, code)
    return max([0, *versions, *([held.version] if held else [])]) + 1


def start_build(
    engine: Engine, data_dir: Path, base_url: str, user: StaffUser, draft_id: int
) -> None:
    """Mark the draft as building and queue its build; the page shows its progress."""
    with session_scope(engine) as session:
        draft = get_draft(session, user, draft_id)
        # A build that has said nothing for BUILD_GIVEN_UP was lost (the server restarted).
        if draft.status == BUILDING and as_utc(draft.updated_at) > utcnow() - BUILD_GIVEN_UP:
            raise refused("editor_busy", 409)
        if draft.status == PUBLISHED:
            raise refused("editor_done", 409)
        count = len(draft.data.get("steps", []))
        if not MIN_STEPS <= count <= MAX_STEPS:
            raise refused("editor_step_count", least=MIN_STEPS, most=MAX_STEPS, count=count)
        check_screens_of(draft.data)
        draft.status, draft.progress, draft.build_error = BUILDING, 1, ""
        draft.updated_at = utcnow()
        draft.built_version = next_version(session, draft.code)
        session.add(draft)
        audit.record(session, _actor(user), "editor.build", f"draft:{draft.id}", code=draft.code)
    _JOBS.submit(run_build, engine, Path(data_dir), base_url, draft_id)


def _progress(engine: Engine, draft_id: int, percent: int) -> None:
    with session_scope(engine) as session:
        draft = session.get(GuideDraft, draft_id)
        if draft is not None and draft.status == BUILDING:
            draft.progress, draft.updated_at = percent, utcnow()
            session.add(draft)


def run_build(engine: Engine, data_dir: Path, base_url: str, draft_id: int) -> None:
    """The build job: the draft's guide rendered by the content build into its bundle folder;
    the draft says `built`, or `failed` and why in Vietnamese. Nothing is published here."""
    with session_scope(engine) as session:
        draft = session.get(GuideDraft, draft_id)
        if draft is None or draft.status != BUILDING:
            return
        code, commune_id, version = draft.code, draft.commune_id, draft.built_version
        data = dict(draft.data)
    target = build_dir(data_dir, draft_id)
    try:
        _build_bundle(engine, data_dir, base_url, draft_id, code, commune_id, version, data)
        status, error = BUILT, ""
    except ContentError as exc:
        status, error = FAILED, messages.text("editor_build_failed", reason=exc.text("vi"))
    except ApiError as exc:
        status, error = FAILED, messages.text("editor_build_failed", reason=exc.message)
    except Exception as exc:  # the job must say it failed, whatever the fault
        log.exception("editor build of draft %s failed", draft_id)
        reason = messages.text("editor_build_crashed", kind=type(exc).__name__)
        status, error = FAILED, messages.text("editor_build_failed", reason=reason)
    if status == FAILED:
        shutil.rmtree(target, ignore_errors=True)
    with session_scope(engine) as session:
        draft = session.get(GuideDraft, draft_id)
        if draft is None:
            return
        draft.status, draft.build_error = status, error[:2000]
        draft.progress = 100 if status == BUILT else draft.progress
        draft.data = {**draft.data, "built_hash": _hash(data)} if status == BUILT else draft.data
        session.add(draft)
        audit.record(session, "editor", f"editor.build_{status}", f"draft:{draft_id}", code=code)


def guide_source(code: str, version: int, data: dict) -> GuideSource:
    steps = data["steps"]
    return GuideSource(
        code=code,
        category=data["category"],
        title=data["title"],
        title_en=data.get("title_en", ""),
        summary=data["summary"],
        services=tuple(data["services"]),
        version=version,
        updated=today_local(),
        source=data["source"],
        steps=tuple(Step(s["text"], s.get("text_en", "")) for s in steps),
        checked=date.fromisoformat(data["checked"]),
        details=tuple(StepDetail(s["spoken"], s["source"], _screen_of(s)) for s in steps),
        varies_by_province=data.get("varies_by_province", ""),
        summary_en=data.get("summary_en", ""),
        source_en=data.get("source_en", ""),
        varies_by_province_en=data.get("varies_by_province_en", ""),
    )


def _write_wav(path: Path, samples: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(narration.SAMPLE_RATE)
        out.writeframes(samples)


def _build_bundle(
    engine: Engine,
    data_dir: Path,
    base_url: str,
    draft_id: int,
    code: str,
    commune_id: str | None,
    version: int,
    data: dict,
) -> None:
    guide = guide_source(code, version, data)
    catalog = load_catalog(CONTENT_DIR)
    category_name = next(c.name for c in catalog.categories if c.code == guide.category)
    if not base_url:
        raise refused("editor_no_public_address")
    # A placeholder domain is refused as the content build refuses it; a loopback or LAN
    # address over http stays allowed, since that is what a server run on one machine has.
    site = replace(load_site(), public_base_url=public_address(base_url, demo=True))
    target = build_dir(data_dir, draft_id)
    shutil.rmtree(target, ignore_errors=True)
    work = target / "work"
    # The narration: the recordings uploaded; a step without one is said by the synthesiser,
    # written beside them, so the build finds every step recorded (content.narration).
    steps = data["steps"]
    if any(s.get("recording") for s in steps):
        folder = narration.recordings_dir(code, work)
        folder.mkdir(parents=True)
        for number, step in enumerate(steps, start=1):
            if step.get("recording"):
                source = recording_path(data_dir, step["recording"], step["recording_suffix"])
                shutil.copyfile(source, folder / f"step-{number}{step['recording_suffix']}")
            else:
                _write_wav(
                    folder / f"step-{number}.wav", narration.synthesise(step["spoken"]).samples
                )
    _progress(engine, draft_id, 10)
    files = build.render_guide(
        guide,
        site,
        category_name,
        work,
        commune_id=commune_id or "",
        progress=lambda percent: _progress(engine, draft_id, percent),
    )
    bundle = target / "bundle"
    (bundle / build.MEDIA_DIR).mkdir(parents=True)
    for f in files:
        (bundle / f.path).write_bytes(f.data)
    published = build.listed(guide, files)
    manifest = Manifest(
        content_version="",
        categories=[asdict(c) for c in catalog.categories],
        services=[asdict(s) for s in catalog.services],
        guides=[published],
        media=[MediaFile(f.sha256, f.path, len(f.data), f.mime) for f in files],
        root=bundle,
    )
    manifest = replace(manifest, content_version=build.content_version(manifest))
    (bundle / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    build.verify_dist(bundle)
    shutil.rmtree(work, ignore_errors=True)


@dataclass(frozen=True)
class Preview:
    guide: WireGuide
    files: dict[str, str]  # role -> file name under the bundle's media folder
    url: str  # what its QR holds


def preview(data_dir: Path, draft: GuideDraft) -> Preview | None:
    """The built preview of a draft, or None when it has none (yet)."""
    if draft.status not in {BUILT, PUBLISHED}:
        return None
    path = build_dir(data_dir, draft.id) / "bundle" / "manifest.json"
    if not path.is_file():
        return None
    manifest = load_manifest(path)
    guide = manifest.guides[0]
    names = {m.sha256: Path(m.path).name for m in manifest.media}
    return Preview(guide, {role: names[sha] for role, sha in guide.media.items()}, "")


def preview_file(data_dir: Path, draft: GuideDraft, name: str) -> tuple[Path, str]:
    """One media file of a draft's preview: its path and MIME type."""
    shown = preview(data_dir, draft)
    if shown is None or not re.fullmatch(r"[a-z0-9-]+\.(png|mp4|vtt)", name):
        raise refused("not_found", 404)
    if name not in shown.files.values():
        raise refused("not_found", 404)
    mime = {"png": "image/png", "mp4": "video/mp4", "vtt": "text/vtt"}[name.rsplit(".", 1)[1]]
    return build_dir(data_dir, draft.id) / "bundle" / build.MEDIA_DIR / name, mime


# ---- approval, publishing, rollback


def approve(
    session: Session, media: MediaStore | Path, data_dir: Path, user: StaffUser, draft_id: int
) -> int:
    """A second staff member approves a built draft: it is published through the content
    service (a new version, a new change number devices pull). Answers the version. The
    draft's row is locked, so two approvals at once publish it once."""
    draft = session.exec(
        select(GuideDraft).where(GuideDraft.id == draft_id).with_for_update()
    ).first()
    if draft is None:
        raise refused("editor_unknown_draft", 404)
    if user.id == draft.author_id and may_write(user, draft.commune_id):
        raise refused("editor_own_draft", 403)
    if not may_approve(user, draft):
        raise refused("editor_not_allowed", 403)
    if draft.status == BUILDING:
        raise refused("editor_busy", 409)
    if draft.status == PUBLISHED:
        raise refused("editor_done", 409)
    if draft.status != BUILT or draft.data.get("built_hash") != _hash(draft.data):
        raise refused("editor_not_built", 409)
    if next_version(session, draft.code) != draft.built_version:
        raise refused("editor_version_moved", 409)
    held = session.get(Guide, draft.code)
    if held is not None and held.commune_id != draft.commune_id:
        raise refused("editor_code_taken", 409, code=draft.code)
    bundle = build_dir(data_dir, draft.id) / "bundle"
    content.publish_bundle(session, media, bundle, _actor(user), only_guide=draft.code)
    held = session.get(Guide, draft.code)
    held.commune_id = draft.commune_id
    held.checked_on = date.fromisoformat(draft.data["checked"])
    session.add(held)
    draft.status, draft.approved_by, draft.updated_at = PUBLISHED, user.id, utcnow()
    session.add(draft)
    audit.record(
        session,
        _actor(user),
        "editor.approve",
        f"draft:{draft.id}",
        code=draft.code,
        version=held.version,
        author=f"staff:{draft.author_id}",
    )
    return held.version


def rollback(session: Session, user: StaffUser, code: str) -> tuple[int, int]:
    """The guide back to its previous version's content, published as a new version (devices
    take only a higher one). Answers (the version whose content it has, the new version)."""
    held = _published_guide(session, user, code)
    earlier = session.exec(
        select(GuideVersion)
        .where(GuideVersion.code == code, GuideVersion.version < held.version)
        .order_by(col(GuideVersion.version).desc())
    ).first()
    if earlier is None:
        raise refused("editor_no_previous", 409)
    version = content.republish(session, code, earlier.data, _actor(user))
    audit.record(
        session, _actor(user), "editor.rollback", code, previous=earlier.version, version=version
    )
    return earlier.version, version


# ---- staleness


def stale_before(today: date | None = None) -> date:
    """The day a source check must be after not to be stale (STALE_MONTHS ago)."""
    day = today or today_local()
    month = day.month - STALE_MONTHS
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def checked_on(guide: Guide) -> date:
    return guide.checked_on or date.fromisoformat(guide.data["updated_on"])


def is_stale(guide: Guide, today: date | None = None) -> bool:
    return checked_on(guide) < stale_before(today)


def stale_guides(session: Session, user: StaffUser, today: date | None = None) -> list[Guide]:
    """The published guides (the staff member's scope) whose source check is too old."""
    return [g for g in published_for(session, user) if is_stale(g, today)]


def published_for(session: Session, user: StaffUser) -> list[Guide]:
    """Published guides a staff member sees: the province's, and their commune's own (every
    commune's for province staff)."""
    guides = list(session.exec(select(Guide).order_by(Guide.code)))
    if _province_editor(user) or user.role == Role.PROVINCE_ADMIN.value:
        return guides
    return [g for g in guides if g.commune_id in (None, user.area_id)]
