"""The summaries the reports read, kept by the ingest in the push's own transaction, so a
figure's cost grows with teams and days, not with every session ever recorded:

- `report_days`: sessions per team x Vietnam day x village x service ('' = every session);
- `report_household_days`: sessions per team x service x day x household, so distinct
  households over any period stay exact;
- on each household: its latest session and the follow-up day it asked for;
- `report_shared_opens`: devices' counts of guide opens per commune x day x guide.

The rule that keeps them exact through edits, duplicates, late records and erasures: read what
the summaries count of the touched rows before the write and after it, and add the difference.
A retried batch changes nothing, so it adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Table, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from server.models import (
    HelpSession,
    Household,
    ReportDay,
    ReportHouseholdDay,
    ReportSharedOpen,
    SharedOpen,
)
from wire.clock import VIETNAM, as_utc

ALL = ""  # the service of the rows that count every session once
FOLLOW_UP = "follow_up"


def vietnam_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(VIETNAM).date()


@dataclass(frozen=True)
class Counted:
    """A help session as the summaries count it."""

    team_id: int
    household_id: str
    village_id: str
    day: date
    services: tuple[str, ...]


def counted_sessions(
    session: Session, ids: Iterable[str] = (), households: Iterable[str] = ()
) -> dict[str, Counted]:
    """The sessions with these ids, or of these households, as the summaries count them (in
    the village their household is in now)."""
    ids, households = sorted(set(ids)), sorted(set(households))
    if not ids and not households:
        return {}
    which = col(HelpSession.id).in_(ids) if ids else col(HelpSession.household_id).in_(households)
    rows = session.exec(
        select(
            HelpSession.id,
            HelpSession.team_id,
            HelpSession.household_id,
            Household.village_id,
            HelpSession.occurred_at,
            HelpSession.services,
        )
        .join(Household, Household.id == HelpSession.household_id)
        .where(which)
    )
    return {
        sid: Counted(team, household, village, vietnam_day(at), tuple(services))
        for sid, team, household, village, at, services in rows
    }


@dataclass
class Deltas:
    """Changes to add to the summaries, applied together by `apply`."""

    days: Counter = field(default_factory=Counter)  # (team, day, village, service) -> sessions
    households: Counter = field(default_factory=Counter)  # (team, service, day, household)
    follow_ups: set[str] = field(default_factory=set)  # households to find the latest of again

    def count(self, c: Counted, sign: int) -> None:
        self.follow_ups.add(c.household_id)
        self.days[(c.team_id, c.day, c.village_id, ALL)] += sign
        self.households[(c.team_id, ALL, c.day, c.household_id)] += sign
        for service in c.services:
            self.days[(c.team_id, c.day, c.village_id, service)] += sign
        for service in set(c.services):
            self.households[(c.team_id, service, c.day, c.household_id)] += sign

    def between(self, before: dict[str, Counted], after: dict[str, Counted]) -> None:
        """What changed from `before` to `after` (the same ids, read around a write)."""
        for sid in before.keys() | after.keys():
            old, new = before.get(sid), after.get(sid)
            if old == new:
                continue
            if old is not None:
                self.count(old, -1)
            if new is not None:
                self.count(new, +1)


def apply(session: Session, deltas: Deltas) -> None:
    """Add the changes to the summary tables and find the touched households' latest session
    again. Rows are written in key order, so concurrent pushes take locks in one order."""
    days = sorted((k, n) for k, n in deltas.days.items() if n)
    if days:
        _add(
            session,
            ReportDay.__table__,
            ["team_id", "day", "village_id", "service"],
            "sessions",
            days,
        )
    households = sorted((k, n) for k, n in deltas.households.items() if n)
    if households:
        _add(
            session,
            ReportHouseholdDay.__table__,
            ["team_id", "service", "day", "household_id"],
            "sessions",
            households,
        )
        if any(n < 0 for _, n in households):  # only a decrease can leave a row at 0
            session.exec(
                delete(ReportHouseholdDay).where(
                    col(ReportHouseholdDay.household_id).in_(
                        sorted({k[3] for k, n in households if n < 0})
                    ),
                    ReportHouseholdDay.sessions == 0,
                )
            )
    if deltas.follow_ups:
        follow_ups(session, sorted(deltas.follow_ups))


def follow_ups(session: Session, household_ids: list[str]) -> None:
    """Each household's latest session (by when it happened, then by id) and the follow-up day
    it asked for, found again from its sessions."""
    latest = (
        select(HelpSession.id)
        .where(HelpSession.household_id == Household.id)
        .order_by(col(HelpSession.occurred_at).desc(), col(HelpSession.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    which = col(Household.id).in_(household_ids)
    session.exec(update(Household).where(which).values(latest_session_id=latest))
    due = (
        select(HelpSession.follow_up_on)
        .where(HelpSession.id == Household.latest_session_id, HelpSession.outcome == FOLLOW_UP)
        .scalar_subquery()
    )
    session.exec(update(Household).where(which).values(follow_up_due=due))


def shared_opens(session: Session, ids: list[str]) -> Counter:
    """The devices' counts of guide opens with these ids, per (commune, day, guide)."""
    counts: Counter = Counter()
    if ids:
        for commune, day, guide, n in session.exec(
            select(
                SharedOpen.commune_id, SharedOpen.day, SharedOpen.guide_code, SharedOpen.count
            ).where(col(SharedOpen.id).in_(ids))
        ):
            counts[(commune, day, guide)] += n
    return counts


def add_shared_opens(session: Session, before: Counter, after: Counter) -> None:
    changes = sorted((k, after[k] - before[k]) for k in before.keys() | after.keys())
    changes = [(k, n) for k, n in changes if n]
    if changes:
        _add(
            session,
            ReportSharedOpen.__table__,
            ["commune_id", "day", "guide_code"],
            "count",
            changes,
        )


def _add(session: Session, table: Table, keys: list[str], measure: str, rows: list) -> None:
    postgres = session.get_bind().dialect.name == "postgresql"
    statement = (pg_insert if postgres else sqlite_insert)(table)
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={measure: table.c[measure] + statement.excluded[measure]},
    )
    session.execute(
        statement, [{**dict(zip(keys, key, strict=True)), measure: n} for key, n in rows]
    )


def count_written(session: Session, session_ids: list[str]) -> None:
    """Count sessions written outside a push (an operator's repair, a test's own rows) into
    the summaries, as the ingest would have."""
    deltas = Deltas()
    deltas.between({}, counted_sessions(session, ids=session_ids))
    apply(session, deltas)
