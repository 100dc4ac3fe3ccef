"""What routes get injected: the app's state, a database transaction, the calling device or
staff member, rate limits.

A route's transaction ends when the route returns, before its answer is sent (the dependencies
have scope="function"): a write is committed before the client hears of it, so whatever the
client does next sees it, and a crash after the answer cannot undo it; and an answer that takes
long to send (a video to a slow phone) holds no database connection while it goes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlmodel import Session

from server.api.limits import RateLimiter
from server.core.config import Settings
from server.core.db import reader as read_only
from server.core.db import reports_engine, session_scope
from server.core.errors import unauthorized
from server.core.media import FolderMediaStore, MediaStore
from server.models import Device, StaffUser
from server.services import accounts, enrolment


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    limiters: dict[str, RateLimiter] = field(default_factory=dict)
    media: MediaStore | None = None  # None: the folder settings.media_dir
    reader: Engine = field(init=False)  # for transactions that only read (server.core.db.reader)
    # Where reports are read: the reader, or a replica's engine (settings.reports_url).
    reports: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.reader = read_only(self.engine)
        self.reports = reports_engine(self.settings, self.reader)

    def dispose(self) -> None:
        self.engine.dispose()
        if self.reports is not self.reader:
            self.reports.dispose()
        if self.media is None:
            self.media = FolderMediaStore(self.settings.media_dir)


def get_state(request: Request) -> AppState:
    return request.app.state.cnscd


def get_db(state: Annotated[AppState, Depends(get_state)]) -> Iterator[Session]:
    """A transaction for a route that writes (on SQLite it takes the write lock at once)."""
    with session_scope(state.engine) as session:
        yield session


def get_read_db(state: Annotated[AppState, Depends(get_state)]) -> Iterator[Session]:
    """A transaction that only reads: on SQLite it neither waits for nor blocks writers."""
    with session_scope(state.reader) as session:
        yield session


def get_report_db(state: Annotated[AppState, Depends(get_state)]) -> Iterator[Session]:
    """A transaction that reads a report: on the replica when there is one."""
    with session_scope(state.reports) as session:
        yield session


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("missing_token")
    return token.strip()


def current_device(request: Request, state: Annotated[AppState, Depends(get_state)]) -> Device:
    """The device behind the bearer token, checked in its own short transaction, so a revoked
    token is refused from the very next request."""
    token = _bearer(request)
    with session_scope(state.reader) as session:
        return enrolment.device_for_token(session, token)


def current_staff(request: Request, state: Annotated[AppState, Depends(get_state)]) -> StaffUser:
    token = _bearer(request)
    with session_scope(state.reader) as session:
        user = accounts.staff_for_token(session, token)
    if user is None:
        raise unauthorized("invalid_token")
    return user


def rate_limit(name: str):
    """A dependency that counts the request against limiter `name` for the client address
    (the peer's, or the one a trusted proxy forwarded: see server.api.limits)."""

    def check(request: Request, state: Annotated[AppState, Depends(get_state)]) -> None:
        client = request.client.host if request.client else "unknown"
        state.limiters[name].hit(client)

    return Depends(check)


StateDep = Annotated[AppState, Depends(get_state)]
# scope="function": committed (or rolled back) when the route returns, before the answer is sent.
DbDep = Annotated[Session, Depends(get_db, scope="function")]
ReadDbDep = Annotated[Session, Depends(get_read_db, scope="function")]
ReportDbDep = Annotated[Session, Depends(get_report_db, scope="function")]
DeviceDep = Annotated[Device, Depends(current_device)]
StaffDep = Annotated[StaffUser, Depends(current_staff)]
