"""The guide editor in the staff pages (server.services.editor holds the rules): the list of
drafts and published guides, a draft's page (its texts, its steps with their recordings, its
preview and its build's progress, approval), rollback. Refusals a person can fix are shown on
the page in Vietnamese; someone else's draft is 403, an unknown one 404."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from content import public_page
from server.api import params
from server.api.deps import StateDep
from server.api.params import Id, Text
from server.core.db import session_scope
from server.core.errors import ApiError
from server.models import Area, GuideDraft
from server.services import editor
from server.web import pages, session
from server.web.session import FormDep, StaffSession, StaffSessionDep
from wire import messages
from wire.clock import today_local

router = APIRouter(prefix="/staff/editor", include_in_schema=False)
STEP_PATH = "/staff/editor/step"  # the one form that uploads a recording (its body limit)
# A step's form: its texts, a recording, the CSRF token, which draft and step, what to do.
STEP_BODY_BYTES = editor.MAX_RECORDING_BYTES + 64 * 1024
_FIXABLE = {409, 413, 415, 422}


def _require_editor(staff: StaffSession) -> None:
    if not editor.may_edit(staff.user):
        raise ApiError(403, "editor_not_allowed")


def _commune_name(state: StateDep, commune_id: str | None) -> str:
    if commune_id is None:
        return ""
    with session_scope(state.reader) as db:
        area = db.get(Area, commune_id)
        return area.name if area else commune_id


def _list_page(
    state: StateDep,
    staff: StaffSession,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    values: dict | None = None,
) -> HTMLResponse:
    _require_editor(staff)
    from content.catalog import load_catalog

    catalog = load_catalog()
    with session_scope(state.reader) as db:
        drafts = editor.drafts_of(db, staff.user)
        guides = editor.published_for(db, staff.user)
        rows = [
            {
                "code": g.code,
                "title": g.data["title"],
                "version": g.version,
                "checked": editor.checked_on(g),
                "stale": editor.is_stale(g),
                "local": g.commune_id,
                "may_write": editor.may_write(staff.user, g.commune_id),
            }
            for g in guides
        ]
    own_commune = staff.user.area_id if not editor.may_write(staff.user, None) else None
    return pages.render(
        "editor_list.html",
        staff,
        title=messages.text("editor_title"),
        drafts=drafts,
        guides=rows,
        categories=catalog.categories,
        services=catalog.services,
        province=editor.may_write(staff.user, None),
        commune_name=_commune_name(state, staff.user.area_id if own_commune else None),
        values=values or {"checked": today_local().isoformat(), "services": []},
        stale_months=editor.STALE_MONTHS,
        message=message,
        error=error,
        status=status,
    )


def _guide_form(form: FormData) -> tuple[dict[str, str], list[str]]:
    raw = {name: session.text(form, name, 1000) for name in editor.GUIDE_FIELDS}
    raw["category"] = session.text(form, "category", 64)
    raw["checked"] = session.text(form, "checked", 20)
    services = []
    for value in form.getlist("services"):
        if not isinstance(value, str) or len(value) > 64 or params.has_control(value):
            raise params.invalid_value("services")
        services.append(value)
    return raw, services


def _fixable(exc: ApiError) -> bool:
    return exc.status in _FIXABLE


@router.get("")
def list_page(staff: StaffSessionDep, state: StateDep) -> HTMLResponse:
    return _list_page(state, staff)


@router.post("/new")
def new_draft(staff: StaffSessionDep, form: FormDep, state: StateDep) -> Response:
    _require_editor(staff)
    raw, services = _guide_form(form)
    code = session.text(form, "code", 64).strip()
    local = session.text(form, "scope", 16) == "commune" or not editor.may_write(staff.user, None)
    commune_id = staff.user.area_id if local else None
    try:
        with session_scope(state.engine) as db:
            draft_id = editor.create_draft(db, staff.user, code, commune_id, raw, services).id
    except ApiError as exc:
        if not _fixable(exc):
            raise
        values = {**raw, "code": code, "services": services}
        return _list_page(state, staff, error=exc.message, status=exc.status, values=values)
    return RedirectResponse(f"/staff/editor/{draft_id}", status_code=303)


@router.post("/guides/{code}/edit")
def edit_published(code: Text, staff: StaffSessionDep, form: FormDep, state: StateDep) -> Response:
    _require_editor(staff)
    with session_scope(state.engine) as db:
        draft_id = editor.draft_from_published(db, staff.user, code[:64]).id
    return RedirectResponse(f"/staff/editor/{draft_id}", status_code=303)


@router.post("/guides/{code}/rollback")
def rollback(code: Text, staff: StaffSessionDep, form: FormDep, state: StateDep) -> HTMLResponse:
    _require_editor(staff)
    try:
        with session_scope(state.engine) as db:
            previous, version = editor.rollback(db, staff.user, code[:64])
    except ApiError as exc:
        if not _fixable(exc):
            raise
        return _list_page(state, staff, error=exc.message, status=exc.status)
    done = messages.text("editor_rolled_back", code=code, previous=previous, version=version)
    return _list_page(state, staff, message=done)


def _recording(form: FormData) -> tuple[bytes, editor.Recording] | None:
    upload = form.get("recording")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = upload.file.read(editor.MAX_RECORDING_BYTES + 1)
    return data, editor.check_recording(data)


def _step_form(form: FormData) -> dict[str, str]:
    """A step's texts and its screen's, as the service checks them: the screen's items one a
    line (a textarea's line breaks are the only control characters taken)."""
    raw = {name: session.text(form, name, 1000) for name in editor.STEP_FIELDS}
    raw |= {name: session.text(form, name, 1000) for name in editor.SCREEN_FIELDS}
    raw["screen_drawn_from"] = session.text(form, "screen_drawn_from", 16)
    items = form.get("screen_items", "")
    if not isinstance(items, str) or len(items) > 2000:
        raise params.invalid_value("screen_items")
    lines = items.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if any(params.has_control(line) for line in lines):
        raise params.control_character("screen_items")
    raw["screen_items"] = "\n".join(lines)
    return raw


@router.post("/step")
def save_step(staff: StaffSessionDep, form: FormDep, state: StateDep) -> HTMLResponse:
    _require_editor(staff)
    draft_id = session.id_field(form, "draft")
    if draft_id is None:
        raise params.invalid_value("draft")
    number = session.id_field(form, "number")
    action = session.text(form, "action", 16)

    def act() -> str:
        if action == "remove" and number is not None:
            with session_scope(state.engine) as db:
                editor.remove_step(
                    db, staff.user, editor.get_draft(db, staff.user, draft_id), number
                )
        else:
            raw = _step_form(form)
            with session_scope(state.reader) as db:
                editor.get_draft(db, staff.user, draft_id)  # someone else's: 403 before reading
            recorded = _recording(form)
            with session_scope(state.engine) as db:
                draft = editor.get_draft(db, staff.user, draft_id)
                editor.save_step(
                    db, staff.user, draft, number, raw, recorded[1] if recorded else None
                )
                if recorded:
                    editor.keep_recording(state.settings.data_dir, *recorded)
        return messages.text("editor_saved")

    return _on_draft(state, staff, draft_id, act)


def _on_draft(
    state: StateDep,
    staff: StaffSession,
    draft_id: int,
    act: Callable[[], str],
    also_fixable: tuple[str, ...] = (),
) -> HTMLResponse:
    """The draft's page after `act` (which answers what to tell the editor), or with the
    refusal it met where the editor can put it right on that page."""
    try:
        message = act()
    except ApiError as exc:
        if not _fixable(exc) and exc.code not in also_fixable:
            raise
        return _draft_page(state, staff, draft_id, error=exc.message, status=exc.status)
    return _draft_page(state, staff, draft_id, message=message)


def _draft_page(
    state: StateDep,
    staff: StaffSession,
    draft_id: int,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    _require_editor(staff)
    from content.catalog import load_catalog

    catalog = load_catalog()
    with session_scope(state.reader) as db:
        draft = editor.get_draft(db, staff.user, draft_id)
        db.expunge(draft)
    shown = editor.preview(state.settings.data_dir, draft)
    return pages.render(
        "editor_draft.html",
        staff,
        title=messages.text("editor_title"),
        draft=draft,
        data=draft.data,
        steps=draft.data.get("steps", []),
        preview=shown,
        categories=catalog.categories,
        services=catalog.services,
        commune_name=_commune_name(state, draft.commune_id),
        may_approve=editor.may_approve(staff.user, draft),
        limit_mb=editor.MAX_RECORDING_BYTES // (1024 * 1024),
        min_steps=editor.MIN_STEPS,
        max_steps=editor.MAX_STEPS,
        refresh=draft.status == editor.BUILDING,
        message=message,
        error=error,
        status=status,
    )


@router.get("/{draft_id}")
def draft_page(draft_id: Id, staff: StaffSessionDep, state: StateDep) -> HTMLResponse:
    return _draft_page(state, staff, draft_id)


@router.post("/{draft_id}")
def save_guide(
    draft_id: Id, staff: StaffSessionDep, form: FormDep, state: StateDep
) -> HTMLResponse:
    _require_editor(staff)
    raw, services = _guide_form(form)

    def act() -> str:
        with session_scope(state.engine) as db:
            draft = editor.get_draft(db, staff.user, draft_id)
            editor.save_guide(db, staff.user, draft, raw, services)
        return messages.text("editor_saved")

    return _on_draft(state, staff, draft_id, act)


@router.post("/{draft_id}/build")
def build(draft_id: Id, staff: StaffSessionDep, form: FormDep, state: StateDep) -> HTMLResponse:
    _require_editor(staff)
    settings = state.settings

    def act() -> str:
        editor.start_build(
            state.engine, settings.data_dir, settings.public_base_url, staff.user, draft_id
        )
        return messages.text("editor_build_started")

    return _on_draft(state, staff, draft_id, act)


@router.post("/{draft_id}/approve")
def approve(draft_id: Id, staff: StaffSessionDep, form: FormDep, state: StateDep) -> HTMLResponse:
    _require_editor(staff)

    def act() -> str:
        with session_scope(state.engine) as db:
            version = editor.approve(db, state.media, state.settings.data_dir, staff.user, draft_id)
            code = db.get(GuideDraft, draft_id).code
        return messages.text("editor_published_done", code=code, version=version)

    return _on_draft(state, staff, draft_id, act, also_fixable=("editor_own_draft",))


def _preview_draft(state: StateDep, staff: StaffSession, draft_id: int) -> GuideDraft:
    _require_editor(staff)
    with session_scope(state.reader) as db:
        draft = editor.get_draft(db, staff.user, draft_id)
        db.expunge(draft)
    return draft


@router.get("/{draft_id}/media/{name}")
def preview_media(draft_id: Id, name: Text, staff: StaffSessionDep, state: StateDep) -> Response:
    draft = _preview_draft(state, staff, draft_id)
    path, mime = editor.preview_file(state.settings.data_dir, draft, name)
    return FileResponse(path, media_type=mime, headers={"Cache-Control": "no-store"})


@router.get("/{draft_id}/page")
def preview_page(draft_id: Id, staff: StaffSessionDep, state: StateDep) -> HTMLResponse:
    """The public page exactly as content.public_page renders it, its media from the preview."""
    draft = _preview_draft(state, staff, draft_id)
    shown = editor.preview(state.settings.data_dir, draft)
    if shown is None:
        raise ApiError(409, "editor_not_built")
    names = {sha: shown.files[role] for role, sha in shown.guide.media.items()}
    page = public_page.page_from_manifest(
        shown.guide, lambda sha: f"/staff/editor/{draft_id}/media/{names[sha]}"
    )
    return HTMLResponse(public_page.render_guide(page), headers=public_page.HEADERS)
