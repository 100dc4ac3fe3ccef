"""The report a staff member asks for, within what they may see: the country's made ahead
when there is one (server.reports.ahead), else built from the summaries. The JSON API, the CSV
export and the dashboard all come here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from server.models import Role, StaffUser
from server.reports import ahead
from server.reports.figures import Report, build, tune
from server.reports.freshness import freshness
from server.reports.scope import ScopeLevel, period, scope_for
from wire.clock import today_local


def for_staff(
    session: Session,
    staff: StaffUser,
    team_id: int | None = None,
    commune_id: str | None = None,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
    province_id: str | None = None,
) -> Report:
    today = today or today_local()
    tune(session)
    scope = scope_for(session, staff, team_id, commune_id, province_id)
    chosen = period(first, last, today)
    fresh = freshness(session)
    made = ahead.read(session, chosen, today) if scope.level == ScopeLevel.COUNTRY else None
    if made is not None:
        return replace(made, replica=fresh.replica)
    mine = (
        staff.role == Role.TEAM_LEADER.value
        and scope.level == ScopeLevel.TEAM
        and staff.team_id == int(scope.id)
    )
    report = build(session, scope, chosen, today, list_households=mine)
    return replace(report, replica=fresh.replica, as_of=fresh.as_of)
