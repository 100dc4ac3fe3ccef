"""Enrolling this device with its team: from the team leader's enrolment QR (compact JSON, see
wire.api.EnrolmentQr) or from the code typed in with the server's address. The token goes
to the token store, the rest to the device's sync state."""

from __future__ import annotations

import json

import httpx
from pydantic import ValidationError

from app.db import Store
from app.services import sync_state
from sync.client import ApiClient
from sync.errors import SyncError
from sync.tokens import TokenStore
from wire.api import EnrolmentQr


class InvalidQr(SyncError):
    def __init__(self) -> None:
        super().__init__("invalid_qr")


class InvalidServer(SyncError):
    def __init__(self) -> None:
        super().__init__("invalid_server")


class DeviceNameRequired(SyncError):
    def __init__(self) -> None:
        super().__init__("device_name_required")


def read_qr(text: str) -> EnrolmentQr:
    try:
        return EnrolmentQr.model_validate(json.loads(text))
    except (ValueError, ValidationError, TypeError) as exc:
        raise InvalidQr() from exc


def enrol(store: Store, tokens: TokenStore, device_name: str, *, qr_text: str | None = None,
          code: str | None = None, server_url: str | None = None,
          transport: httpx.BaseTransport | None = None) -> sync_state.Enrolment:
    """Exchange the enrolment code for this device's token. Records waiting in the outbox stay
    and go up with the next sync; the pull starts again from the beginning."""
    device_name = device_name.strip()
    if not device_name:
        raise DeviceNameRequired()
    if qr_text is not None:
        qr = read_qr(qr_text)
        server_url, code = qr.server, qr.code
    if not server_url or not server_url.startswith(("http://", "https://")):
        raise InvalidServer()
    with ApiClient(server_url, transport=transport) as client:
        try:
            answer = client.enrol((code or "").strip(), device_name)
        except ValidationError as exc:  # too short or too long, or markup in the name
            if "device_name" in exc.errors()[0]["loc"]:
                raise SyncError("device_name_invalid") from exc
            raise SyncError("invalid_code") from exc
    tokens.write(answer.token)
    enrolment = sync_state.Enrolment(server_url=server_url, device_id=answer.device_id, device_name=device_name,
                                     team_id=answer.team_id, team_name=answer.team_name, commune_id=answer.commune_id)
    sync_state.enrolled(store, enrolment)
    return enrolment
