"""Helpers for the API tests: the seeded world's handles, enrolment the real way, a live
uvicorn server, and records shaped exactly as the app's outbox writes them (built with the
app's own models and `record_of()` functions, as JSON)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from support import liveserver

from app.ids import uuid7
from app.models import HelpSession, Household
from app.services import households, sessions
from content.manifest import MediaFile, load_manifest
from server.core import security
from server.models import StaffToken, StaffUser
from wire import hlc
from wire.clock import utcnow
from wire.records import HouseholdErasurePayload, Payload, push_record

PASSWORD = "mật-khẩu-đủ-dài-2026"


@dataclass
class World:
    """Two communes of one province, a team in each, their leaders, a province admin."""

    team_a: int
    team_b: int
    leader_a: str  # bearer tokens
    leader_b: str
    admin: str
    commune_a: str = "qn.quang-la"
    commune_b: str = "qn.dong-ngu"
    village_a: str = "qn.quang-la.thon-1"
    village_b: str = "qn.dong-ngu.thon-1"

    @staticmethod
    def auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


def _staff_token(session, user: StaffUser) -> str:
    token = security.new_token()
    session.add(
        StaffToken(
            token_hash=security.token_hash(token),
            staff_id=user.id,
            expires_at=utcnow() + timedelta(hours=1),
        )
    )
    return token


def enrol(
    client: TestClient | httpx.Client, leader_token: str, team_id: int, name: str = "Điện thoại 1"
) -> str:
    """A device enrolled the real way; answers its token."""
    issued = client.post(
        f"/api/v1/teams/{team_id}/enrolment-codes", headers=World.auth(leader_token)
    )
    assert issued.status_code == 201, issued.text
    enrolled = client.post(
        "/api/v1/enrol", json={"code": issued.json()["code"], "device_name": name}
    )
    assert enrolled.status_code == 201, enrolled.text
    return enrolled.json()["token"]


class LiveServer(liveserver.LiveServer):
    """This test's app under a real uvicorn."""

    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        super().__init__(lambda: app, port)


class Logs(logging.Handler):
    """The log records of the server and of uvicorn while it is attached (see `captured_logs`)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.records.append(record)

    def requests(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.getMessage() == "request"]

    def others(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.getMessage() != "request"]

    def wait_for_requests(self, count: int, bound: float = 30) -> None:
        """The request line is written once the answer has gone out: wait until `count` are in."""
        deadline = time.monotonic() + bound
        while len(self.requests()) < count and time.monotonic() < deadline:
            time.sleep(0.02)


@contextmanager
def captured_logs() -> Iterator[Logs]:
    handler = Logs()
    # uvicorn.error's records reach the handler through "uvicorn"; enter this after the server
    # has started (uvicorn configures its loggers as it starts).
    loggers = [logging.getLogger(name) for name in ("cnscd.server", "uvicorn")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def clock(moment: datetime, counter: int = 0, node: str = "0000000a") -> str:
    """An HLC timestamp (wire.hlc) at `moment`."""
    return str(hlc.Timestamp(int(moment.timestamp() * 1000), counter, node))


def household(
    village_id: str,
    name: str = "Nguyễn Văn An",
    phone: str | None = "0912345678",
    updated_at: datetime | None = None,
    record_id: str | None = None,
    clocks: dict[str, str] | None = None,
) -> dict:
    """A household as the app's outbox holds it; every field's clock at `updated_at` unless
    `clocks` says otherwise."""
    now = updated_at or utcnow()
    stamps = dict.fromkeys(hlc.CLOCKED, clock(now)) | (clocks or {})
    row = Household(
        id=record_id or uuid7(),
        village_id=village_id,
        head_name=name,
        phone=phone,
        consent_at=now,
        search_key="",
        created_at=now,
        updated_at=now,
        clocks=stamps,
    )
    return _json(households.record_of(row))


def session(
    household_id: str,
    note: str = "",
    outcome: str = "done_online",
    updated_at: datetime | None = None,
    record_id: str | None = None,
    follow_up_on: date | None = None,
    minutes: int = 15,
    services: list[str] | None = None,
    occurred_at: datetime | None = None,
) -> dict:
    now = updated_at or utcnow()
    row = HelpSession(
        id=record_id or uuid7(),
        household_id=household_id,
        occurred_at=occurred_at or now - timedelta(minutes=20),
        services=services or ["vneid_muc_2"],
        guides=["vneid-m2"],
        outcome=outcome,
        follow_up_on=follow_up_on,
        minutes=minutes,
        note=note,
        created_at=now,
        updated_at=now,
        clock=clock(now),
    )
    return _json(sessions.record_of(row))


def erasure(household_id: str) -> dict:
    return _json(HouseholdErasurePayload(id=household_id, erased_at=utcnow()))


def _json(payload: Payload) -> dict:
    """A record as JSON, {"type", "payload"}, as the app pushes it."""
    return push_record(payload).model_dump(mode="json")


def make_bundle(root: Path, version_bump: int = 0, title_suffix: str = "") -> Path:
    """A content bundle like the content build's output: the real guides of content/dist, each
    with a real PNG infographic (and the first with a larger PNG as its video stand-in, big
    enough to test Range requests), files named by role under media/."""
    manifest = load_manifest()
    root.mkdir(parents=True, exist_ok=True)
    (root / "media").mkdir(exist_ok=True)
    media: dict[str, MediaFile] = {}
    guides = []
    for index, guide in enumerate(manifest.guides):
        roles = {
            "infographic": _png(
                root / "media" / f"{guide.code}.png", 200 + index, (20 * index, 90, 160)
            )
        }
        if index == 0:
            roles["video"] = _png(
                root / "media" / f"{guide.code}-large.png", 900, (200, 30, 30), noise=True
            )
        for role, path in roles.items():
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            media[sha] = MediaFile(
                sha256=sha, path=str(path.relative_to(root)), size=len(data), mime="image/png"
            )
            roles[role] = sha
        guides.append(
            replace(
                guide,
                version=guide.version + version_bump,
                title=guide.title + title_suffix,
                media=roles,
            )
        )
    bundle = replace(
        manifest, guides=guides, media=sorted(media.values(), key=lambda m: m.path), root=root
    )
    (root / "manifest.json").write_text(bundle.to_json(), encoding="utf-8")
    return root


def _png(path: Path, size: int, colour: tuple[int, int, int], noise: bool = False) -> Path:
    image = Image.new("RGB", (size, size), colour)
    if noise:  # incompressible pixels: a file of a few MB
        image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    image.save(path, format="PNG")
    return path
