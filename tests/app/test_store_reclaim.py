"""The device store gives space back after a sync that freed much of it (a cheap phone's storage
is small): the write-ahead log is folded back and cut short, and a file mostly made of free
pages is vacuumed; a store with little free space is left as it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from support import demo

from app.db import Store
from app.services import pulled, sync_state
from wire import hlc
from wire.api import PullResponse
from wire.records import HelpSessionPayload, HouseholdClocks, HouseholdPayload


def _page(households: int, sessions_each: int) -> PullResponse:
    at = datetime.now(UTC) - timedelta(days=30)
    stamp = str(hlc.Timestamp(int(at.timestamp() * 1000), 0, "0000000b"))
    held = [
        HouseholdPayload(
            id=f"0190{n:04x}-0000-7000-8000-{n:012x}",
            village_id=demo.VILLAGES[n % 3].id,
            head_name=f"Hộ số {n}",
            phone=None,
            consent_at=at,
            updated_at=at,
            clocks=HouseholdClocks(head_name=stamp, village_id=stamp, phone=stamp),
        )
        for n in range(households)
    ]
    visits = [
        HelpSessionPayload(
            id=f"0191{n:04x}-0000-7000-8000-{n:012x}",
            household_id=held[n % households].id,
            occurred_at=at,
            services=["vneid_muc_2"],
            guides=[],
            outcome="done_online",
            follow_up_on=None,
            minutes=10,
            note="Đã hướng dẫn cài VNeID " * 8,
            updated_at=at,
            clock=stamp,
        )
        for n in range(households * sessions_each)
    ]
    return PullResponse(
        cursor="1.1.1",
        more=False,
        guides=[],
        media=[],
        areas=[],
        households=held,
        help_sessions=visits,
        erased_households=[],
    )


def test_a_store_that_freed_much_space_gives_it_back(store: Store) -> None:
    pulled.apply(store, _page(1000, 8))
    full = store.size()
    sync_state.left_team(store)  # every household and session leaves the phone
    given = store.reclaim()
    assert given > 0 and store.size() < full / 2
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0


def test_a_store_with_little_free_space_is_not_vacuumed(store: Store) -> None:
    pulled.apply(store, _page(300, 4))
    store.reclaim()
    with store.engine.begin() as conn:  # a few sessions go: a little free space, not worth a VACUUM
        conn.exec_driver_sql("DELETE FROM help_sessions WHERE rowid <= 60")
    store.reclaim()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() > 0
