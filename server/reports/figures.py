"""The figures staff see for their scope: households reached, sessions by service, village and
month, follow-ups overdue, QR opens by guide. The JSON API, the CSV export and the HTML
dashboard only show what `for_staff` (server.reports.staff) returns. Household names and notes
appear only in a team leader's own list of overdue follow-ups.

The SQL runs on SQLite and PostgreSQL alike; where the two differ (a JSON list into rows, a UTC
moment into a Vietnamese month) a small helper picks the dialect's form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import and_, case, func, or_, text, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from content.manifest import load_manifest
from server.core.db import any_of
from server.models import (
    Area,
    AreaLevel,
    ContentState,
    Guide,
    HelpSession,
    Household,
    QrOpen,
    ReportReach,
    ReportSharedOpen,
    Team,
)
from server.reports.scope import Period, Scope, ScopeLevel
from server.reports.summaries import ALL, covering


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
class ProvinceFigure:
    """A province beside the others, in the country's report."""

    province_id: str
    name: str
    sessions: int
    households: int
    follow_ups_overdue: int


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
    by_province: list[ProvinceFigure] = field(default_factory=list)  # the country's report only
    # Where the figures were read and how fresh (server.reports.freshness): live on the primary,
    # or on a replica as of the moment of the last change it had replayed; or made ahead
    # (server.reports.ahead, the country's) as of the moment they were read.
    replica: bool = False
    as_of: datetime | None = None
    made_ahead: bool = False
    # Names and notes: only for the team's own leader (`lists_households`); empty for others.
    lists_households: bool = False
    overdue_households: list[OverdueFollowUp] = field(default_factory=list)


def service_names(session: Session) -> dict[str, str]:
    """Service codes -> their Vietnamese names: of the content published last (so every
    instance names them alike), else of the content the server ships with."""
    state = session.get(ContentState, 1)
    published = {s["code"]: s["name"] for s in state.services} if state else {}
    return {**_shipped(), **published}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, str]:
    return {s["code"]: s["name"] for s in load_manifest().services}


def _month(session: Session, day):
    """A Vietnam day -> 'YYYY-MM'."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(day, "YYYY-MM")
    return func.strftime("%Y-%m", day)


def build(
    session: Session, scope: Scope, chosen: Period, today: date, list_households: bool = False
) -> Report:
    """Every figure of the report, read from the summaries the ingest keeps
    (server.reports.summaries): the period's whole quarters, months and parts and the days at
    its edges, so their cost grows with teams and days, not with sessions. Distinct households
    are counted exactly, as the OR of the rows' household bits. `list_households` adds the
    overdue households' names and notes: only for the leader of the team the report covers."""
    reach = ReportReach
    every = reach.service == ALL

    # Each team's rows OR-ed over the period, their bits counted and their sessions summed:
    # every session's rows by village, a service's rows over all villages. A household is in
    # one team and one village (the one it is in now), so the sums are exact.
    village_sessions: Counter = Counter()
    village_households: Counter = Counter()
    sessions_by_service: Counter = Counter()
    households_by_service: Counter = Counter()
    by_village_or_service = [
        case((every, reach.village_id), else_=""),
        case((every, ""), else_=reach.service),
    ]
    for village, service, households, n in _households_and_sessions(
        session,
        _in_pieces(session, scope, covering(chosen.first, chosen.last), by_village_or_service),
    ):
        if service == ALL:
            village_sessions[village] += n
            village_households[village] += households
        else:
            sessions_by_service[service] += n
            households_by_service[service] += households
    sessions, reached = sum(village_sessions.values()), sum(village_households.values())
    month_sessions: Counter = Counter()
    month_households: Counter = Counter()
    months = covering(chosen.first, chosen.last, quarters=False)
    for m, households, n in _households_and_sessions(
        session, _piece_by_piece(session, scope, months, [_month(session, reach.first_day)], every)
    ):
        month_sessions[m] += n
        month_households[m] += households

    names = service_names(session)
    by_service = sorted(
        (
            ServiceFigure(code, names.get(code, code), int(n), households_by_service[code])
            for code, n in sessions_by_service.items()
            if n
        ),
        key=lambda f: (-f.sessions, f.code),
    )
    by_month = [MonthFigure(m, month_sessions[m], month_households[m]) for m in chosen.months()]

    overdue = and_(
        any_of(session, Household.team_id, scope.team_ids),
        col(Household.follow_up_due) < today,
    )
    overdue_count = session.exec(select(func.count()).select_from(Household).where(overdue)).one()
    lists = list_households and scope.level == ScopeLevel.TEAM
    listed = _overdue_list(session, overdue, today) if lists else []

    country = scope.level == ScopeLevel.COUNTRY
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
        # The country's villages (some 63,600) are not listed: its provinces are.
        by_village=[]
        if country
        else _by_village(session, scope, village_sessions, village_households),
        by_month=by_month,
        qr_opens=opens,
        by_province=_by_province(session, village_sessions, village_households, today)
        if country
        else [],
        lists_households=lists,
        overdue_households=listed,
    )


