"""Teams and staff accounts over the API: staff list the teams they may see; a province admin
adds teams to the province's communes and accounts for their leaders and commune staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette import status

from server.api.deps import DbDep, ReadDbDep, StaffDep
from server.api.openapi import BODY, errors
from server.api.params import Id, Moment, Name, Text
from server.models import StaffUser, Team
from server.services import accounts
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["staff"])


class TeamOut(BaseModel):
    id: int
    commune_id: str
    name: str
    created_at: Moment


class NewTeam(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    commune_id: Annotated[Text, Field(min_length=1, max_length=64)]
    name: Annotated[Name, Field(min_length=2, max_length=120)]


class StaffOut(BaseModel):
    id: int
    username: str
    role: str
    area_id: str | None
    team_id: int | None


class NewStaff(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: Annotated[Text, Field(min_length=3, max_length=64)]
    password: Annotated[Text, Field(min_length=1, max_length=200)]
    role: Annotated[Text, Field(max_length=32, description="team_leader or commune_staff")]
    commune_id: Annotated[Text | None, Field(max_length=64, description="for commune staff")] = None
    team_id: Annotated[Id | None, Field(description="for a team leader")] = None


def _team(team: Team) -> TeamOut:
    return TeamOut(
        id=team.id, commune_id=team.commune_id, name=team.name, created_at=team.created_at
    )


def _staff(user: StaffUser) -> StaffOut:
    return StaffOut(
        id=user.id,
        username=user.username,
        role=user.role,
        area_id=user.area_id,
        team_id=user.team_id,
    )


@router.get("/teams", responses=errors(401))
def list_teams(db: ReadDbDep, staff: StaffDep) -> list[TeamOut]:
    return [_team(t) for t in accounts.teams_of(db, staff)]


@router.post(
    "/teams", status_code=status.HTTP_201_CREATED, responses=errors(400, 401, 403, 422, *BODY)
)
def add_team(body: NewTeam, db: DbDep, staff: StaffDep) -> TeamOut:
    return _team(accounts.admin_add_team(db, staff, body.commune_id, body.name))


@router.post(
    "/staff", status_code=status.HTTP_201_CREATED, responses=errors(400, 401, 403, 409, 422, *BODY)
)
def add_staff(body: NewStaff, db: DbDep, staff: StaffDep) -> StaffOut:
    return _staff(
        accounts.admin_add_staff(
            db, staff, body.username, body.password, body.role, body.commune_id, body.team_id
        )
    )
