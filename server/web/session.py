"""Staff sessions in a cookie, and CSRF checks on every form.

The cookie holds a staff login token (the same kind the API takes as a bearer token, stored
hashed), HttpOnly, SameSite=Lax, Secure when the page is served over https. Each form carries a
CSRF token derived from the login token with HMAC: a page of another site can neither read the
cookie nor compute the token. The login form, before there is a session, uses a random
double-submit cookie instead."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.datastructures import FormData

from server.api import params
from server.api.deps import StateDep
from server.core.db import session_scope
from server.core.errors import ApiError
from server.models import StaffUser
from server.services import accounts

COOKIE = "cnscd_staff"
LOGIN_COOKIE = "cnscd_login"
PATH = "/staff"
CSRF_FIELD = "csrf"
MAX_FORM_FIELDS = 20


def login_required() -> ApiError:
    return ApiError(401, "login_required")


def csrf_refused() -> ApiError:
    return ApiError(403, "csrf_failed")


def csrf_for(login_token: str) -> str:
    return hmac.new(login_token.encode(), b"cnscd csrf v1", hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class StaffSession:
    user: StaffUser
    csrf: str


def current(request: Request, state: StateDep) -> StaffSession:
    """The logged-in staff member, or 401 (the pages answer it with the login page)."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        raise login_required()
    with session_scope(state.reader) as session:
        user = accounts.staff_for_token(session, token)
    if user is None:
        raise login_required()
    return StaffSession(user=user, csrf=csrf_for(token))


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_login(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE, token, path=PATH, httponly=True, samesite="lax", secure=_secure(request)
    )
    response.delete_cookie(
        LOGIN_COOKIE, path=PATH, httponly=True, samesite="lax", secure=_secure(request)
    )


def clear_login(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE, path=PATH, httponly=True, samesite="lax", secure=_secure(request)
    )


def login_csrf(request: Request) -> str:
    """The login form's token: the one its cookie holds already, or a new one."""
    token = request.cookies.get(LOGIN_COOKIE, "")
    return token if len(token) == 43 else secrets.token_urlsafe(32)


def remember_login_csrf(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE, token, path=PATH, httponly=True, samesite="lax", secure=_secure(request)
    )


async def _form(request: Request) -> FormData:
    try:
        return await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
    except Exception as exc:  # multipart's own errors: a malformed or oversized form
        raise ApiError(400, "malformed_form") from exc


def _matches(sent: object, expected: str) -> bool:
    return (
        isinstance(sent, str)
        and bool(expected)
        and hmac.compare_digest(sent.encode(), expected.encode())
    )


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's; refused otherwise."""
    form = await _form(request)
    token = request.cookies.get(COOKIE, "")
    if not token:
        raise login_required()
    if not _matches(form.get(CSRF_FIELD), csrf_for(token)):
        raise csrf_refused()
    return form


async def checked_login_form(request: Request) -> FormData:
    form = await _form(request)
    if not _matches(form.get(CSRF_FIELD), request.cookies.get(LOGIN_COOKIE, "")):
        raise csrf_refused()
    return form


def text(form: FormData, name: str, max_length: int = 200) -> str:
    """A text field of a form; a file, an overlong value or a control character in it counts
    as bad input (the same rule as every other parameter's: server.api.params)."""
    value = form.get(name, "")
    if not isinstance(value, str) or len(value) > max_length:
        raise params.invalid_value(name)
    if params.has_control(value):
        raise params.control_character(name)
    return value


def id_field(form: FormData, name: str) -> int | None:
    """An id field of a form (a team chosen from a list): empty is None, else an id."""
    raw = text(form, name, 24)
    return params.parse_id(raw, name) if raw else None


StaffSessionDep = Annotated[StaffSession, Depends(current)]
FormDep = Annotated[FormData, Depends(checked_form)]
LoginFormDep = Annotated[FormData, Depends(checked_login_form)]