def _in_pieces(session: Session, scope: Scope, pieces: list[tuple], keys: list):
    """The scope's rows that make up the period (`pieces`, from summaries.covering) as
    (team_id, chunk, key0..., households, sessions), read in one scan: PostgreSQL ORs each
    piece's index ranges into one bitmap and reads the table once."""
    teams = any_of(session, ReportReach.team_id, scope.team_ids)
    in_a_piece = or_(*(_in_piece(*piece) for piece in pieces))
    return _rows(keys).where(teams, in_a_piece).subquery()


def _piece_by_piece(session: Session, scope: Scope, pieces: list[tuple], keys: list, *where):
    """The same rows as `_in_pieces`, each piece its own SELECT: one index range a team, so
    the every-session rows come from their index alone, which holds what the figures by month
    read (migration 0012). As one scan they cost a table page each (they lie among the
    services' rows); the services' rows, most of a period's, read faster as one scan."""
    teams = any_of(session, ReportReach.team_id, scope.team_ids)  # one array, bound once
    return union_all(
        *(_rows(keys).where(teams, _in_piece(*piece), *where) for piece in pieces)
    ).subquery()


def _rows(keys: list):
    """report_reach's rows as the two readings above give them: team, chunk, the keys
    (key0...), households and sessions."""
    reach = ReportReach
    labelled = [k.label(f"key{i}") for i, k in enumerate(keys)]
    return select(reach.team_id, reach.chunk, *labelled, reach.households, reach.sessions)


def _in_piece(span: str, low: date, high: date):
    """The rows of one piece of summaries.covering: the span's, first days low..high."""
    reach = ReportReach
    return and_(reach.span == span, reach.first_day >= low, reach.first_day <= high)


def _households_and_sessions(session: Session, rows) -> list[tuple]:
    """Distinct households and sessions per key of `rows` (`_in_pieces`, `_piece_by_piece`),
    as rows of the keys' values, the households and the sessions: each team's chunks OR-ed
    over the rows and their bits counted, summed; the rows' sessions summed."""
    keys = [c for c in rows.c if c.name.startswith("key")]
    per_chunk = (
        select(
            *keys,
            func.bit_count(func.bit_or(rows.c.households)).label("households"),
            func.sum(rows.c.sessions).label("sessions"),
        )
        .group_by(rows.c.team_id, rows.c.chunk, *keys)
        .subquery()
    )
    grouped = [per_chunk.c[k.name] for k in keys]
    totals = session.exec(
        select(*grouped, func.sum(per_chunk.c.households), func.sum(per_chunk.c.sessions)).group_by(
            *grouped
        )
    ).all()
    return [(*r[:-2], int(r[-2] or 0), int(r[-1] or 0)) for r in totals]


def _by_village(
    session: Session, scope: Scope, sessions: dict[str, int], households: dict[str, int]
) -> list[VillageFigure]:
    """Every village of the scope's communes, those not reached yet included (with zeros)."""
    commune = aliased(Area)
    villages = session.exec(
        select(Area.id, Area.name, commune.name)
        .join(commune, commune.id == Area.parent_id)
        .where(
            any_of(session, Area.parent_id, scope.commune_ids),
            Area.level == AreaLevel.VILLAGE.value,
        )
        .order_by(commune.name, Area.name, Area.id)
    )
    rows = [
        VillageFigure(v, name, commune_name, sessions.get(v, 0), households.get(v, 0))
        for v, name, commune_name in villages
    ]
    return sorted(rows, key=lambda r: -r.sessions)


