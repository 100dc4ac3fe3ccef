"""The province admin's page: the province's teams and staff accounts, and forms to add them."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, or_, select

from server.api import params
from server.api.deps import StateDep
from server.api.params import Text
from server.core.db import session_scope
from server.core.errors import ApiError
from server.models import Area, StaffUser
from server.services import accounts
from server.web import pages, session
from server.web.session import FormDep, StaffSession, StaffSessionDep
from wire import messages

router = APIRouter(prefix="/staff/admin", include_in_schema=False)
_DONE = {"team": "staff_admin_team_added", "staff": "staff_admin_staff_added"}


def _page(
    db: Session,
    staff: StaffSession,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    accounts.require_province_admin(staff.user)
    teams = accounts.teams_of(db, staff.user)
    province = staff.user.area_id
    names = {
        a.id: a.name
        for a in db.exec(select(Area).where(or_(Area.parent_id == province, Area.id == province)))
    }
    return pages.render(
        "admin.html",
        staff,
        title=messages.text("staff_admin_title"),
        teams=teams,
        communes=accounts.communes_of(db, staff.user),
        area_names=names,
        team_names={t.id: t.name for t in teams},
        people=accounts.staff_of(db, staff.user),
        message=message,
        error=error,
        status=status,
    )


@router.get("")
def admin_page(staff: StaffSessionDep, state: StateDep, done: Text | None = None) -> HTMLResponse:
    with session_scope(state.reader) as db:
        return _page(db, staff, message=_done(done))


def _done(done: str | None) -> str | None:
    return messages.text(_DONE[done]) if done in _DONE else None


def _act(staff: StaffSession, state: StateDep, action, done: str) -> Response:
    """Do one admin action in its own transaction; on a refusal show the page again with why."""
    try:
        with session_scope(state.engine) as db:
            action(db)
    except ApiError as exc:
        if exc.status in {401, 403}:
            raise
        with session_scope(state.reader) as db:
            return _page(db, staff, error=exc.message, status=exc.status)
    return RedirectResponse(f"/staff/admin?done={done}", status_code=303)


@router.post("/teams")
def add_team(staff: StaffSessionDep, form: FormDep, state: StateDep) -> Response:
    commune = session.text(form, "commune", 64)
    name = params.free_text(session.text(form, "name", 120), "name")
    return _act(
        staff, state, lambda db: accounts.admin_add_team(db, staff.user, commune, name), "team"
    )


@router.post("/staff")
def add_staff(staff: StaffSessionDep, form: FormDep, state: StateDep) -> Response:
    role = session.text(form, "role", 32)
    username, password = session.text(form, "username", 64), session.text(form, "password", 200)
    team = session.id_field(form, "team")
    commune = session.text(form, "commune", 64) or None

    def act(db: Session) -> StaffUser:
        return accounts.admin_add_staff(db, staff.user, username, password, role, commune, team)

    return _act(staff, state, act, "staff")
