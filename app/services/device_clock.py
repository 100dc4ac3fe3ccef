"""This device's clocks: the phone's own wall clock, and its hybrid logical clock (wire.hlc).

The wall clock is the time the phone's system says (`wall()`), right or wrong: the moments a
record carries (a session's time, an edit's) are read from it, and the sync compares it with
the server's. A test sets it wrong the way a volunteer or a network-time correction does
(`set_wall_offset`), while the server in the same process keeps the true time.

The HLC is kept in the store: the last timestamp made is written in the caller's transaction
(app_settings `hlc_last`), beside the device part drawn once per installation (`hlc_node`),
and each process keeps it in memory too, so two writes in one millisecond still get two
stamps and the clock never goes back across a restart. The latest timestamp seen from
elsewhere is kept too (`hlc_seen`): whatever this device stamps later must stay later than it
(app/services/clock_repair.py relies on it)."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta

from sqlmodel import Session

from app.models import AppSetting
from wire import hlc
from wire.clock import utcnow
from wire.hlc import NEVER, Timestamp

_LAST_KEY = "hlc_last"
_NODE_KEY = "hlc_node"
_SEEN_KEY = "hlc_seen"
_wall_offset = timedelta(0)


def wall() -> datetime:
    """Now, as the phone's system clock says it (aware, UTC)."""
    return utcnow() + _wall_offset


def wall_millis() -> int:
    return hlc.wall_millis() + int(_wall_offset / timedelta(milliseconds=1))


def set_wall_offset(offset: timedelta) -> None:
    """Set the phone's clock `offset` away from the true time (tests; timedelta(0) puts it
    right again)."""
    global _wall_offset
    _wall_offset = offset


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
        return _keep(session, hlc.tick(_loaded(session), wall_millis()))


def observe(session: Session, remote: str) -> None:
    """Move the clock past a timestamp seen from elsewhere (a pulled record). A page of
    records is observed once, by its latest timestamp (`latest`)."""
    if remote == NEVER:
        return
    seen = session.get(AppSetting, _SEEN_KEY)
    if seen is None or seen.value < remote:
        session.merge(AppSetting(key=_SEEN_KEY, value=remote))
    with _memory.lock:
        last = _loaded(session)
        _keep(session, hlc.receive(last, Timestamp.parse(remote), wall_millis()))


def latest(stamps) -> str:
    """The latest of some timestamps (NEVER for none)."""
    return max((stamp for stamp in stamps if stamp), default=NEVER)


def last(session: Session) -> Timestamp:
    """The last timestamp this device made (or its clock's start, before the first)."""
    with _memory.lock:
        return _loaded(session)


def node(session: Session) -> str:
    return last(session).node


def seen(session: Session) -> str:
    """The latest timestamp seen from elsewhere (NEVER before the first pull)."""
    row = session.get(AppSetting, _SEEN_KEY)
    return row.value if row is not None else NEVER


def reset(session: Session, stamp: Timestamp) -> None:
    """Set the clock to `stamp` (app/services/clock_repair.py, when the phone's clock was set
    right after running ahead; installation.py, when a restored copy takes a node of its
    own). Nothing else may move it back."""
    with _memory.lock:
        session.merge(AppSetting(key=_NODE_KEY, value=stamp.node))
        _keep(session, stamp)


def forget(session: Session) -> None:
    """Drop this process's memory of the database's clock (tests that reopen a file)."""
    with _memory.lock:
        _memory.last.pop(_key(session), None)
