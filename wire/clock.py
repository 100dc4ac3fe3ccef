"""Time: stored in UTC (aware datetimes), shown in Asia/Ho_Chi_Minh. The calendar day of a
figure, a follow-up or a guide's opens is Vietnam's, on the devices and the server alike."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VIETNAM)


def today_local(now: datetime | None = None) -> date:
    """The calendar day in Vietnam: what 'today' means to a volunteer."""
    return local(now or utcnow()).date()


def show_datetime(moment: datetime) -> str:
    return local(moment).strftime("%H:%M %d/%m/%Y")


def show_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")
