"""Households: consent, a valid mobile number, a name, a real village; diacritic-blind
search; follow-ups due; history; erasure on request."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from devicetest import OTHER_VILLAGE, VILLAGE, add_household, ago, rejected, session_input
from sqlmodel import select
from support import demo

from app.db import Store
from app.errors import NotFound
from app.models import HelpSession, Household, OutboxEntry
from app.services import households, outbox, sessions, settings
from app.services.households import HouseholdInput
from wire.clock import today_local


def outbox_rows(store: Store) -> list[OutboxEntry]:
    with store.session() as session:
        return list(session.exec(select(OutboxEntry).order_by(OutboxEntry.id)))


def household_count(store: Store) -> int:
    with store.session() as session:
        return len(session.exec(select(Household)).all())


def test_create_keeps_the_household_and_queues_it(store: Store) -> None:
    made = households.create(
        store, HouseholdInput("  Nguyễn   Thị  Hồng ", VILLAGE, "0912 345 678", consent=True)
    )
    kept = households.get(store, made.id)
    assert (kept.head_name, kept.village_id, kept.phone) == (
        "Nguyễn Thị Hồng",
        VILLAGE,
        "0912345678",
    )
    assert kept.search_key == "nguyen thi hong"
    assert kept.consent_at is not None
    [entry] = outbox_rows(store)
    assert (entry.record_type, entry.record_id, entry.version) == ("household", made.id, 1)
    assert entry.payload == households.record_of(made).model_dump(mode="json")
    assert (
        entry.payload["head_name"] == "Nguyễn Thị Hồng" and entry.payload["phone"] == "0912345678"
    )
    assert settings.last_village(store) == VILLAGE


def test_names_are_stored_composed_however_they_were_typed(store: Store) -> None:
    made = add_household(store, unicodedata.normalize("NFD", "Đặng Văn Hùng"))
    assert households.get(store, made.id).head_name == "Đặng Văn Hùng"
    assert households.search(store, "dang van hung")[0].id == made.id


def test_consent_is_required(store: Store) -> None:
    rejected(
        lambda: households.create(store, HouseholdInput("Lê Văn Nam", VILLAGE)),
        "consent",
        "consent_required",
    )
    made = add_household(store, "Lê Văn Nam")
    rejected(
        lambda: households.update(
            store, made.id, HouseholdInput("Lê Văn Nam", VILLAGE, consent=False)
        ),
        "consent",
        "consent_required",
    )
    assert household_count(store) == 1 and len(outbox_rows(store)) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "+84912345678",
        "091 234 5678",
        "+84 912 345 678",
        "0912.345.678",
        "84912345678",
        "0362 111 222",
    ],
)
def test_vietnamese_mobile_numbers_are_accepted_and_normalised(store: Store, typed: str) -> None:
    made = add_household(store, phone=typed)
    assert households.get(store, made.id).phone == (
        "0362111222" if typed.startswith("036") else "0912345678"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "0212345678",
        "12345",
        "09123abc78",
        "không có",
        "091234567",
        "09123456789",
        "+1 415 555 0100",
    ],
)
def test_other_numbers_are_refused(store: Store, typed: str) -> None:
    error = rejected(lambda: add_household(store, phone=typed), "phone", "phone_invalid")
    assert "di động" in error.message
    assert household_count(store) == 0 and outbox_rows(store) == []


def test_an_empty_phone_is_allowed(store: Store) -> None:
    assert add_household(store, phone="  ").phone is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "head_name_required"),
        ("   ", "head_name_required"),
        ("A", "head_name_required"),
        ("Đ" * 81, "head_name_too_long"),
    ],
)
def test_the_name_is_required_and_not_too_long(store: Store, name: str, code: str) -> None:
    rejected(lambda: add_household(store, name), "head_name", code)
    assert household_count(store) == 0


def test_a_name_of_80_characters_is_kept(store: Store) -> None:
    assert len(add_household(store, "Ữ" * 80).head_name) == 80


@pytest.mark.parametrize("village_id", ["", "no-such-village", demo.COMMUNE.id, demo.PROVINCE.id])
def test_the_village_must_be_a_known_village(store: Store, village_id: str) -> None:
    rejected(lambda: add_household(store, village_id=village_id), "village_id", "village_required")
    assert household_count(store) == 0


def test_update_changes_the_record_and_its_waiting_outbox_entry(store: Store) -> None:
    made = add_household(store, "Bùi Văn Long")
    changed = households.update(
        store, made.id, HouseholdInput("Bùi Thị Lan", OTHER_VILLAGE, "+84987654321", consent=True)
    )
    kept = households.get(store, made.id)
    assert (kept.head_name, kept.village_id, kept.phone, kept.search_key) == (
        "Bùi Thị Lan",
        OTHER_VILLAGE,
        "0987654321",
        "bui thi lan",
    )
    assert kept.consent_at == made.consent_at
    [entry] = outbox_rows(store)
    assert entry.version == 2
    assert entry.payload == households.record_of(changed).model_dump(mode="json")
    assert households.search(store, "bui van long") == []
    rejected(
        lambda: households.update(
            store, made.id, HouseholdInput("Bùi Thị Lan", VILLAGE, "12345", consent=True)
        ),
        "phone",
        "phone_invalid",
    )
    assert households.get(store, made.id).phone == "0987654321"
    with pytest.raises(NotFound):
        households.update(store, "no-such-id", HouseholdInput("Bùi Thị Lan", VILLAGE, consent=True))


def test_search_ignores_diacritics_and_case(store: Store) -> None:
    hong = add_household(store, "Nguyễn Thị Hồng")
    an = add_household(store, "Nguyễn Văn Ấn", OTHER_VILLAGE)
    dang = add_household(store, "Đặng Văn Hùng")
    add_household(store, "Trần Thị Mai")
    assert [h.id for h in households.search(store, "nguyen")] == [hong.id, an.id]
    assert [h.id for h in households.search(store, "NGUYEN hong")] == [hong.id]
    assert [h.id for h in households.search(store, "dang")] == [dang.id]
    assert [h.id for h in households.search(store, "Đặng")] == [dang.id]
    assert [h.id for h in households.search(store, "van", village_id=OTHER_VILLAGE)] == [an.id]
    assert len(households.search(store, "")) == 4
    assert len(households.search(store, "", limit=2)) == 2
    assert households.search(store, "hoang") == []


def test_search_treats_wildcards_as_plain_text(store: Store) -> None:
    add_household(store, "Nguyễn Thị Hồng")
    assert households.search(store, "%") == []
    assert households.search(store, "ng_yen") == []


def test_follow_ups_due_follow_the_latest_session(store: Store) -> None:
    today = today_local()

    def visit(name: str, *plan: tuple[int, str, int | None]) -> str:
        """Sessions `days_ago` with an outcome and a follow-up `in_days` from today."""
        household = add_household(store, name)
        for days_ago, outcome, in_days in plan:
            follow_up = today + timedelta(days=in_days) if in_days is not None else None
            sessions.record(
                store,
                session_input(
                    household.id,
                    outcome=outcome,
                    follow_up_on=follow_up,
                    occurred_at=ago(days=days_ago, minutes=30),
                ),
            )
        return household.id

    due_today = visit("Lý Văn Sơn", (3, "follow_up", 0))
    in_two_days = visit("Triệu Thị Yến", (1, "follow_up", 2))
    cleared = visit("Đỗ Văn Quý", (5, "follow_up", 0), (2, "done_online", None))
    moved = visit("Vũ Thị Vân", (6, "follow_up", 0), (1, "follow_up", 1))
    visit("Hoàng Văn Tâm", (1, "follow_up", 5))
    visit("Đàm Thị Thảo", (1, "referred", None))
    # A session typed in later but that happened earlier does not decide.
    late_entry = visit("Phạm Văn Cường", (1, "follow_up", 0), (4, "done_online", None))

    due = households.follow_ups(store)
    assert {f.household.id for f in due} == {due_today, late_entry}
    assert all(f.due_on == today for f in due)
    soon = households.follow_ups(store, until=today + timedelta(days=2))
    assert [f.household.id for f in soon][:2] in ([due_today, late_entry], [late_entry, due_today])
    assert [f.household.id for f in soon][2:] == [moved, in_two_days]
    assert [f.due_on for f in soon] == [
        today,
        today,
        today + timedelta(days=1),
        today + timedelta(days=2),
    ]
    assert cleared not in {f.household.id for f in soon}
    latest_of_moved = households.history(store, moved)[0]
    assert soon[2].session_id == latest_of_moved.id


def test_history_is_newest_first(store: Store) -> None:
    household = add_household(store)
    other = add_household(store, "Trần Văn Bình")
    for days in (3, 10, 1, 7):
        sessions.record(store, session_input(household.id, occurred_at=ago(days=days)))
    sessions.record(store, session_input(other.id))
    history = households.history(store, household.id)
    assert len(history) == 4
    assert [h.occurred_at for h in history] == sorted(
        (h.occurred_at for h in history), reverse=True
    )
    assert households.history(store, "no-such-id") == []


def test_delete_erases_the_household_its_sessions_and_their_queued_entries(store: Store) -> None:
    household = add_household(store, "Nguyễn Văn An", phone="0912345678")
    kept = add_household(store, "Trần Thị Mai")
    first = sessions.record(store, session_input(household.id, occurred_at=ago(days=2)))
    synced = sessions.record(store, session_input(household.id, occurred_at=ago(days=1)))
    with store.session() as session:  # already pushed: it has left the outbox
        row = session.get(HelpSession, synced.id)
        row.synced_at = ago(hours=1)
        session.add(row)
        session.exec(select(OutboxEntry).where(OutboxEntry.record_id == synced.id)).one()
        session.delete(
            session.exec(select(OutboxEntry).where(OutboxEntry.record_id == synced.id)).one()
        )
    kept_session = sessions.record(store, session_input(kept.id))

    households.delete_household(store, household.id)

    assert households.get(store, household.id) is None
    assert sessions.get(store, first.id) is None and sessions.get(store, synced.id) is None
    assert households.history(store, household.id) == []
    assert households.search(store, "nguyen van an") == []
    entries = [(e.record_type, e.record_id) for e in outbox_rows(store)]
    assert entries == [
        ("household", kept.id),
        ("help_session", kept_session.id),
        ("household_erasure", household.id),
    ]
    erasure = outbox_rows(store)[-1].payload
    assert erasure["id"] == household.id and set(erasure) == {"id", "erased_at"}
    assert "Nguyễn" not in str(erasure) and "0912345678" not in str(erasure)
    assert sessions.get(store, kept_session.id) is not None
    assert outbox.pending_count(store) == 3
    with pytest.raises(NotFound):
        households.delete_household(store, household.id)
