"""The volunteer's own figures: only the sessions recorded on this device count (those pulled
from teammates' devices have recorded_here False)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlmodel import col, func, select

from app.db import Store
from app.i18n import pick
from app.models import HelpSession, Service
from app.services import households
from wire.clock import VIETNAM, local, today_local, utcnow


@dataclass(frozen=True)
class DayCount:
    day: date
    sessions: int


@dataclass(frozen=True)
class Figures:
    households_reached: int
    sessions_this_week: int
    sessions_this_month: int
    follow_ups_due: int
    top_services: list[tuple[str, int]]  # (service name, sessions), most asked first
    last_14_days: list[DayCount]


def _start_utc(day: date) -> datetime:
    """Midnight of a Vietnamese calendar day, in UTC."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM).astimezone(UTC)


def figures(store: Store, now: datetime | None = None, language: str = "vi") -> Figures:
    now = now or utcnow()
    today = today_local(now)
    week_start = today - timedelta(days=today.weekday())  # weeks start on Monday
    month_start = today.replace(day=1)
    first_day = today - timedelta(days=13)
    mine = col(HelpSession.recorded_here).is_(True)
    with store.session() as session:
        reached = session.exec(
            select(func.count(func.distinct(HelpSession.household_id))).where(mine)
        ).one()
        recent = list(
            session.exec(
                select(HelpSession.occurred_at, HelpSession.services).where(
                    mine, HelpSession.occurred_at >= _start_utc(min(month_start, first_day))
                )
            )
        )
        all_services = session.exec(select(HelpSession.services).where(mine)).all()
        names = {s.code: pick(language, s.name, s.name_en) for s in session.exec(select(Service))}
    local_days = [local(occurred).date() for occurred, _ in recent]
    per_day = Counter(local_days)
    counts = Counter(code for services in all_services for code in services)
    return Figures(
        households_reached=reached,
        sessions_this_week=sum(1 for d in local_days if d >= week_start),
        sessions_this_month=sum(1 for d in local_days if d >= month_start),
        follow_ups_due=len(households.follow_ups(store, today, mine=True)),
        top_services=[(names.get(code, code), n) for code, n in counts.most_common(5)],
        last_14_days=[
            DayCount(first_day + timedelta(days=i), per_day[first_day + timedelta(days=i)])
            for i in range(14)
        ],
    )


def frequent_services(store: Store, limit: int = 8, days: int = 90) -> list[str]:
    """Codes of the services this device recorded most in the last `days`, most first: the
    record form offers them before the rest."""
    sql = text(
        "SELECT item.value, COUNT(*) AS n FROM help_sessions, json_each(help_sessions.services) AS item "
        "WHERE help_sessions.recorded_here AND help_sessions.occurred_at >= :since "
        "GROUP BY item.value ORDER BY n DESC, item.value LIMIT :limit"
    )
    since = (
        (utcnow() - timedelta(days=days)).replace(tzinfo=None).isoformat(sep=" ")
    )  # as stored: naive UTC
    with store.session() as session:
        return [code for code, _ in session.execute(sql, {"since": since, "limit": limit}).all()]
