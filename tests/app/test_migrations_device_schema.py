"""A phone still holding work saved by the first released schema is updated: opening its
database with today's Store upgrades it to the latest schema, loses no unsynced record, and
every service works on it. The old file is tests/app/data/device-schema-1.sqlite3 (made by
make_device_schema_1.py beside it)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from app.db import Store
from app.errors import Locked
from app.migrations import LATEST
from app.services import guides, households, outbox, sessions, stats
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.manifest import load_manifest
from wire.clock import utcnow

OLD = Path(__file__).parent / "data" / "device-schema-1.sqlite3"
HOUSEHOLD_FIELDS = "id, village_id, head_name, phone, consent_at, created_at"
SESSION_FIELDS = "id, household_id, occurred_at, services, guides, outcome, follow_up_on, minutes, note, synced_at"


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def waiting(path: Path) -> list[tuple]:
    """The outbox as (record type, id, version, the payload's own fields)."""
    found = []
    for kind, record_id, version, text in rows(
        path, "SELECT record_type, record_id, version, payload FROM outbox ORDER BY id"
    ):
        payload = json.loads(text)
        own = {k: v for k, v in payload.items() if k not in ("clocks", "clock")}
        found.append((kind, record_id, version, own))
    return found


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[Store, Path]:
    copy = tmp_path / "cnscd.sqlite3"
    shutil.copyfile(OLD, copy)
    store = Store(copy)
    yield store, copy
    store.close()


def test_the_stored_file_really_is_the_first_schema() -> None:
    assert rows(OLD, "PRAGMA user_version") == [(1,)]
    columns = [name for _, name, *_ in rows(OLD, "PRAGMA table_info(households)")]
    assert "search_key" not in columns
    assert rows(OLD, "SELECT count(*) FROM outbox") == [(6,)]


def test_the_upgrade_keeps_every_record_and_every_waiting_entry(
    upgraded: tuple[Store, Path],
) -> None:
    store, path = upgraded
    assert rows(path, "PRAGMA user_version") == [(LATEST,)]
    for table, fields in (
        ("households", HOUSEHOLD_FIELDS),
        ("help_sessions", SESSION_FIELDS),
        ("areas", "id, parent_id, level, name"),
        ("services", "*"),
    ):
        before = rows(OLD, f"SELECT {fields} FROM {table} ORDER BY 1")
        assert before and rows(path, f"SELECT {fields} FROM {table} ORDER BY 1") == before, table
    assert waiting(path) == waiting(OLD)
    assert outbox.pending_count(store) == 6
    unsynced = rows(path, "SELECT count(*) FROM help_sessions WHERE synced_at IS NULL")
    assert unsynced == [(3,)]


def test_the_services_work_on_the_upgraded_store(upgraded: tuple[Store, Path]) -> None:
    store, path = upgraded
    # Names written before search keys existed are found without diacritics.
    assert [h.head_name for h in households.search(store, "dang thi hanh")] == ["Đặng Thị Hạnh"]
    assert [h.head_name for h in households.search(store, "trieu")] == ["Triệu Văn Páo"]
    [due] = households.follow_ups(store)
    assert due.household.head_name == "Đặng Thị Hạnh"
    thang = households.search(store, "nguyen van thang")[0]
    assert [s.minutes for s in households.history(store, thang.id)] == [15, 20]

    # A waiting household edited again: one entry, its version bumped.
    households.update(
        store,
        thang.id,
        HouseholdInput("Nguyễn Văn Thắng", thang.village_id, "0987654321", consent=True),
    )
    [entry] = [e for e in waiting(path) if e[1] == thang.id]
    assert (entry[2], entry[3]["phone"]) == (2, "0987654321")

    # An unsynced session stays editable; the one synced before the update does not.
    referral = "0192f1a0-5a00-7000-8000-000000000103"
    sessions.update(
        store,
        referral,
        SessionInput(
            household_id=households.search(store, "trieu")[0].id,
            services=["thuong_tru", "khai_sinh"],
            outcome="referred",
            minutes=12,
            occurred_at=utcnow() - timedelta(hours=1),
        ),
    )
    assert [e[2] for e in waiting(path) if e[1] == referral] == [3]
    with pytest.raises(Locked):
        sessions.update(
            store,
            "0192f1a0-5a00-7000-8000-000000000104",
            SessionInput(
                household_id=thang.id, services=["thuong_tru"], outcome="done_online", minutes=5
            ),
        )

    new = sessions.record(
        store,
        SessionInput(
            household_id=thang.id, services=["vneid_muc_2"], outcome="done_online", minutes=10
        ),
    )
    assert outbox.pending_count(store) == 7 and sessions.get(store, new.id).synced_at is None
    assert stats.figures(store).households_reached == 3

    # Today's content imports over the old library, each guide with its captions (schema 5).
    assert "captions_sha256" not in [n for _, n, *_ in rows(OLD, "PRAGMA table_info(guides)")]
    assert "captions_sha256" in [n for _, n, *_ in rows(path, "PRAGMA table_info(guides)")]
    manifest = load_manifest()
    assert guides.import_manifest(store, manifest)
    assert guides.get(store, "vneid-m2").title
    for wire_guide in manifest.guides:
        captions = guides.get(store, wire_guide.code).captions_sha256
        assert captions is not None and captions == wire_guide.media["captions"]
