"""Enrolling this device with its team: from the team leader's enrolment QR (compact JSON, see
wire.api.EnrolmentQr) or from the code typed in with the server's address. The token goes
to the token store, the rest to the device's sync state."""

from __future__ import annotations

import json

import httpx
from pydantic import ValidationError

from app.db import Store
from app.services import installation, outbox, set_aside, sync_state
from sync.client import ApiClient
from sync.engine import Sync
from sync.errors import DeviceRevoked, Rejected, SyncError
from sync.retry import Backoff
from sync.tokens import TokenStore
from wire.api import EnrolmentQr

_PUSH_BEFORE_MOVING = Backoff(base=0.5, cap=4.0, attempts=3)  # the volunteer waits on the screen


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


def enrol(
    store: Store,
    tokens: TokenStore,
    device_name: str,
    *,
    qr_text: str | None = None,
    code: str | None = None,
    server_url: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> sync_state.Enrolment:
    """Exchange the enrolment code for this device's token; the pull starts again from the
    beginning.

    Records waiting (in the outbox, or set aside) belong to the team the device is enrolled
    with. Moving to another team, they go to that team first, with the old token; whatever still
    waits after that (the network was down, the device was revoked, some were set aside) keeps
    the device to its team: a code of another team is refused (`enrol_other_team`, the code
    stays unused), one of the same team enrols it again and they go up at its next sync. Once in
    another team, nothing of the old team's households stays on the device."""
    device_name = device_name.strip()
    if not device_name:
        raise DeviceNameRequired()
    if qr_text is not None:
        qr = read_qr(qr_text)
        server_url, code = qr.server, qr.code
    if not server_url or not server_url.startswith(("http://", "https://")):
        raise InvalidServer()
    old = sync_state.get(store)
    waiting = _push_what_waits(store, tokens, old, transport)
    if waiting and old.server_url and old.server_url.rstrip("/") != server_url.rstrip("/"):
        raise SyncError("enrol_other_team", count=waiting, team=old.team_name)
    with ApiClient(server_url, transport=transport) as client:
        try:
            answer = client.enrol(
                (code or "").strip(), device_name, old.team_id if waiting else None
            )
        except ValidationError as exc:  # too short or too long, or markup in the name
            if "device_name" in exc.errors()[0]["loc"]:
                raise SyncError("device_name_invalid") from exc
            raise SyncError("invalid_code") from exc
        except Rejected as refused:
            if refused.code == "code_of_other_team":
                raise SyncError("enrol_other_team", count=waiting, team=old.team_name) from refused
            raise
    tokens.write(answer.token)
    enrolment = sync_state.Enrolment(
        server_url=server_url,
        device_id=answer.device_id,
        device_name=device_name,
        team_id=answer.team_id,
        team_name=answer.team_name,
        commune_id=answer.commune_id,
    )
    moved = answer.team_id != old.team_id or old.server_url.rstrip("/") != server_url.rstrip("/")
    if old.team_id is not None and moved:
        sync_state.left_team(store)  # everything of it is on the server: none of it stays here
    sync_state.enrolled(store, enrolment)
    return enrolment


def _push_what_waits(store: Store, tokens: TokenStore, old, transport) -> int:
    """Push what waits to the team the device is enrolled with, with its token (when it still
    has one); answers how many records still wait after that."""
    token = tokens.read()
    if (
        outbox.pending_count(store)
        and old.device_id is not None
        and old.server_url
        and token
        and old.revoked_at is None
    ):
        with ApiClient(old.server_url, token, transport=transport) as client:
            try:
                Sync(store, client, backoff=_PUSH_BEFORE_MOVING, media=False).push()
            except DeviceRevoked:
                sync_state.revoked(store, DeviceRevoked().message)
            except SyncError:
                pass  # what could not go up still waits: said below
    return outbox.pending_count(store) + set_aside.count(store)


def become_own_device(
    store: Store, tokens: TokenStore, transport: httpx.BaseTransport | None = None
) -> bool:
    """A restored or copied store (app/services/installation.py) takes a device of its own from
    the server before it syncs: a new id and token, the pull from the start (the original's
    sessions since the copy come to it like any other device's). Answers whether it did; raises
    SyncError when the server could not be asked (nothing is pushed meanwhile)."""
    if installation.copy_of(store) is None:
        return False
    state = sync_state.get(store)
    token = tokens.read()
    if state.device_id is None or not token:
        installation.has_own_device(store)  # enrolling gives it one
        return False
    with ApiClient(state.server_url, token, transport=transport) as client:
        answer = client.restored()
    tokens.write(answer.token)
    sync_state.enrolled(
        store,
        sync_state.Enrolment(
            server_url=state.server_url,
            device_id=answer.device_id,
            device_name=state.device_name,
            team_id=answer.team_id,
            team_name=answer.team_name,
            commune_id=answer.commune_id,
        ),
    )
    installation.has_own_device(store)
    return True
