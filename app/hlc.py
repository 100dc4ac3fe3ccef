"""A hybrid logical clock (HLC): timestamps that follow real time, never go backwards on one
device (not even across restarts or when the phone's clock is set back), and are always later
than anything the device has already seen from the others.

A timestamp is a string that sorts as it compares: `PPPPPPPPPPPPP-CCCC-NNNNNNNN`
- P: 13 decimal digits, physical Unix milliseconds (good until the year 2286);
- C: 4 hex digits, a counter for events within one millisecond;
- N: the device part, 8 hex digits drawn once per installation, so two devices never make
  the same timestamp and ties are broken the same way everywhere.
The empty string is older than every timestamp ("never written").

Rules (Kulkarni et al., "Logical Physical Clocks", 2014):
- send/local event: l' = max(l, now); c' = c + 1 if l' == l else 0;
- receive(m): l' = max(l, m.l, now); c' = max(c, m.c) + 1 if l' == l == m.l, c + 1 if l' == l,
  m.c + 1 if l' == m.l, else 0.
The last timestamp made is written in the caller's transaction (app_settings `hlc_last`), and
each process keeps it in memory too, so two writes in one millisecond still get two stamps.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from sqlmodel import Session

from app.models import AppSetting

NEVER = ""  # older than any timestamp
MAX_COUNTER = 0xFFFF
_LAST_KEY = "hlc_last"
_NODE_KEY = "hlc_node"


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:013d}-{self.counter:04x}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        """Raises ValueError when `text` is not a timestamp of this format."""
        millis, counter, node = text.split("-")
        if len(millis) != 13 or not millis.isdigit() or len(counter) != 4 or len(node) != 8:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        int(node, 16)
        return cls(int(millis), int(counter, 16), node)


def is_timestamp(text: str) -> bool:
    try:
        Timestamp.parse(text)
    except ValueError:
        return False
    return True


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


def tick(last: Timestamp, now_millis: int) -> Timestamp:
    """The next local timestamp after `last`."""
    if now_millis > last.millis:
        return Timestamp(now_millis, 0, last.node)
    return _bumped(last.millis, last.counter, last.node)


def receive(last: Timestamp, remote: Timestamp, now_millis: int) -> Timestamp:
    """The local clock after seeing `remote`: later than both."""
    millis = max(last.millis, remote.millis, now_millis)
    if millis == last.millis == remote.millis:
        return _bumped(millis, max(last.counter, remote.counter), last.node)
    if millis == last.millis:
        return _bumped(millis, last.counter, last.node)
    if millis == remote.millis:
        return _bumped(millis, remote.counter, last.node)
    return Timestamp(millis, 0, last.node)


def _bumped(millis: int, counter: int, node: str) -> Timestamp:
    # 65,536 events in one millisecond: borrow the next millisecond rather than overflow.
    if counter >= MAX_COUNTER:
        return Timestamp(millis + 1, 0, node)
    return Timestamp(millis, counter + 1, node)


class _Memory:
    """The last timestamp per database, shared by the threads of this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: dict[str, Timestamp] = {}


_memory = _Memory()


def _key(session: Session) -> str:
    return str(session.get_bind().url)


def _loaded(session: Session) -> Timestamp:
    key = _key(session)
    if key in _memory.last:
        return _memory.last[key]
    row = session.get(AppSetting, _LAST_KEY)
    if row is not None:
        stored = Timestamp.parse(row.value)
    else:
        node_row = session.get(AppSetting, _NODE_KEY)
        node = node_row.value if node_row else os.urandom(4).hex()
        if node_row is None:
            session.merge(AppSetting(key=_NODE_KEY, value=node))
        stored = Timestamp(0, 0, node)
    _memory.last[key] = stored
    return stored


def _keep(session: Session, stamp: Timestamp) -> str:
    _memory.last[_key(session)] = stamp
    session.merge(AppSetting(key=_LAST_KEY, value=str(stamp)))
    return str(stamp)


def now(session: Session) -> str:
    """A new timestamp for a local write, kept in `session`'s transaction."""
    with _memory.lock:
        return _keep(session, tick(_loaded(session), wall_millis()))


def observe(session: Session, remote: str) -> None:
    """Move the clock past a timestamp seen from elsewhere (a pulled record)."""
    if remote == NEVER:
        return
    with _memory.lock:
        last = _loaded(session)
        _keep(session, receive(last, Timestamp.parse(remote), wall_millis()))


def forget(session: Session) -> None:
    """Drop this process's memory of the database's clock (tests that reopen a file)."""
    with _memory.lock:
        _memory.last.pop(_key(session), None)


def merge(held: dict[str, object], held_clocks: dict[str, str],
          incoming: dict[str, object], incoming_clocks: dict[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """Field-level last writer wins: each field of `incoming` whose clock is later than the
    held one replaces it. Answers the merged values and clocks (only the fields of `incoming`).
    Equal clocks are the same write, so the held value stays."""
    values, clocks = dict(held), dict(held_clocks)
    for name, value in incoming.items():
        clock = incoming_clocks.get(name, NEVER)
        if clock > clocks.get(name, NEVER):
            values[name], clocks[name] = value, clock
    return values, clocks
