"""The report dashboard and its CSV export, for every staff member's own area."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from server import reports
from server.api.deps import ReportDbDep
from server.api.params import Id, Text
from server.api.routes.reports import csv_response
from server.models import StaffUser
from server.services import editor
from server.web import charts, pages
from server.web.session import StaffSessionDep
from wire import messages
from wire.clock import VIETNAM

router = APIRouter(prefix="/staff", include_in_schema=False)
LEVEL_NAMES = {
    level: f"staff_level_{level}"
    for level in (
        reports.ScopeLevel.TEAM,
        reports.ScopeLevel.COMMUNE,
        reports.ScopeLevel.PROVINCE,
        reports.ScopeLevel.COUNTRY,
    )
}

CHOICE_WORDS = {
    reports.ScopeLevel.TEAM: "staff_report_team_choice",
    reports.ScopeLevel.COMMUNE: "staff_report_commune_choice",
    reports.ScopeLevel.PROVINCE: "staff_report_province_choice",
}

TeamQuery = Annotated[Id | None, Query()]
CommuneQuery = Annotated[Text | None, Query(max_length=64)]
FromQuery = Annotated[date | None, Query(alias="from")]


@router.get("/report")
def report_page(
    staff: StaffSessionDep,
    db: ReportDbDep,
    team: TeamQuery = None,
    commune: CommuneQuery = None,
    first: FromQuery = None,
    to: date | None = None,
    province: CommuneQuery = None,
) -> HTMLResponse:
    report = reports.for_staff(db, staff.user, team, commune, first, to, province_id=province)
    own = reports.own_scope(db, staff.user)
    query = {
        "team": team,
        "commune": commune,
        "province": province,
        "from": report.period_first.isoformat(),
        "to": report.period_last.isoformat(),
    }
    return pages.render(
        "report.html",
        staff,
        title=messages.text("staff_report_title", scope=report.scope.name),
        report=report,
        level_name=messages.text(LEVEL_NAMES[report.scope.level]),
        choices=reports.narrower_scopes(db, own),
        choice_words=CHOICE_WORDS,
        freshness=_freshness(report),
        narrowed=(team is not None or commune is not None or province is not None),
        own_name=own.name,
        team=team,
        commune=commune,
        province=province,
        query=urlencode({k: v for k, v in query.items() if v is not None}),
        chart=charts.column_chart([(m.month, m.sessions) for m in report.by_month]),
        bar=charts.percent,
        max_service=max((s.sessions for s in report.by_service), default=0),
        max_village=max((v.sessions for v in report.by_village), default=0),
        max_opens=max((g.opens for g in report.qr_opens), default=0),
        max_province=max((p.sessions for p in report.by_province), default=0),
        stale=_stale(db, staff.user),
        stale_months=editor.STALE_MONTHS,
    )


def _stale(db: ReportDbDep, user: StaffUser) -> list[dict]:
    """The guides whose source check is too old, for those who can check them again."""
    if not editor.may_edit(user):
        return []
    return [
        {"code": g.code, "data": g.data, "checked": editor.checked_on(g)}
        for g in editor.stale_guides(db, user)
    ]


def _freshness(report: reports.Report) -> str:
    """Live on the primary, or how fresh a replica's or the country's made-ahead figures are
    (in Vietnam's time)."""
    if report.as_of is None:  # live, or a replica that has replayed nothing yet
        return messages.text(
            "staff_report_replica_empty" if report.replica else "staff_report_live"
        )
    moment = f"{report.as_of.astimezone(VIETNAM):%H:%M:%S %d/%m/%Y}"
    as_of = "staff_report_made_ahead" if report.made_ahead else "staff_report_replica_as_of"
    return messages.text(as_of, moment=moment)


@router.get("/report.csv")
def report_csv(
    staff: StaffSessionDep,
    db: ReportDbDep,
    team: TeamQuery = None,
    commune: CommuneQuery = None,
    first: FromQuery = None,
    to: date | None = None,
    province: CommuneQuery = None,
) -> Response:
    return csv_response(
        reports.for_staff(db, staff.user, team, commune, first, to, province_id=province)
    )
