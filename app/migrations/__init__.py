"""Schema migrations of the device database, numbered by SQLite's `user_version`.

A migration is a SQL script (`NNNN_name.sql`) and, where data must be rewritten, a Python
step of the same number in STEPS. Released migrations are never edited: a new schema is a new
file. Each one runs in its own transaction, so an interrupted upgrade leaves the old schema
and all of its records in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources

from app.text import fold
from wire import messages
from wire.hlc import CLOCKED


def _fill_household_search_keys(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT id, head_name FROM households").fetchall()
    conn.executemany(
        "UPDATE households SET search_key = ? WHERE id = ?",
        [(fold(name), household_id) for household_id, name in rows],
    )


def _stamp_household_clocks(conn: sqlite3.Connection) -> None:
    """Households written before version 3 get, for each field, a clock made from their
    `updated_at` (on this device's HLC node); so do the payloads still waiting in the outbox,
    which the server now expects with clocks."""
    row = conn.execute("SELECT value FROM app_settings WHERE key = 'hlc_node'").fetchone()
    node = row[0] if row else os.urandom(4).hex()
    if row is None:
        conn.execute("INSERT INTO app_settings (key, value) VALUES ('hlc_node', ?)", (node,))

    def clocks(updated_at: str) -> dict[str, str]:
        moment = datetime.fromisoformat(updated_at)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        stamp = f"{int(moment.timestamp() * 1000):013d}-0000-{node}"
        return dict.fromkeys(CLOCKED, stamp)

    made = {
        hid: clocks(updated)
        for hid, updated in conn.execute("SELECT id, updated_at FROM households")
    }
    conn.executemany(
        "UPDATE households SET clocks = ? WHERE id = ?",
        [(json.dumps(c), hid) for hid, c in made.items()],
    )
    waiting = conn.execute(
        "SELECT id, payload FROM outbox WHERE record_type = 'household'"
    ).fetchall()
    for entry_id, text in waiting:
        payload = json.loads(text)
        payload["clocks"] = made.get(payload["id"]) or clocks(payload["updated_at"])
        conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (json.dumps(payload), entry_id))


def _stamp_session_clocks(conn: sqlite3.Connection) -> None:
    """Help sessions written before version 7 get a clock made from their `updated_at` (on this
    device's HLC node), and so do their payloads still waiting in the outbox."""
    row = conn.execute("SELECT value FROM app_settings WHERE key = 'hlc_node'").fetchone()
    node = row[0] if row else os.urandom(4).hex()
    if row is None:
        conn.execute("INSERT INTO app_settings (key, value) VALUES ('hlc_node', ?)", (node,))

    def clock(updated_at: str) -> str:
        moment = datetime.fromisoformat(updated_at)
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        return f"{int(moment.timestamp() * 1000):013d}-0000-{node}"

    held = conn.execute("SELECT id, updated_at FROM help_sessions")
    made = {sid: clock(updated) for sid, updated in held}
    conn.executemany(
        "UPDATE help_sessions SET clock = ? WHERE id = ?", [(c, sid) for sid, c in made.items()]
    )
    waiting = conn.execute(
        "SELECT id, payload FROM outbox WHERE record_type = 'help_session'"
    ).fetchall()
    for entry_id, text in waiting:
        payload = json.loads(text)
        payload["clock"] = made.get(payload["id"]) or clock(payload["updated_at"])
        conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (json.dumps(payload), entry_id))


# Python steps that run after the SQL script of the same number.
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _fill_household_search_keys,
    3: _stamp_household_clocks,
    7: _stamp_session_clocks,
}


def scripts() -> list[tuple[int, str]]:
    """(number, SQL) of every migration, in order."""
    found = []
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


LATEST = max(number for number, _ in scripts())


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to LATEST; answers the version it started from."""
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start > LATEST:
        raise RuntimeError(messages.text("store_too_new", found=start, latest=LATEST))
    for number, sql in scripts():
        if number <= start:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            if number in STEPS:
                STEPS[number](conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


def _statements(sql: str) -> list[str]:
    # Our scripts hold no semicolons inside literals; a plain split keeps each one in our
    # transaction (executescript would commit on its own).
    return [part.strip() for part in sql.split(";") if part.strip()]
