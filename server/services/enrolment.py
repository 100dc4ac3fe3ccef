"""Devices: enrolment codes made by a team leader, exchanged once for a device token; tokens
checked on every request; revocation takes effect at the next request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from server.core import security
from server.core.errors import ApiError, unauthorized
from server.models import Device, EnrolmentCode, Team
from server.services import audit
from wire import messages
from wire.api import EnrolmentQr
from wire.clock import as_utc, utcnow


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once; only its hash is kept
    expires_at: datetime
    team_id: int

    def qr_text(self, server_url: str) -> str:
        """What the enrolment QR holds: compact JSON the app's scanner reads."""
        qr = EnrolmentQr(server=server_url, code=self.code)
        return json.dumps(qr.model_dump(), separators=(",", ":"))


def issue_code(
    session: Session, team: Team, ttl: timedelta, actor: str, staff_id: int | None
) -> IssuedCode:
    code = security.new_enrolment_code()
    row = EnrolmentCode(
        team_id=team.id,
        code_hash=security.token_hash(code),
        created_by=staff_id,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "enrolment_code.issue", f"team:{team.id}", code_id=row.id)
    return IssuedCode(code=code, expires_at=row.expires_at, team_id=team.id)


def enrol(
    session: Session, raw_code: str, device_name: str, only_team: int | None = None
) -> tuple[Device, str]:
    """Exchange a code for a new device and its token. The code row is locked, so two devices
    racing with one code cannot both win. With `only_team`, a code of another team is refused
    and stays unused (the device holds records that belong to `only_team`)."""
    code_hash = security.token_hash(security.normalise_code(raw_code))
    row = session.exec(
        select(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash).with_for_update()
    ).first()
    if row is None:
        raise ApiError(404, "invalid_code")
    if row.used_at is not None:
        raise ApiError(409, "code_used")
    if as_utc(row.expires_at) <= utcnow():
        raise ApiError(410, "code_expired")
    if only_team is not None and row.team_id != only_team:
        raise ApiError(409, "code_of_other_team")
    token = security.new_token()
    device = Device(
        team_id=row.team_id, name=device_name.strip(), token_hash=security.token_hash(token)
    )
    session.add(device)
    session.flush()
    row.used_at = utcnow()
    row.device_id = device.id
    session.add(row)
    audit.record(
        session, f"device:{device.id}", "device.enrol", f"team:{row.team_id}", code_id=row.id
    )
    return device, token


def device_for_token(session: Session, token: str) -> Device:
    device = session.exec(
        select(Device).where(Device.token_hash == security.token_hash(token))
    ).first()
    if device is None:
        raise unauthorized("invalid_token")
    if device.revoked_at is not None:
        raise ApiError(401, "device_revoked")
    return device


def restored_copy(session: Session, device: Device) -> tuple[Device, str]:
    """A restored or copied store of `device` asks to become a device of its own: a new device
    of the same team, with its own token; `device` goes on as it was (the original phone)."""
    token = security.new_token()
    copy = Device(
        team_id=device.team_id,
        name=messages.text("restored_copy_name", name=device.name[:64]),
        token_hash=security.token_hash(token),
    )
    session.add(copy)
    session.flush()
    audit.record(session, f"device:{copy.id}", "device.restored_copy", f"device:{device.id}")
    return copy, token


def note_report(session: Session, device: Device, set_aside: int) -> None:
    """What the device said of itself: how many records it holds set aside."""
    held = session.get(Device, device.id)
    if held.set_aside != set_aside:
        held.set_aside = set_aside
        session.add(held)
        audit.record(
            session,
            f"device:{device.id}",
            "device.report",
            f"team:{held.team_id}",
            set_aside=set_aside,
        )


def revoke(session: Session, device: Device, actor: str) -> Device:
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.add(device)
        audit.record(session, actor, "device.revoke", f"device:{device.id}")
    return device


def team_devices(session: Session, team_id: int) -> list[Device]:
    return list(session.exec(select(Device).where(Device.team_id == team_id).order_by(Device.id)))
