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

WAL_LIMIT = 4 * 1024 * 1024  # bytes the write-ahead log is cut back to
RECLAIM_FROM = 1024 * 1024  # free bytes in the file from which a sync VACUUMs it...
RECLAIM_SHARE = 0.2  # ...when they are at least this share of it


def _tune(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    # WAL + NORMAL: a crash may lose the last commit but never corrupts the file; fast on
    # cheap phones' flash.
    conn.execute("PRAGMA synchronous = NORMAL")
    # After a checkpoint the write-ahead log shrinks back to this, however large one big
    # transaction (a first pull) made it.
    conn.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")


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

    def size(self) -> int:
        """Bytes the store takes on the phone: its file and its write-ahead log."""
        files = (self.path, self.path.with_name(self.path.name + "-wal"))
        return sum(p.stat().st_size for p in files if p.exists())

    def reclaim(self) -> int:
        """Give space back to the phone after a sync: fold the write-ahead log into the file and
        cut it short, and when much of the file is free pages (records removed: pushed outbox
        entries, erased or moved households), VACUUM it. Skipped when another connection is
        busy writing (the next sync tries again). Answers the bytes given back."""
        before = self.size()
        raw = sqlite3.connect(self.path, isolation_level=None, timeout=2)
        try:
            page_size = raw.execute("PRAGMA page_size").fetchone()[0]
            pages = raw.execute("PRAGMA page_count").fetchone()[0]
            free = raw.execute("PRAGMA freelist_count").fetchone()[0]
            if free * page_size >= RECLAIM_FROM and free >= pages * RECLAIM_SHARE:
                raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # busy: another connection is writing
            pass
        finally:
            raw.close()
        return max(0, before - self.size())

    def close(self) -> None:
        self.engine.dispose()
