"""Enrolment: a team leader asks for a code (and its QR); a device exchanges the code for its
token; a device asks who it is."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from fastapi import APIRouter
from pydantic import BaseModel
from starlette import status

from server.api.deps import DbDep, DeviceDep, ReadDbDep, StaffDep, StateDep, rate_limit
from server.api.openapi import BODY, errors
from server.api.params import Id, Moment
from server.core import security
from server.models import Team
from server.services import accounts, enrolment
from wire.api import API_PREFIX, DeviceInfo, DeviceReport, EnrolRequest, EnrolResponse

router = APIRouter(prefix=API_PREFIX, tags=["enrolment"])


class EnrolmentCodeResponse(BaseModel):
    code: str  # shown once, e.g. "ABCDE-FGH23"
    expires_at: Moment
    team_id: int
    qr_text: str  # what the QR holds (compact JSON, see wire.api.EnrolmentQr)
    qr_svg: str


def qr_svg(text: str) -> str:
    return qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )


@router.post(
    "/teams/{team_id}/enrolment-codes",
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 404, 422, *BODY),
)
def issue_code(team_id: Id, db: DbDep, staff: StaffDep, state: StateDep) -> EnrolmentCodeResponse:
    team = accounts.managed_team(db, staff, team_id)
    issued = enrolment.issue_code(
        db, team, state.settings.enrolment_code_ttl, f"staff:{staff.id}", staff.id
    )
    text = issued.qr_text(state.settings.public_base_url)
    return EnrolmentCodeResponse(
        code=security.show_code(issued.code),
        expires_at=issued.expires_at,
        team_id=team.id,
        qr_text=text,
        qr_svg=qr_svg(text),
    )


@router.post(
    "/enrol",
    status_code=status.HTTP_201_CREATED,
    dependencies=[rate_limit("enrol")],
    responses=errors(400, 404, 409, 410, 422, 429, *BODY),
)
def enrol(body: EnrolRequest, db: DbDep) -> EnrolResponse:
    device, token = enrolment.enrol(db, body.code, body.device_name, body.team_id)
    team = db.get(Team, device.team_id)
    return EnrolResponse(
        device_id=device.id,
        token=token,
        team_id=team.id,
        team_name=team.name,
        commune_id=team.commune_id,
    )


@router.get("/device", responses=errors(401))
def whoami(device: DeviceDep, db: ReadDbDep) -> DeviceInfo:
    team = db.get(Team, device.team_id)
    return DeviceInfo(
        device_id=device.id,
        device_name=device.name,
        team_id=team.id,
        team_name=team.name,
        commune_id=team.commune_id,
    )


@router.post("/device/report", responses=errors(400, 401, 422, *BODY))
def report(body: DeviceReport, device: DeviceDep, db: DbDep) -> DeviceInfo:
    """The device says how many records it holds set aside; its team leader sees it."""
    enrolment.note_report(db, device, body.set_aside)
    return whoami(device, db)


@router.post(
    "/device/restored", status_code=status.HTTP_201_CREATED, responses=errors(400, 401, 422, *BODY)
)
def restored(device: DeviceDep, db: DbDep) -> EnrolResponse:
    """A store restored from a backup of this device (or copied to another phone) becomes a
    device of its own: a new device id and token in the same team."""
    copy, token = enrolment.restored_copy(db, device)
    team = db.get(Team, copy.team_id)
    return EnrolResponse(
        device_id=copy.id,
        token=token,
        team_id=team.id,
        team_name=team.name,
        commune_id=team.commune_id,
    )
