"""Log in with a password (a session cookie), log out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server.api.deps import StateDep, rate_limit
from server.api.params import Text
from server.core.db import session_scope
from server.core.errors import ApiError
from server.services import accounts
from server.web import pages, session
from server.web.session import FormDep, LoginFormDep
from wire import messages

router = APIRouter(prefix="/staff", include_in_schema=False)
_DONE = {"logout": "staff_logged_out"}


@router.get("")
def home() -> Response:
    return RedirectResponse("/staff/report", status_code=303)


def _login_page(
    request: Request,
    username: str = "",
    error: str | None = None,
    status: int = 200,
    message: str | None = None,
) -> HTMLResponse:
    token = session.login_csrf(request)
    response = pages.render(
        "login.html",
        title=messages.text("staff_login"),
        login_csrf=token,
        username=username,
        error=error,
        message=message,
        status=status,
    )
    session.remember_login_csrf(response, request, token)
    return response


@router.get("/login")
def login_page(request: Request, done: Text | None = None) -> HTMLResponse:
    return _login_page(request, message=messages.text(_DONE[done]) if done in _DONE else None)


@router.post("/login", dependencies=[rate_limit("login")])
def login(request: Request, form: LoginFormDep, state: StateDep) -> Response:
    username = session.text(form, "username", 64).strip()
    password = session.text(form, "password", 200)
    try:
        with session_scope(state.engine) as db:
            token, _row, _user = accounts.login(
                db, username, password, state.settings.staff_token_ttl
            )
    except ApiError as exc:
        return _login_page(request, username, exc.message, exc.status)
    response = RedirectResponse("/staff/report", status_code=303)
    session.set_login(response, request, token)
    return response


@router.post("/logout")
def logout(request: Request, _form: FormDep, state: StateDep) -> Response:
    with session_scope(state.engine) as db:
        accounts.logout(db, request.cookies.get(session.COOKIE, ""))
    response = RedirectResponse("/staff/login?done=logout", status_code=303)
    session.clear_login(response, request)
    return response
