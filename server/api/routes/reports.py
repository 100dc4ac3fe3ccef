"""Reports for staff: the figures of their team, commune, province or (the ministry) the whole
country as JSON or CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from server import reports
from server.api.deps import ReportDbDep, StaffDep
from server.api.openapi import errors
from server.api.params import Id, Text
from wire.api import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/reports", tags=["reports"])

TeamQuery = Annotated[Id | None, Query(description="Narrow to one team inside your area")]
CommuneQuery = Annotated[
    Text | None, Query(max_length=64, description="Narrow to one commune inside your area")
]
ProvinceQuery = Annotated[
    Text | None, Query(max_length=64, description="Narrow to one province (the ministry)")
]
FromQuery = Annotated[
    date | None, Query(alias="from", description="First day (Vietnam), default: 11 months ago, 1st")
]
ToQuery = Annotated[date | None, Query(description="Last day (Vietnam), default: today")]


@router.get("/figures", responses=errors(401, 403, 404, 422))
def figures(
    db: ReportDbDep,
    staff: StaffDep,
    team: TeamQuery = None,
    commune: CommuneQuery = None,
    first: FromQuery = None,
    to: ToQuery = None,
    province: ProvinceQuery = None,
) -> reports.Report:
    return reports.for_staff(db, staff, team, commune, first, to, province_id=province)


@router.get(
    "/figures.csv",
    response_class=Response,
    responses={**errors(401, 403, 404, 422), 200: {"content": {"text/csv": {}}}},
)
def figures_csv(
    db: ReportDbDep,
    staff: StaffDep,
    team: TeamQuery = None,
    commune: CommuneQuery = None,
    first: FromQuery = None,
    to: ToQuery = None,
    province: ProvinceQuery = None,
) -> Response:
    return csv_response(
        reports.for_staff(db, staff, team, commune, first, to, province_id=province)
    )


def csv_response(report: reports.Report) -> Response:
    return Response(
        reports.to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{reports.csv_filename(report)}"',
            "Cache-Control": "no-store",
        },
    )
