"""This device's hybrid logical clock (wire.hlc), kept in its store: the last timestamp made
is written in the caller's transaction (app_settings `hlc_last`), beside the device part drawn
once per installation (`hlc_node`), and each process keeps it in memory too, so two writes
in one millisecond still get two stamps and the clock never goes back across a restart."""

from __future__ import annotations

import os
import threading

from sqlmodel import Session

from app.models import AppSetting
from wire import hlc
from wire.hlc import NEVER, Timestamp

_LAST_KEY = "hlc_last"
_NODE_KEY = "hlc_node"


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
        return _keep(session, hlc.tick(_loaded(session), hlc.wall_millis()))


def observe(session: Session, remote: str) -> None:
    """Move the clock past a timestamp seen from elsewhere (a pulled record)."""
    if remote == NEVER:
        return
    with _memory.lock:
        last = _loaded(session)
        _keep(session, hlc.receive(last, Timestamp.parse(remote), hlc.wall_millis()))


def forget(session: Session) -> None:
    """Drop this process's memory of the database's clock (tests that reopen a file)."""
    with _memory.lock:
        _memory.last.pop(_key(session), None)
