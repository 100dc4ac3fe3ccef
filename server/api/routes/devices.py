"""A team's devices, for its leader (and the province admin): list them, revoke one."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from server.api.deps import DbDep, ReadDbDep, StaffDep
from server.api.openapi import BODY, errors
from server.api.params import Id, Moment
from server.models import Device
from server.services import accounts, enrolment
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["devices"])


class DeviceOut(BaseModel):
    id: int
    team_id: int
    name: str
    created_at: Moment
    last_seen_at: Moment | None
    revoked_at: Moment | None
    set_aside: int  # records the server refused, waiting on the device to be fixed or discarded


def _out(device: Device) -> DeviceOut:
    return DeviceOut(
        id=device.id,
        team_id=device.team_id,
        name=device.name,
        created_at=device.created_at,
        last_seen_at=device.last_seen_at,
        revoked_at=device.revoked_at,
        set_aside=device.set_aside,
    )


@router.get("/teams/{team_id}/devices", responses=errors(401, 403, 404, 422))
def list_devices(team_id: Id, db: ReadDbDep, staff: StaffDep) -> list[DeviceOut]:
    team = accounts.managed_team(db, staff, team_id)
    return [_out(d) for d in enrolment.team_devices(db, team.id)]


@router.post("/devices/{device_id}/revoke", responses=errors(401, 403, 404, 422, *BODY))
def revoke_device(device_id: Id, db: DbDep, staff: StaffDep) -> DeviceOut:
    device = accounts.managed_device(db, staff, device_id)
    return _out(enrolment.revoke(db, device, f"staff:{staff.id}"))
