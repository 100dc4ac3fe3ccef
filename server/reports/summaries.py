"""The summaries the reports read, kept by the ingest in the push's own transaction, so a
figure's cost grows with teams and days, not with every session ever recorded:

- `report_reach`: per team x span (a Vietnam day, a part of a month, a month, a quarter) x
  village x service ('' = every session) x chunk of the team's households: the households with
  a session there, one bit per household (server.core.bitset), so distinct households over any
  period stay exact, and their sessions; a period is its whole quarters, months and parts, and
  the days at its edges;
- on each household: its latest session and the follow-up day it asked for;
- `report_shared_opens`: devices' counts of guide opens per commune x day x guide.

The rule that keeps them exact through edits, duplicates, late records and erasures: read what
the summaries count of the touched rows before the write and after it, and add the difference.
A household's bit is set when the difference adds a session to its span, and looked at again
(from its sessions) when the difference takes one away. A retried batch changes nothing, so it
adds nothing.

`count_teams` fills them from the sessions held, with the same code: the migration that last
changed their shape (0011) runs it, and so does bench/reports_scale.py's build, through 0011."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Table, and_, bindparam, case, delete, func, update
from sqlmodel import Session, col, select

from server.core import bitset
from server.core.db import any_of, dialect_insert
from server.models import (
    HelpSession,
    Household,
    ReportReach,
    ReportSharedOpen,
    SharedOpen,
)
from wire.clock import VIETNAM, as_utc

ALL = ""  # the service of the rows that count every session once
FOLLOW_UP = "follow_up"
# The spans of the summary rows: a Vietnam day, a part of a month (days 1-8, 9-16, 17-24 and
# 25 to its end), a month and a quarter. A period is read as its whole quarters, then months,
# parts and days: at most 3 parts and 7 days at each end instead of up to 30 days, and a year in
# 4 quarters instead of 12 months. A team's row count hardly depends on a span's length (its
# ~26 services are all named within a week), so a report's cost goes with the pieces it reads.
DAY, PART, MONTH, QUARTER = "d", "p", "m", "q"
_REACH_KEYS = ["team_id", "span", "first_day", "village_id", "service", "chunk"]


def vietnam_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(VIETNAM).date()


@lru_cache(maxsize=4096)  # a fill asks it of every session, and a year has 365 days
def spans(day: date) -> tuple[tuple[str, date], ...]:
    """The summary rows' spans a Vietnam day counts in, each with its first day."""
    return (
        (DAY, day),
        (PART, _part_start(day)),
        (MONTH, day.replace(day=1)),
        (QUARTER, _quarter_start(day)),
    )


def covering(first: date, last: date, quarters: bool = True) -> list[tuple[str, date, date]]:
    """The summary rows that make up the days first..last exactly: (span, from, to) of their
    first days, each span the largest that fits where it starts; no quarters if not
    `quarters` (the figures by month)."""
    pieces: list[list] = []
    day = first
    while day <= last:
        if (
            quarters
            and day == _quarter_start(day)
            and _next_quarter(day) - timedelta(days=1) <= last
        ):
            span, after = QUARTER, _next_quarter(day)
        elif day.day == 1 and _next_month(day) - timedelta(days=1) <= last:
            span, after = MONTH, _next_month(day)
        elif day == _part_start(day) and _part_end(day) <= last:
            span, after = PART, _part_end(day) + timedelta(days=1)
        else:
            span, after = DAY, day + timedelta(days=1)
        if pieces and pieces[-1][0] == span:
            pieces[-1][2] = day
        else:
            pieces.append([span, day, day])
        day = after
    return [tuple(piece) for piece in pieces]


