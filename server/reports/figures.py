"""The figures staff see for their scope: households reached, sessions by service, village and
month, follow-ups overdue, QR opens by guide. The JSON API, the CSV export and the HTML
dashboard only show what `for_staff` returns. Household names and notes appear only in a team
leader's own list of overdue follow-ups.

The SQL runs on SQLite and PostgreSQL alike; where the two differ (a JSON list into rows, a UTC
moment into a Vietnamese month) a small helper picks the dialect's form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import and_, exists, func, literal, or_, true, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from content.manifest import load_manifest
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
)
from server.reports.scope import Period, Scope, ScopeLevel, period, scope_for
from wire.clock import today_local

FOLLOW_UP = "follow_up"


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


@lru_cache(maxsize=1)
def service_names() -> dict[str, str]:
    """Service codes -> their Vietnamese names, from the content the server ships with."""
    return {s["code"]: s["name"] for s in load_manifest().services}


def _services_as_rows(session: Session):
    """HelpSession.services (a JSON list) as a table of one `value` column per element."""
    if session.get_bind().dialect.name == "postgresql":
        return (
            func.json_array_elements_text(HelpSession.services)
            .table_valued("value")
            .alias("service")
        )
    return func.json_each(HelpSession.services).table_valued("value").alias("service")


def _vietnam_month(session: Session, moment):
    """A UTC moment -> 'YYYY-MM' of its Vietnamese calendar month (UTC+7, no daylight saving)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Ho_Chi_Minh", moment), "YYYY-MM")
    return func.strftime("%Y-%m", moment, "+7 hours")


def build(
    session: Session, scope: Scope, chosen: Period, today: date, list_households: bool = False
) -> Report:
    """Every figure of the report. `list_households` adds the overdue households' names and
    notes: only for the leader of the team the report covers."""
    start, end = chosen.utc_bounds()
    in_scope = and_(
        col(HelpSession.team_id).in_(scope.team_ids),
        HelpSession.occurred_at >= start,
        HelpSession.occurred_at < end,
    )
    sessions, reached = session.exec(
        select(func.count(), func.count(func.distinct(HelpSession.household_id))).where(in_scope)
    ).one()

    services = _services_as_rows(session)
    names = service_names()
    by_service = [
        ServiceFigure(code, names.get(code, code), n, households)
        for code, n, households in session.exec(
            select(
                services.c.value, func.count(), func.count(func.distinct(HelpSession.household_id))
            )
            .select_from(HelpSession)
            .join(services, true())
            .where(in_scope)
            .group_by(services.c.value)
            .order_by(func.count().desc(), services.c.value)
        )
    ]

    month = _vietnam_month(session, HelpSession.occurred_at).label("month")
    per_month = {
        m: (n, h)
        for m, n, h in session.exec(
            select(month, func.count(), func.count(func.distinct(HelpSession.household_id)))
            .where(in_scope)
            .group_by(month)
        )
    }
    by_month = [MonthFigure(m, *per_month.get(m, (0, 0))) for m in chosen.months()]

    overdue = _overdue(scope, today)
    overdue_count = session.exec(select(func.count()).select_from(HelpSession).where(overdue)).one()
    lists = list_households and scope.level == ScopeLevel.TEAM
    listed = _overdue_list(session, overdue, today) if lists else []

    opens = qr_opens(session, scope, chosen)
    return Report(
        scope=ReportScope(scope.level, scope.id, scope.name),
        period_first=chosen.first,
        period_last=chosen.last,
        today=today,
        households_reached=reached,
        sessions=sessions,
        follow_ups_overdue=overdue_count,
        qr_opens_total=sum(o.opens for o in opens),
        by_service=by_service,
        by_village=_by_village(session, scope, in_scope),
        by_month=by_month,
        qr_opens=opens,
        lists_households=lists,
        overdue_households=listed,
    )


def _by_village(session: Session, scope: Scope, in_scope) -> list[VillageFigure]:
    """Every village of the scope's communes, those not reached yet included (with zeros)."""
    counts = {
        v: (n, h)
        for v, n, h in session.exec(
            select(
                Household.village_id,
                func.count(),
                func.count(func.distinct(HelpSession.household_id)),
            )
            .select_from(HelpSession)
            .join(Household, Household.id == HelpSession.household_id)
            .where(in_scope)
            .group_by(Household.village_id)
        )
    }
    commune = aliased(Area)
    villages = session.exec(
        select(Area.id, Area.name, commune.name)
        .join(commune, commune.id == Area.parent_id)
        .where(col(Area.parent_id).in_(scope.commune_ids), Area.level == AreaLevel.VILLAGE.value)
        .order_by(commune.name, Area.name, Area.id)
    )
    rows = [
        VillageFigure(v, name, commune_name, *counts.get(v, (0, 0)))
        for v, name, commune_name in villages
    ]
    return sorted(rows, key=lambda r: -r.sessions)


def _overdue(scope: Scope, today: date):
    """Which sessions mark an overdue follow-up: a household's latest session (by when it
    happened, then by id) that asked to come back before today."""
    later = aliased(HelpSession)
    newer_exists = exists().where(
        later.household_id == HelpSession.household_id,
        or_(
            later.occurred_at > HelpSession.occurred_at,
            and_(later.occurred_at == HelpSession.occurred_at, later.id > HelpSession.id),
        ),
    )
    return and_(
        col(HelpSession.team_id).in_(scope.team_ids),
        HelpSession.outcome == FOLLOW_UP,
        col(HelpSession.follow_up_on) < today,
        ~newer_exists,
    )


def _overdue_list(session: Session, overdue, today: date) -> list[OverdueFollowUp]:
    rows = session.exec(
        select(
            HelpSession.household_id,
            Household.head_name,
            Area.name,
            HelpSession.follow_up_on,
            HelpSession.note,
        )
        .join(Household, Household.id == HelpSession.household_id)
        .join(Area, Area.id == Household.village_id)
        .where(overdue)
        .order_by(HelpSession.follow_up_on, HelpSession.household_id)
    )
    return [
        OverdueFollowUp(household, head, village, due, (today - due).days, note)
        for household, head, village, due, note in rows
    ]


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
        select(QrOpen.guide_code.label("code"), QrOpen.count.label("opens")).where(
            online_commune, *in_period
        ),
        select(SharedOpen.guide_code.label("code"), SharedOpen.count.label("opens")).where(
            col(SharedOpen.commune_id).in_(scope.commune_ids),
            SharedOpen.day >= chosen.first,
            SharedOpen.day <= chosen.last,
        ),
    ).subquery()
    total = func.sum(opens.c.opens).label("total")
    rows = session.exec(
        select(
            opens.c.code,
            func.coalesce(func.max(Guide.data["title"].as_string()), literal("")),
            total,
        )
        .select_from(opens)
        .join(Guide, Guide.code == opens.c.code, isouter=True)
        .group_by(opens.c.code)
        .order_by(total.desc(), opens.c.code)
    )
    return [GuideOpens(code, title or code, int(count)) for code, title, count in rows]


def for_staff(
    session: Session,
    staff: StaffUser,
    team_id: int | None = None,
    commune_id: str | None = None,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
) -> Report:
    """The report a staff member asked for, within what they may see. The JSON API, the CSV
    export and the dashboard all come here."""
    today = today or today_local()
    scope = scope_for(session, staff, team_id, commune_id)
    mine = (
        staff.role == Role.TEAM_LEADER.value
        and scope.level == ScopeLevel.TEAM
        and staff.team_id == int(scope.id)
    )
    return build(session, scope, period(first, last, today), today, list_households=mine)
