"""Staff login for the API: username and password -> a bearer token with an expiry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from server.api.deps import DbDep, StateDep, rate_limit
from server.api.openapi import BODY, errors
from server.api.params import Moment, Text
from server.services import accounts
from wire.api import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/auth", tags=["staff"])


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Annotated[Text, Field(min_length=1, max_length=64)]
    password: Annotated[Text, Field(min_length=1, max_length=200)]


class LoginResponse(BaseModel):
    token: str
    expires_at: Moment
    role: str


@router.post(
    "/login", dependencies=[rate_limit("login")], responses=errors(400, 401, 422, 429, *BODY)
)
def login(body: LoginRequest, db: DbDep, state: StateDep) -> LoginResponse:
    token, row, user = accounts.login(
        db, body.username, body.password, state.settings.staff_token_ttl
    )
    return LoginResponse(token=token, expires_at=row.expires_at, role=user.role)
