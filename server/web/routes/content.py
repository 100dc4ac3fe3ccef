"""Content publishing for the province admin: the published guides, and a form to upload a
bundle (.tar.gz, the content build's output) or one guide's new version from it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from server.api.deps import StateDep
from server.core.db import session_scope
from server.core.errors import ApiError
from server.services import accounts, content
from server.web import pages, session
from server.web.session import FormDep, StaffSession, StaffSessionDep
from wire import messages

router = APIRouter(prefix="/staff", include_in_schema=False)
UPLOAD_PATH = "/staff/content"


def _page(
    state: StateDep,
    staff: StaffSession,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    accounts.require_province_admin(staff.user)
    with session_scope(state.reader) as db:
        version, guides = content.published(db)
    return pages.render(
        "content.html",
        staff,
        title=messages.text("staff_content_title"),
        content_version=version,
        guides=guides,
        message=message,
        error=error,
        status=status,
    )


@router.get("/content")
def content_page(staff: StaffSessionDep, state: StateDep) -> HTMLResponse:
    return _page(state, staff)


def _result_message(result: content.PublishResult) -> str:
    published = ", ".join(result.published) or messages.text("staff_content_nothing")
    return messages.text(
        "staff_content_result",
        published=published,
        unchanged=len(result.unchanged),
        media_added=result.media_added,
    )


@router.post("/content")
def publish(staff: StaffSessionDep, form: FormDep, state: StateDep) -> HTMLResponse:
    accounts.require_province_admin(staff.user)
    upload = form.get("bundle")
    guide = session.text(form, "guide", 64).strip() or None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(state, staff, error=messages.text("staff_content_choose_file"), status=422)
    try:
        with tempfile.TemporaryDirectory(prefix="cnscd-upload-") as work:
            archive = Path(work) / "bundle.tar.gz"
            with archive.open("wb") as out:
                shutil.copyfileobj(upload.file, out)
            result = content.publish_archive(
                state.engine,
                state.media,
                archive,
                f"staff:{staff.user.id}",
                guide,
                state.settings.max_bundle_bytes,
            )
    except ApiError as exc:
        if exc.status in {401, 403}:
            raise
        refused = messages.text(
            "staff_content_refused", message=exc.message, message_en=exc.message_en
        )
        return _page(state, staff, error=refused, status=exc.status)
    return _page(state, staff, message=_result_message(result))