def _by_province(
    session: Session, sessions: dict[str, int], households: dict[str, int], today: date
) -> list[ProvinceFigure]:
    """Every province side by side (those without a session yet with zeros), summed from the
    villages' figures (a household is in one village, so its province's count stays exact)."""
    commune = aliased(Area)
    province_of = dict(
        session.exec(
            select(Area.id, commune.parent_id)
            .join(commune, commune.id == Area.parent_id)
            .where(Area.level == AreaLevel.VILLAGE.value)
        ).all()
    )
    per_sessions: Counter = Counter()
    per_households: Counter = Counter()
    for village, n in sessions.items():
        per_sessions[province_of.get(village)] += n
    for village, n in households.items():
        per_households[province_of.get(village)] += n
    overdue = dict(
        session.exec(
            select(commune.parent_id, func.count())
            .select_from(Household)
            .join(Team, Team.id == Household.team_id)
            .join(commune, commune.id == Team.commune_id)
            .where(col(Household.follow_up_due) < today)
            .group_by(commune.parent_id)
        ).all()
    )
    provinces = session.exec(
        select(Area.id, Area.name)
        .where(Area.level == AreaLevel.PROVINCE.value)
        .order_by(Area.name, Area.id)
    )
    return [
        ProvinceFigure(p, name, per_sessions[p], per_households[p], overdue.get(p, 0))
        for p, name in provinces
    ]


def _overdue_list(session: Session, overdue, today: date) -> list[OverdueFollowUp]:
    rows = session.exec(
        select(
            Household.id,
            Household.head_name,
            Area.name,
            Household.follow_up_due,
            HelpSession.note,
        )
        .join(HelpSession, HelpSession.id == Household.latest_session_id)
        .join(Area, Area.id == Household.village_id)
        .where(overdue)
        .order_by(Household.follow_up_due, Household.id)
    )
    return [
        OverdueFollowUp(household, head, village, due, (today - due).days, note)
        for household, head, village, due, note in rows
    ]


def qr_opens(session: Session, scope: Scope, chosen: Period) -> list[GuideOpens]:
    """Opens of guide pages by guide, in the scope's communes: those of the public pages (from
    a QR's link; a province's report also counts QRs that carry no commune) and those a
    device's own guide server counted offline and pushed (the commune of the device's team,
    summed per commune and day by the ingest). The one place reports read guide opens."""
    communes = scope.commune_ids
    if scope.level in {ScopeLevel.PROVINCE, ScopeLevel.COUNTRY}:
        communes = (*communes, "")
    opens = union_all(
        select(QrOpen.guide_code.label("code"), QrOpen.count.label("opens")).where(
            any_of(session, QrOpen.commune_id, communes),
            QrOpen.day >= chosen.first,
            QrOpen.day <= chosen.last,
        ),
        select(
            ReportSharedOpen.guide_code.label("code"), ReportSharedOpen.count.label("opens")
        ).where(
            any_of(session, ReportSharedOpen.commune_id, scope.commune_ids),
            ReportSharedOpen.day >= chosen.first,
            ReportSharedOpen.day <= chosen.last,
        ),
    ).subquery()
    total = func.sum(opens.c.opens).label("total")
    counts = session.exec(select(opens.c.code, total).group_by(opens.c.code)).all()
    titles = dict(
        session.exec(
            select(Guide.code, Guide.data["title"].as_string()).where(
                any_of(session, Guide.code, tuple(code for code, _ in counts))
            )
        ).all()
        if counts
        else []
    )
    rows = sorted(((code, int(n)) for code, n in counts if n), key=lambda r: (-r[1], r[0]))
    return [GuideOpens(code, titles.get(code) or code, n) for code, n in rows]


def tune(session: Session) -> None:
    """A report's transaction on PostgreSQL: room to OR a province's household bits in memory
    (a province's year groups into ~50,000 rows of 64 bytes; at 64 MB the planner still sorts
    them on disk), no JIT compiling of its short queries, and a plan made for each scope's
    own teams and days: psycopg prepares a statement from its 6th run, and PostgreSQL's
    generic plan for it read a province's year 60 % slower from then on. No parallel workers:
    for the figures by month the planner chose them, and they took 120 ms instead of 70.
    Hash tables get 8 x work_mem (1 GB) before the planner turns to sorting: it guesses the
    groups of the households' OR at 4.7 x their number (752,048 against 159,084 for three
    provinces' 365 days), and past 256 MB it sorted them through 187 MB of temp files: the
    national report took 2.7 s instead of 1.7 s (82 MB of hash table in fact)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '128MB'"))
        session.execute(text("SET LOCAL hash_mem_multiplier = 8"))
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
