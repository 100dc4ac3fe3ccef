"""The database layer: on SQLite, transactions that only read take no write lock, so public
pages, reports and token checks never queue behind (or hold up) a device's push."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from server.core.db import make_engine, migrate, reader, session_scope
from server.models import Area


def test_a_reading_transaction_leaves_the_write_lock_free(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    migrate(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        with session_scope(reader(engine)) as session:
            session.exec(select(Area)).all()
            other.execute("BEGIN IMMEDIATE")  # a writer elsewhere gets the lock at once
            other.execute("INSERT INTO areas (id, level, name) VALUES ('p', 'province', 'Tỉnh')")
            other.execute("COMMIT")
        with session_scope(engine) as session:
            session.exec(select(Area)).all()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # an ordinary transaction holds it from its start
    finally:
        other.close()
        engine.dispose()
