"""The country's report made ahead. At the country's size (some 74,000 teams) reading every
team's rows takes tens of seconds, too long for the ministry to wait on each view; so a timer
(`python -m server admin make-reports`, deploy/cnscd-reports.timer) makes the country's report
every few minutes for the periods the ministry opens, the default one and the 365 days to
today, and `read` serves it with the moment its figures are as of. Any other period, and every
narrower scope, is built when asked, as before. Only figures are kept: the country's report
lists no household."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from server.core.db import session_scope
from server.models import NationalReport
from server.reports.figures import Report, build, tune
from server.reports.freshness import freshness
from server.reports.scope import Period, country_scope, default_period
from wire.clock import as_utc, today_local, utcnow

EVERY = timedelta(minutes=5)  # how often the timer makes them (deploy/cnscd-reports.timer)
SERVED_FOR = timedelta(minutes=30)  # older than this, a report is built when asked again
MAKING_LOCK = 0x434E5352  # "CNSR": the advisory lock of the one process making them
_REPORT = TypeAdapter(Report)


def periods(today: date) -> list[Period]:
    """The periods the ministry opens: the default one, and the 365 days to today."""
    return [default_period(today), Period(today - timedelta(days=364), today)]


def make(engine: Engine, reading: Engine, now: datetime | None = None) -> list[Period]:
    """Makes the country's report of each period in `periods`, read on `reading` (a replica
    when there is one) and kept on `engine` (the primary); answers the periods it made. One
    process at a time makes them (several machines each run the timer): on PostgreSQL the
    others find the lock taken and leave. A report made less than EVERY / 2 ago is not made
    again, so two machines' timers do not make each one twice."""
    now = now or utcnow()
    today = today_local(now)
    with session_scope(engine) as session:
        if not _lock(session):
            return []
        made = {
            (r.period_first, r.period_last): as_utc(r.as_of)
            for r in session.exec(select(NationalReport).where(NationalReport.today == today))
        }
        due = [p for p in periods(today) if _due(made.get((p.first, p.last)), now)]
        for chosen in due:
            report = _built(reading, chosen, today)
            session.merge(
                NationalReport(
                    today=today,
                    period_first=chosen.first,
                    period_last=chosen.last,
                    as_of=report.as_of,
                    report=_REPORT.dump_python(report, mode="json"),
                )
            )
        session.execute(delete(NationalReport).where(col(NationalReport.today) < today))
    return due


def _due(made_at: datetime | None, now: datetime) -> bool:
    return made_at is None or made_at <= now - EVERY / 2


def _lock(session: Session) -> bool:
    """The making lock for this transaction; False when another process holds it. SQLite's
    write lock, taken when the transaction begins, orders one machine's processes."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    taken = session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": MAKING_LOCK})
    return bool(taken.scalar_one())


def _built(reading: Engine, chosen: Period, today: date) -> Report:
    """The country's report of `chosen`, as of the moment it was read: on the primary when
    its reading began, on a replica the last change it had replayed."""
    began = utcnow()
    with session_scope(reading) as session:
        tune(session)
        report = build(session, country_scope(session), chosen, today)
        fresh = freshness(session)
    # A replica that has replayed nothing yet holds its base backup: its age is unknown, and
    # the moment of reading is the best there is.
    as_of = fresh.as_of or began  # None on the primary
    return replace(report, as_of=as_of, made_ahead=True)


def read(
    session: Session, chosen: Period, today: date, now: datetime | None = None
) -> Report | None:
    """The country's report of `chosen` made ahead for `today`, if one was made in the last
    SERVED_FOR and still of the report's shape; else None (the caller builds it)."""
    row = session.get(NationalReport, (today, chosen.first, chosen.last))
    if row is None or as_utc(row.as_of) < (now or utcnow()) - SERVED_FOR:
        return None
    try:
        return _REPORT.validate_python(row.report)
    except ValidationError:  # made by an older release, before the report changed shape
        return None
