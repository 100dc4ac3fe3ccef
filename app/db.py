"""The device's SQLite store: WAL mode, foreign keys on, schema brought up to date on open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app.migrations import migrate


def _tune(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    # WAL + NORMAL: a crash may lose the last commit but never corrupts the file; fast on
    # cheap phones' flash.
    conn.execute("PRAGMA synchronous = NORMAL")


class Store:
    """One SQLite file on the device. Services get a Store and open sessions from it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        raw = sqlite3.connect(self.path, isolation_level=None)
        try:
            raw.execute("PRAGMA journal_mode = WAL")
            _tune(raw)
            migrate(raw)
        finally:
            raw.close()
        self.engine: Engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False}
        )
        event.listen(self.engine, "connect", lambda conn, _record: _tune(conn))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: everything written inside commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
