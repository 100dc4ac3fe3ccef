"""The device store: a real SQLite file in WAL mode with foreign keys enforced."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from devicetest import VILLAGE, add_household
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db import Store
from app.migrations import LATEST
from app.models import Household
from app.services import households


def test_the_file_is_in_wal_mode_at_the_latest_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "deep" / "folder" / "cnscd.sqlite3")
    with store.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
    raw = sqlite3.connect(tmp_path / "deep" / "folder" / "cnscd.sqlite3")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file itself
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST
    raw.close()


def test_every_connection_enforces_foreign_keys(store: Store) -> None:
    with store.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    now = datetime.now(UTC)
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.session() as session:
        session.add(
            Household(
                id="h-1",
                village_id="no-such-village",
                head_name="Lê Thị Hà",
                consent_at=now,
                search_key="le thi ha",
            )
        )
    assert households.get(store, "h-1") is None


def test_a_unit_of_work_commits_all_or_nothing(store: Store) -> None:
    household = add_household(store, "Trần Văn Bình")
    with pytest.raises(RuntimeError), store.session() as session:
        row = session.get(Household, household.id)
        row.head_name = "Tên đã đổi"
        session.add(row)
        session.flush()
        raise RuntimeError("interrupted before the end of the unit of work")
    assert households.get(store, household.id).head_name == "Trần Văn Bình"


def test_reopening_keeps_the_records(tmp_path: Path) -> None:
    path = tmp_path / "cnscd.sqlite3"
    first = Store(path)
    from support import demo

    from app.services import areas

    areas.add(first, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    household = add_household(first, "Phạm Thị Mai", VILLAGE)
    first.close()
    again = Store(path)
    assert households.get(again, household.id).head_name == "Phạm Thị Mai"
    again.close()
