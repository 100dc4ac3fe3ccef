"""A team's devices, for its leader (and the province admin): list them, revoke one."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from server.api.deps import DbDep, StaffDep
from server.models import Device
from server.services import accounts, enrolment
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["devices"])


class DeviceOut(BaseModel):
    id: int
    team_id: int
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    set_aside: int  # records the server refused, waiting on the device to be fixed or discarded


def _out(device: Device) -> DeviceOut:
    return DeviceOut(id=device.id, team_id=device.team_id, name=device.name, created_at=device.created_at,
                     last_seen_at=device.last_seen_at, revoked_at=device.revoked_at,
                     set_aside=device.set_aside)


@router.get("/teams/{team_id}/devices")
def list_devices(team_id: int, db: DbDep, staff: StaffDep) -> list[DeviceOut]:
    team = accounts.managed_team(db, staff, team_id)
    return [_out(d) for d in enrolment.team_devices(db, team.id)]


@router.post("/devices/{device_id}/revoke")
def revoke_device(device_id: int, db: DbDep, staff: StaffDep) -> DeviceOut:
    device = accounts.managed_device(db, staff, device_id)
    return _out(enrolment.revoke(db, device, f"staff:{staff.id}"))
