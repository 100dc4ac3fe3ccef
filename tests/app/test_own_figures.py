"""My figures count the volunteer's own sessions only: sessions pulled from teammates' devices
show in a household's history and decide its follow-up, but are not this volunteer's work.
And the follow-ups list is read in one query, whatever its length."""

from __future__ import annotations

from datetime import timedelta

from devicetest import add_household, ago, session_input
from sqlalchemy import event

from app.db import Store
from app.ids import uuid7
from app.services import households, pulled, sessions, stats
from wire.api import PullResponse
from wire.clock import today_local, utcnow
from wire.hlc import CLOCKED, Timestamp, wall_millis
from wire.records import HelpSessionPayload, HouseholdPayload


def _teammates(
    store: Store, *visits: HelpSessionPayload, households_: list[HouseholdPayload] = ()
) -> None:
    """What a pull brings from the team's other devices."""
    pulled.apply(
        store,
        PullResponse(
            cursor="1",
            more=False,
            guides=[],
            media=[],
            areas=[],
            households=list(households_),
            help_sessions=list(visits),
            erased_households=[],
        ),
    )


def _visit(
    household_id: str, days_ago: float, services: list[str], **changes: object
) -> HelpSessionPayload:
    moment = ago(days=days_ago)
    fields: dict = {
        "id": uuid7(),
        "household_id": household_id,
        "occurred_at": moment,
        "services": services,
        "guides": [],
        "outcome": "done_online",
        "follow_up_on": None,
        "minutes": 20,
        "note": "",
        "updated_at": moment,
    }
    fields.update(changes)
    return HelpSessionPayload(**fields)


def _their_household(name: str) -> HouseholdPayload:
    from support import demo

    now = utcnow()
    stamp = str(Timestamp(wall_millis(), 0, "0000000b"))
    return HouseholdPayload(
        id=uuid7(),
        village_id=demo.VILLAGES[2].id,
        head_name=name,
        phone=None,
        consent_at=now,
        updated_at=now,
        clocks=dict.fromkeys(CLOCKED, stamp),
    )


def test_sessions_pulled_from_teammates_are_not_my_figures(store: Store) -> None:
    mine = add_household(store, "Nguyễn Văn An")
    sessions.record(
        store, session_input(mine.id, services=["vneid_muc_2"], occurred_at=ago(hours=2))
    )
    theirs = _their_household("Lò Thị Mai")
    _teammates(
        store,
        _visit(
            theirs.id,
            0.1,
            ["thuong_tru", "khai_sinh"],
            outcome="follow_up",
            follow_up_on=today_local(),
        ),
        _visit(mine.id, 0.05, ["thuong_tru"]),  # a teammate visited my household later
        households_=[theirs],
    )

    figures = stats.figures(store)
    assert figures.households_reached == 1
    assert sum(day.sessions for day in figures.last_14_days) == 1
    assert figures.sessions_this_month == 1
    assert [name for name, _ in figures.top_services] == ["Kích hoạt tài khoản VNeID mức 2"]
    assert figures.follow_ups_due == 0  # the follow-up is the teammate's
    assert stats.frequent_services(store) == ["vneid_muc_2"]
    assert [s.household_id for s in sessions.recent(store)] == [mine.id]
    # The households screen still shows the team's follow-up due today.
    assert [f.household.head_name for f in households.follow_ups(store)] == ["Lò Thị Mai"]


def test_my_follow_up_counts_until_a_teammates_later_visit_settles_it(store: Store) -> None:
    household = add_household(store, "Trần Thị Bình")
    sessions.record(
        store,
        session_input(
            household.id, outcome="follow_up", follow_up_on=today_local(), occurred_at=ago(days=3)
        ),
    )
    assert stats.figures(store).follow_ups_due == 1
    _teammates(store, _visit(household.id, 1, ["thuong_tru"]))
    assert stats.figures(store).follow_ups_due == 0 and households.follow_ups(store) == []


def test_the_follow_ups_are_read_in_one_query(store: Store) -> None:
    for number in range(12):
        household = add_household(store, f"Hộ số {number}")
        sessions.record(
            store,
            session_input(
                household.id,
                outcome="follow_up",
                follow_up_on=today_local() + timedelta(days=number % 3),
                occurred_at=ago(days=1),
            ),
        )
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        due = households.follow_ups(store, until=today_local() + timedelta(days=1))
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert len(due) == 8 and len(statements) == 1
    assert [f.due_on for f in due] == sorted(f.due_on for f in due)
    assert all(f.household.head_name.startswith("Hộ số ") for f in due)
