"""Reports: the figures staff see for their area — households reached, sessions by service,
village and month, follow-ups overdue, QR opens by guide. This module computes them; the JSON
API, the CSV export and the HTML dashboard only show what it returns.

Who sees what: a team leader their team; commune staff their commune (or one of its teams);
province staff their province (or one of its communes or teams). Household names and notes
appear only in a team leader's own list of overdue follow-ups.

The SQL runs on SQLite and PostgreSQL alike; where the two differ (a JSON list into rows, a UTC
moment into a Vietnamese month) a small helper picks the dialect's form."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import and_, exists, func, literal, or_, true, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from content.manifest import load_manifest
from server.core.clock import VIETNAM, today_vietnam
from server.core.errors import ApiError, forbidden, not_found
from server.models import (
    Area,
    AreaLevel,
    Guide,
    HelpSession,
    Household,
    QrOpen,
    Role,
    SharedOpen,
    StaffUser,
    Team,
)

MAX_PERIOD = timedelta(days=5 * 366)
FOLLOW_UP = "follow_up"


class ScopeLevel:
    TEAM = "team"
    COMMUNE = "commune"
    PROVINCE = "province"


@dataclass(frozen=True)
class Scope:
    """What a report covers: one team, one commune's teams or one province's teams."""

    level: str  # a ScopeLevel value
    id: str  # the team's id, or the commune's or province's area id
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


@dataclass(frozen=True)
class ReportScope:
    level: str
    id: str
    name: str


@dataclass(frozen=True)
class ServiceFigure:
    code: str
    name: str
    sessions: int
    households: int


@dataclass(frozen=True)
class VillageFigure:
    village_id: str
    village: str
    commune: str
    sessions: int
    households: int


@dataclass(frozen=True)
class MonthFigure:
    month: str  # "2026-03", Vietnamese calendar
    sessions: int
    households: int


@dataclass(frozen=True)
class GuideOpens:
    code: str
    title: str
    opens: int


@dataclass(frozen=True)
class OverdueFollowUp:
    """A household whose latest session asked to come back on a day already past."""

    household_id: str
    head_name: str
    village: str
    follow_up_on: date
    days_late: int
    note: str


@dataclass(frozen=True)
class Report:
    scope: ReportScope
    period_first: date
    period_last: date
    today: date
    households_reached: int
    sessions: int
    follow_ups_overdue: int
    qr_opens_total: int
    by_service: list[ServiceFigure] = field(default_factory=list)
    by_village: list[VillageFigure] = field(default_factory=list)
    by_month: list[MonthFigure] = field(default_factory=list)
    qr_opens: list[GuideOpens] = field(default_factory=list)
    # Names and notes: only for the team's own leader (`lists_households`); empty for others.
    lists_households: bool = False
    overdue_households: list[OverdueFollowUp] = field(default_factory=list)


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
    chosen = Period(first or (default.first if last is None else last.replace(day=1)), last or today)
    if chosen.first > chosen.last:
        raise ApiError(422, "invalid_period", "Ngày bắt đầu phải trước ngày kết thúc.", "The period starts after it ends.")
    if chosen.last - chosen.first > MAX_PERIOD or chosen.first.year < 2020 or chosen.last.year >= 2100:
        raise ApiError(422, "invalid_period", "Khoảng thời gian không hợp lệ (tối đa 5 năm, từ năm 2020).",
                       "The period is out of range (at most 5 years, from 2020).")
    return chosen


# --- Who may see what ------------------------------------------------------------------------


def _team_scope(team: Team) -> Scope:
    return Scope(ScopeLevel.TEAM, str(team.id), team.name, (team.id,), (team.commune_id,))


def _area_scope(session: Session, area: Area) -> Scope:
    if area.level == AreaLevel.COMMUNE.value:
        communes = (area.id,)
    else:
        communes = tuple(session.exec(select(Area.id).where(
            Area.parent_id == area.id, Area.level == AreaLevel.COMMUNE.value).order_by(Area.id)))
    teams = tuple(session.exec(select(Team.id).where(col(Team.commune_id).in_(communes)).order_by(Team.id)))
    level = ScopeLevel.COMMUNE if area.level == AreaLevel.COMMUNE.value else ScopeLevel.PROVINCE
    return Scope(level, area.id, area.name, teams, communes)


def own_scope(session: Session, staff: StaffUser) -> Scope:
    """What a staff member sees when they ask for nothing narrower."""
    if staff.role == Role.TEAM_LEADER.value:
        team = session.get(Team, staff.team_id) if staff.team_id is not None else None
        if team is None:
            raise forbidden()
        return _team_scope(team)
    area = session.get(Area, staff.area_id) if staff.area_id else None
    if area is None or area.level not in {AreaLevel.COMMUNE.value, AreaLevel.PROVINCE.value}:
        raise forbidden()
    return _area_scope(session, area)


def scope_for(session: Session, staff: StaffUser, team_id: int | None = None, commune_id: str | None = None) -> Scope:
    """The staff member's own scope, or a team or commune inside it; anything outside is
    refused (404 when it does not exist, 403 when it is someone else's)."""
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
    return own


@dataclass(frozen=True)
class ScopeChoice:
    level: str
    id: str
    name: str


def narrower_scopes(session: Session, scope: Scope) -> list[ScopeChoice]:
    """The communes and teams inside a scope, for a staff member to narrow a report to."""
    choices: list[ScopeChoice] = []
    if scope.level == ScopeLevel.PROVINCE:
        choices += [ScopeChoice(ScopeLevel.COMMUNE, a.id, a.name) for a in session.exec(
            select(Area).where(col(Area.id).in_(scope.commune_ids)).order_by(Area.name, Area.id))]
    if scope.level != ScopeLevel.TEAM:
        choices += [ScopeChoice(ScopeLevel.TEAM, str(t.id), t.name) for t in session.exec(
            select(Team).where(col(Team.id).in_(scope.team_ids)).order_by(Team.name, Team.id))]
    return choices


# --- The figures ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def service_names() -> dict[str, str]:
    """Service codes -> their Vietnamese names, from the content the server ships with."""
    return {s["code"]: s["name"] for s in load_manifest().services}


def _services_as_rows(session: Session):
    """HelpSession.services (a JSON list) as a table of one `value` column per element."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(HelpSession.services).table_valued("value").alias("service")
    return func.json_each(HelpSession.services).table_valued("value").alias("service")


def _vietnam_month(session: Session, moment):
    """A UTC moment -> 'YYYY-MM' of its Vietnamese calendar month (UTC+7, no daylight saving)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Ho_Chi_Minh", moment), "YYYY-MM")
    return func.strftime("%Y-%m", moment, "+7 hours")


def build(session: Session, scope: Scope, chosen: Period, today: date, list_households: bool = False) -> Report:
    """Every figure of the report. `list_households` adds the overdue households' names and
    notes: only for the leader of the team the report covers."""
    start, end = chosen.utc_bounds()
    in_scope = and_(col(HelpSession.team_id).in_(scope.team_ids), HelpSession.occurred_at >= start,
                    HelpSession.occurred_at < end)
    sessions, reached = session.exec(
        select(func.count(), func.count(func.distinct(HelpSession.household_id))).where(in_scope)).one()

    services = _services_as_rows(session)
    names = service_names()
    by_service = [
        ServiceFigure(code, names.get(code, code), n, households)
        for code, n, households in session.exec(
            select(services.c.value, func.count(), func.count(func.distinct(HelpSession.household_id)))
            .select_from(HelpSession).join(services, true()).where(in_scope)
            .group_by(services.c.value).order_by(func.count().desc(), services.c.value))
    ]

    month = _vietnam_month(session, HelpSession.occurred_at).label("month")
    per_month = {m: (n, h) for m, n, h in session.exec(
        select(month, func.count(), func.count(func.distinct(HelpSession.household_id))).where(in_scope).group_by(month))}
    by_month = [MonthFigure(m, *per_month.get(m, (0, 0))) for m in chosen.months()]

    overdue = _overdue(scope, today)
    overdue_count = session.exec(select(func.count()).select_from(HelpSession).where(overdue)).one()
    lists = list_households and scope.level == ScopeLevel.TEAM
    listed = _overdue_list(session, overdue, today) if lists else []

    opens = qr_opens(session, scope, chosen)
    return Report(
        scope=ReportScope(scope.level, scope.id, scope.name), period_first=chosen.first, period_last=chosen.last,
        today=today, households_reached=reached, sessions=sessions, follow_ups_overdue=overdue_count,
        qr_opens_total=sum(o.opens for o in opens), by_service=by_service,
        by_village=_by_village(session, scope, in_scope), by_month=by_month, qr_opens=opens,
        lists_households=lists, overdue_households=listed,
    )


def _by_village(session: Session, scope: Scope, in_scope) -> list[VillageFigure]:
    """Every village of the scope's communes, those not reached yet included (with zeros)."""
    counts = {v: (n, h) for v, n, h in session.exec(
        select(Household.village_id, func.count(), func.count(func.distinct(HelpSession.household_id)))
        .select_from(HelpSession).join(Household, Household.id == HelpSession.household_id)
        .where(in_scope).group_by(Household.village_id))}
    commune = aliased(Area)
    villages = session.exec(
        select(Area.id, Area.name, commune.name).join(commune, commune.id == Area.parent_id)
        .where(col(Area.parent_id).in_(scope.commune_ids), Area.level == AreaLevel.VILLAGE.value)
        .order_by(commune.name, Area.name, Area.id))
    rows = [VillageFigure(v, name, commune_name, *counts.get(v, (0, 0))) for v, name, commune_name in villages]
    return sorted(rows, key=lambda r: -r.sessions)


def _overdue(scope: Scope, today: date):
    """Which sessions mark an overdue follow-up: a household's latest session (by when it
    happened, then by id) that asked to come back before today."""
    later = aliased(HelpSession)
    newer_exists = exists().where(
        later.household_id == HelpSession.household_id,
        or_(later.occurred_at > HelpSession.occurred_at,
            and_(later.occurred_at == HelpSession.occurred_at, later.id > HelpSession.id)),
    )
    return and_(col(HelpSession.team_id).in_(scope.team_ids), HelpSession.outcome == FOLLOW_UP,
                col(HelpSession.follow_up_on) < today, ~newer_exists)


def _overdue_list(session: Session, overdue, today: date) -> list[OverdueFollowUp]:
    rows = session.exec(
        select(HelpSession.household_id, Household.head_name, Area.name, HelpSession.follow_up_on, HelpSession.note)
        .join(Household, Household.id == HelpSession.household_id)
        .join(Area, Area.id == Household.village_id)
        .where(overdue).order_by(HelpSession.follow_up_on, HelpSession.household_id)
    )
    return [OverdueFollowUp(household, head, village, due, (today - due).days, note)
            for household, head, village, due, note in rows]


def qr_opens(session: Session, scope: Scope, chosen: Period) -> list[GuideOpens]:
    """Opens of guide pages by guide, in the scope's communes: those of the public pages (from
    a QR's link; a province's report also counts QRs that carry no commune) and those a
    device's own guide server counted offline and pushed (the commune of the device's team).
    The one place reports read guide opens."""
    in_period = (QrOpen.day >= chosen.first, QrOpen.day <= chosen.last)
    online_commune = col(QrOpen.commune_id).in_(scope.commune_ids)
    if scope.level == ScopeLevel.PROVINCE:
        online_commune = or_(online_commune, QrOpen.commune_id == "")
    opens = union_all(
        select(QrOpen.guide_code.label("code"), QrOpen.count.label("opens")).where(online_commune, *in_period),
        select(SharedOpen.guide_code.label("code"), SharedOpen.count.label("opens")).where(
            col(SharedOpen.commune_id).in_(scope.commune_ids), SharedOpen.day >= chosen.first, SharedOpen.day <= chosen.last),
    ).subquery()
    total = func.sum(opens.c.opens).label("total")
    rows = session.exec(
        select(opens.c.code, func.coalesce(func.max(Guide.data["title"].as_string()), literal("")), total)
        .select_from(opens).join(Guide, Guide.code == opens.c.code, isouter=True)
        .group_by(opens.c.code).order_by(total.desc(), opens.c.code)
    )
    return [GuideOpens(code, title or code, int(count)) for code, title, count in rows]


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ("section", "code", "name", "measure", "value")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A spreadsheet must not read a name as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"Tháng {int(number)}/{year}"


def to_csv(report: Report) -> str:
    """The report as one tidy table (section, code, name, measure, value), UTF-8 with a BOM so
    spreadsheets show Vietnamese right. Names of households are never in it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    scope = report.scope
    writer.writerow(["scope", f"{scope.level}:{scope.id}", _cell(scope.name), "", ""])
    writer.writerow(["period", f"{report.period_first.isoformat()}/{report.period_last.isoformat()}",
                     f"Từ {report.period_first:%d/%m/%Y} đến {report.period_last:%d/%m/%Y}", "", ""])
    for measure, name, value in (
        ("households_reached", "Số hộ được hỗ trợ", report.households_reached),
        ("sessions", "Số buổi hỗ trợ", report.sessions),
        ("follow_ups_overdue", f"Hẹn quay lại đã quá hạn (đến {report.today:%d/%m/%Y})", report.follow_ups_overdue),
        ("qr_opens", "Lượt mở hướng dẫn qua mã QR", report.qr_opens_total),
    ):
        writer.writerow(["summary", "", name, measure, value])
    for s in report.by_service:
        writer.writerow(["service", s.code, _cell(s.name), "sessions", s.sessions])
        writer.writerow(["service", s.code, _cell(s.name), "households", s.households])
    for v in report.by_village:
        writer.writerow(["village", v.village_id, _cell(f"{v.village} — {v.commune}"), "sessions", v.sessions])
        writer.writerow(["village", v.village_id, _cell(f"{v.village} — {v.commune}"), "households", v.households])
    for m in report.by_month:
        writer.writerow(["month", m.month, month_label(m.month), "sessions", m.sessions])
        writer.writerow(["month", m.month, month_label(m.month), "households", m.households])
    for g in report.qr_opens:
        writer.writerow(["qr_opens", g.code, _cell(g.title), "opens", g.opens])
    return "\ufeff" + out.getvalue()


def csv_filename(report: Report) -> str:
    scope = re.sub(r"[^a-z0-9._-]", "_", report.scope.id.lower())
    return f"bao-cao-{report.scope.level}-{scope}-{report.period_first}-{report.period_last}.csv"


def for_staff(session: Session, staff: StaffUser, team_id: int | None = None, commune_id: str | None = None,
              first: date | None = None, last: date | None = None, today: date | None = None) -> Report:
    """The report a staff member asked for, within what they may see. The JSON API, the CSV
    export and the dashboard all come here."""
    today = today or today_vietnam()
    scope = scope_for(session, staff, team_id, commune_id)
    mine = staff.role == Role.TEAM_LEADER.value and scope.level == ScopeLevel.TEAM and staff.team_id == int(scope.id)
    return build(session, scope, period(first, last, today), today, list_households=mine)
