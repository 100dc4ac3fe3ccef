"""Who sees what in a report, and over which days: a team leader their team; commune staff
their commune (or one of its teams); province staff their province (or one of its communes or
teams); the ministry the whole country (or one of its provinces, communes or teams). Periods
are Vietnamese calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from server.core.db import any_of
from server.core.errors import ApiError, forbidden, not_found
from server.models import Area, AreaLevel, Role, StaffUser, Team
from wire import messages
from wire.clock import VIETNAM

MAX_PERIOD = timedelta(days=5 * 366)


class ScopeLevel:
    TEAM = "team"
    COMMUNE = "commune"
    PROVINCE = "province"
    COUNTRY = "country"


COUNTRY_ID = "vn"


@dataclass(frozen=True)
class Scope:
    """What a report covers: one team, one commune's teams, one province's teams or every
    team of the country."""

    level: str  # a ScopeLevel value
    id: str  # the team's id, the commune's or province's area id, or COUNTRY_ID
    name: str
    team_ids: tuple[int, ...]
    commune_ids: tuple[str, ...]


@dataclass(frozen=True)
class Period:
    """Vietnamese calendar days, both ends included."""

    first: date
    last: date

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return _midnight_utc(self.first), _midnight_utc(self.last + timedelta(days=1))

    def months(self) -> list[str]:
        months, day = [], self.first.replace(day=1)
        while day <= self.last:
            months.append(f"{day.year:04d}-{day.month:02d}")
            day = (day + timedelta(days=32)).replace(day=1)
        return months


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM).astimezone(UTC)


def default_period(today: date) -> Period:
    """The current month and the eleven before it."""
    first = today.replace(day=1)
    for _ in range(11):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, today)


def period(first: date | None, last: date | None, today: date) -> Period:
    """The asked-for period, or the default one; refused when backwards or absurdly long."""
    default = default_period(today)
    chosen = Period(
        first or (default.first if last is None else last.replace(day=1)), last or today
    )
    if chosen.first > chosen.last:
        raise ApiError(422, "invalid_period")
    if (
        chosen.last - chosen.first > MAX_PERIOD
        or chosen.first.year < 2020
        or chosen.last.year >= 2100
    ):
        raise ApiError(422, "invalid_period")
    return chosen


def _team_scope(team: Team) -> Scope:
    return Scope(ScopeLevel.TEAM, str(team.id), team.name, (team.id,), (team.commune_id,))


def _area_scope(session: Session, area: Area) -> Scope:
    if area.level == AreaLevel.COMMUNE.value:
        communes = (area.id,)
    else:
        communes = tuple(
            session.exec(
                select(Area.id)
                .where(Area.parent_id == area.id, Area.level == AreaLevel.COMMUNE.value)
                .order_by(Area.id)
            )
        )
    teams = tuple(
        session.exec(
            select(Team.id).where(any_of(session, Team.commune_id, communes)).order_by(Team.id)
        )
    )
    level = ScopeLevel.COMMUNE if area.level == AreaLevel.COMMUNE.value else ScopeLevel.PROVINCE
    return Scope(level, area.id, area.name, teams, communes)


def country_scope(session: Session) -> Scope:
    communes = tuple(
        session.exec(select(Area.id).where(Area.level == AreaLevel.COMMUNE.value).order_by(Area.id))
    )
    teams = tuple(session.exec(select(Team.id).order_by(Team.id)))
    name = messages.text("report_country_name")
    return Scope(ScopeLevel.COUNTRY, COUNTRY_ID, name, teams, communes)


def own_scope(session: Session, staff: StaffUser) -> Scope:
    """What a staff member sees when they ask for nothing narrower."""
    if staff.role == Role.TEAM_LEADER.value:
        team = session.get(Team, staff.team_id) if staff.team_id is not None else None
        if team is None:
            raise forbidden()
        return _team_scope(team)
    if staff.role == Role.NATIONAL_ADMIN.value:
        return country_scope(session)
    area = session.get(Area, staff.area_id) if staff.area_id else None
    if area is None or area.level not in {AreaLevel.COMMUNE.value, AreaLevel.PROVINCE.value}:
        raise forbidden()
    return _area_scope(session, area)


def scope_for(
    session: Session,
    staff: StaffUser,
    team_id: int | None = None,
    commune_id: str | None = None,
    province_id: str | None = None,
) -> Scope:
    """The staff member's own scope, or a team, commune or province inside it; anything
    outside is refused (404 when it does not exist, 403 when it is someone else's)."""
    own = own_scope(session, staff)
    if team_id is not None:
        team = session.get(Team, team_id)
        if team is None:
            raise not_found("unknown_team")
        if team.id not in own.team_ids:
            raise forbidden()
        return _team_scope(team)
    if commune_id is not None:
        area = session.get(Area, commune_id)
        if area is None or area.level != AreaLevel.COMMUNE.value:
            raise not_found("unknown_commune")
        if own.level == ScopeLevel.TEAM or area.id not in own.commune_ids:
            raise forbidden()
        return _area_scope(session, area)
    if province_id is not None:
        area = session.get(Area, province_id)
        if area is None or area.level != AreaLevel.PROVINCE.value:
            raise not_found("unknown_province")
        if own.level != ScopeLevel.COUNTRY and not (
            own.level == ScopeLevel.PROVINCE and own.id == area.id
        ):
            raise forbidden()
        return _area_scope(session, area)
    return own


@dataclass(frozen=True)
class ScopeChoice:
    level: str
    id: str
    name: str


def narrower_scopes(session: Session, scope: Scope) -> list[ScopeChoice]:
    """The provinces, communes and teams inside a scope, for a staff member to narrow a report
    to (the country's choices are its provinces: there are too many communes and teams)."""
    choices: list[ScopeChoice] = []
    if scope.level == ScopeLevel.COUNTRY:
        return [
            ScopeChoice(ScopeLevel.PROVINCE, a.id, a.name)
            for a in session.exec(
                select(Area)
                .where(Area.level == AreaLevel.PROVINCE.value)
                .order_by(Area.name, Area.id)
            )
        ]
    if scope.level == ScopeLevel.PROVINCE:
        choices += [
            ScopeChoice(ScopeLevel.COMMUNE, a.id, a.name)
            for a in session.exec(
                select(Area)
                .where(any_of(session, Area.id, scope.commune_ids))
                .order_by(Area.name, Area.id)
            )
        ]
    if scope.level != ScopeLevel.TEAM:
        choices += [
            ScopeChoice(ScopeLevel.TEAM, str(t.id), t.name)
            for t in session.exec(
                select(Team)
                .where(any_of(session, Team.id, scope.team_ids))
                .order_by(Team.name, Team.id)
            )
        ]
    return choices