def _part_start(day: date) -> date:
    return day.replace(day=1 + (day.day - 1) // 8 * 8)


def _part_end(start: date) -> date:
    if start.day < 25:
        return start + timedelta(days=7)
    return _next_month(start) - timedelta(days=1)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _quarter_start(day: date) -> date:
    return date(day.year, 1 + (day.month - 1) // 3 * 3, 1)


def _next_quarter(start: date) -> date:
    return _next_month(_next_month(_next_month(start)))


@dataclass(frozen=True)
class Counted:
    """A help session as the summaries count it."""

    team_id: int
    household_id: str
    reach_index: int  # the household's number within its team
    village_id: str
    day: date
    services: tuple[str, ...]

    def rows(self) -> Iterable[tuple]:
        """Its (team, span, first day, village, service) rows: each service once."""
        services = (ALL, *sorted(set(self.services)))
        for span, first in spans(self.day):
            for service in services:
                yield (self.team_id, span, first, self.village_id, service)


def counted_sessions(
    session: Session, ids: Iterable[str] = (), households: Iterable[str] = ()
) -> dict[str, Counted]:
    """The sessions with these ids, or of these households, as the summaries count them (in
    the village their household is in now)."""
    ids, households = sorted(set(ids)), sorted(set(households))
    if not ids and not households:
        return {}
    which = (
        any_of(session, HelpSession.id, ids)
        if ids
        else any_of(session, HelpSession.household_id, households)
    )
    rows = session.exec(
        select(
            HelpSession.id,
            HelpSession.team_id,
            HelpSession.household_id,
            Household.reach_index,
            Household.village_id,
            HelpSession.occurred_at,
            HelpSession.services,
        )
        .join(Household, Household.id == HelpSession.household_id)
        .where(which)
    )
    return {
        sid: Counted(team, household, index, village, vietnam_day(at), tuple(services))
        for sid, team, household, index, village, at, services in rows
    }


@dataclass
class Deltas:
    """Changes to add to the summaries, applied together by `apply`."""

    reach: Counter = field(default_factory=Counter)  # (team, span, day, village, service,
    # household, reach index)
    sessions: Counter = field(default_factory=Counter)  # (team, span, day, village, service,
    # chunk): a report_reach row
    follow_ups: set[str] = field(default_factory=set)  # households to find the latest of again

    def count(self, c: Counted, sign: int) -> None:
        self.follow_ups.add(c.household_id)
        for key in c.rows():
            self.reach[(*key, c.household_id, c.reach_index)] += sign
        chunk, _bit = bitset.place(c.reach_index)
        for span, first in spans(c.day):
            self.sessions[(c.team_id, span, first, c.village_id, ALL, chunk)] += sign
            for service in c.services:  # a service counts each time a session names it
                self.sessions[(c.team_id, span, first, c.village_id, service, chunk)] += sign

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
    _reach(session, deltas.reach, deltas.sessions)
    if deltas.follow_ups:
        follow_ups(session, sorted(deltas.follow_ups))


def _reach(session: Session, changes: Counter, sessions: Counter) -> None:
    """Add the rows' sessions and set the bits of households a span gained a session of; for
    those it lost one of, clear the bit unless another of the household's sessions still counts
    there. A row whose last household went is deleted (its sessions are then 0)."""
    gained = [k for k, n in changes.items() if n > 0]
    lost = [k for k, n in changes.items() if n < 0]
    if lost:
        still = {
            (*key, c.household_id, c.reach_index)
            for c in counted_sessions(session, households={k[5] for k in lost}).values()
            for key in c.rows()
        }
        lost = [k for k in lost if k not in still]
    cleared, added = sorted(_masks(lost).items()), _masks(gained)
    table = ReportReach.__table__
    touched = sorted({*added, *(key for key, n in sessions.items() if n)})
    if touched:
        statement = dialect_insert(session, table)
        statement = statement.on_conflict_do_update(
            index_elements=_REACH_KEYS,
            set_={
                "households": func.bitor(table.c.households, statement.excluded.households),
                "sessions": table.c.sessions + statement.excluded.sessions,
            },
        )
        session.execute(
            statement,
            [
                {
                    **dict(zip(_REACH_KEYS, key, strict=True)),
                    "households": added.get(key, 0),
                    "sessions": sessions[key],
                }
                for key in touched
            ],
        )
    if cleared:
        where = and_(*(table.c[k] == bindparam(f"k_{k}") for k in _REACH_KEYS))
        keep = bindparam("keep", type_=bitset.Households())
        rows = [
            {
                **{f"k_{k}": v for k, v in zip(_REACH_KEYS, key, strict=True)},
                "keep": bitset.FULL ^ mask,
            }
            for key, mask in cleared
        ]
        session.execute(
            update(table).where(where).values(households=func.bitand(table.c.households, keep)),
            rows,
        )
        session.execute(delete(table).where(where, func.bit_count(table.c.households) == 0), rows)


def _masks(keys: list[tuple]) -> dict[tuple, int]:
    """(row key..., household, reach index) -> {row key + chunk: the households' bits}."""
    masks: Counter = Counter()
    for *key, _household, index in keys:
        chunk, bit = bitset.place(index)
        masks[(*key, chunk)] |= 1 << bit
    return masks


def follow_ups(session: Session, household_ids: list[str]) -> None:
    """Each household's latest session (by when it happened, then by id) and the follow-up day
    it asked for, found again from its sessions: one statement."""

    def latest(column):
        return (
            select(column)
            .where(HelpSession.household_id == Household.id)
            .order_by(col(HelpSession.occurred_at).desc(), col(HelpSession.id).desc())
            .limit(1)
            .scalar_subquery()
        )

    due = case((HelpSession.outcome == FOLLOW_UP, HelpSession.follow_up_on), else_=None)
    session.exec(
        update(Household)
        .where(any_of(session, Household.id, household_ids))
        .values(latest_session_id=latest(HelpSession.id), follow_up_due=latest(due))
    )


def shared_opens(session: Session, ids: list[str]) -> Counter:
    """The devices' counts of guide opens with these ids, per (commune, day, guide)."""
    counts: Counter = Counter()
    if ids:
        for commune, day, guide, n in session.exec(
            select(
                SharedOpen.commune_id, SharedOpen.day, SharedOpen.guide_code, SharedOpen.count
            ).where(any_of(session, SharedOpen.id, ids))
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
    statement = dialect_insert(session, table)
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


TEAMS_AT_ONCE = 50  # the teams a fill gives count_teams at a time


def count_teams(session: Session, team_ids: list[int]) -> None:
    """Count every session held of these teams into the summaries, which hold none of theirs
    yet, as the ingest would have (their households' latest sessions found again too). A few
    dozen teams at a time keeps a province's fill within memory: their rows are theirs alone."""
    households = session.exec(
        select(Household.id).where(any_of(session, Household.team_id, team_ids))
    )
    deltas = Deltas()
    deltas.between({}, counted_sessions(session, households=households.all()))
    apply(session, deltas)
