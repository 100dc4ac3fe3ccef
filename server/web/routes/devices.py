"""A team's devices for its leader (or the province admin): list, revoke, and a new enrolment
code shown once with its QR."""

from __future__ import annotations

import base64

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from content.qr import png_bytes, qr_image
from server.api.deps import DbDep, ReadDbDep, StateDep
from server.api.params import Id, Text
from server.core import security
from server.services import accounts, enrolment
from server.web import pages
from server.web.session import FormDep, StaffSessionDep
from wire import messages

router = APIRouter(prefix="/staff", include_in_schema=False)
_DONE = {"revoked": "staff_device_revoked"}


@router.get("/teams/{team_id}/devices")
def devices_page(
    team_id: Id, staff: StaffSessionDep, db: ReadDbDep, done: Text | None = None
) -> HTMLResponse:
    team = accounts.managed_team(db, staff.user, team_id)
    done_text = messages.text(_DONE[done]) if done in _DONE else None
    title = messages.text("staff_devices_title", team=team.name)
    return pages.render(
        "devices.html",
        staff,
        title=title,
        team=team,
        devices=enrolment.team_devices(db, team.id),
        message=done_text,
    )


def qr_data_uri(text: str) -> str:
    """A QR of `text` as a PNG inside the page (no separate request, nothing stored)."""
    return (
        "data:image/png;base64," + base64.b64encode(png_bytes(qr_image(text, module_px=6))).decode()
    )


@router.post("/teams/{team_id}/enrolment-codes")
def new_code(
    team_id: Id, staff: StaffSessionDep, _form: FormDep, db: DbDep, state: StateDep
) -> HTMLResponse:
    team = accounts.managed_team(db, staff.user, team_id)
    issued = enrolment.issue_code(
        db, team, state.settings.enrolment_code_ttl, f"staff:{staff.user.id}", staff.user.id
    )
    return pages.render(
        "enrolment_code.html",
        staff,
        title=messages.text("staff_code_title"),
        team=team,
        code=security.show_code(issued.code),
        expires_at=issued.expires_at,
        qr=qr_data_uri(issued.qr_text(state.settings.public_base_url)),
    )


@router.post("/devices/{device_id}/revoke")
def revoke(device_id: Id, staff: StaffSessionDep, _form: FormDep, db: DbDep) -> Response:
    device = accounts.managed_device(db, staff.user, device_id)
    enrolment.revoke(db, device, f"staff:{staff.user.id}")
    return RedirectResponse(f"/staff/teams/{device.team_id}/devices?done=revoked", status_code=303)
