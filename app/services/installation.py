"""Which installation this store is: a store restored from a backup, or copied to another
phone, must not go on as the device it was copied from.

The store keeps an installation id (app_settings `installation_id`), and so does a marker file
outside the data folder, in a place the system does not back up (app.config.Settings.
install_dir). At each start, `settle` compares them:
- no id in the store (a new install, or an app from before this check): this store is this
  installation; both get a new id;
- the same id: this is the installation that made the store;
- the marker missing or holding another id: the store was restored or copied. Before anything
  is written, it becomes a device of its own: a new HLC node (so two copies never make the same
  timestamp), and, if it was enrolled, it asks the server for a device id of its own at its next
  sync (sync.enrol.become_own_device) and pushes nothing before it has one.

A marker lost while the store stays (the system cleared the folder) makes the phone a device of
its own needlessly, which costs one new device row and a full pull, never a record."""

from __future__ import annotations

import os
import uuid
from enum import Enum
from pathlib import Path

from app.db import Store
from app.models import AppSetting, SyncState
from app.services import device_clock
from wire.hlc import Timestamp

ID_KEY = "installation_id"
COPY_OF_KEY = "copy_of_device"  # the device id this store was copied from, until it has its own
MARKER = "installation-id"


class Found(str, Enum):
    NEW = "new"
    SAME = "same"
    COPY = "copy"


def settle(store: Store, install_dir: Path) -> Found:
    """Compare the store with this installation's marker; a restored or copied store becomes
    a device of its own (see the module's docstring)."""
    marker = Path(install_dir) / MARKER
    held = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
    with store.session() as session:
        row = session.get(AppSetting, ID_KEY)
        if row is not None and row.value == held:
            return Found.SAME
        found = Found.NEW if row is None else Found.COPY
        new_id = str(uuid.uuid4())
        session.merge(AppSetting(key=ID_KEY, value=new_id))
        if found is Found.COPY:
            last = device_clock.last(session)
            device_clock.reset(session, Timestamp(last.millis, last.counter, os.urandom(4).hex()))
            state = session.get(SyncState, 1)
            if state is not None and state.device_id is not None:
                session.merge(AppSetting(key=COPY_OF_KEY, value=str(state.device_id)))
    _write(marker, new_id)
    return found


def copy_of(store: Store) -> int | None:
    """The device this store was copied from, while it has no device id of its own yet."""
    with store.session() as session:
        row = session.get(AppSetting, COPY_OF_KEY)
        return int(row.value) if row is not None and row.value else None


def has_own_device(store: Store) -> None:
    with store.session() as session:
        row = session.get(AppSetting, COPY_OF_KEY)
        if row is not None:
            session.delete(row)


def _write(marker: Path, value: str) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    temporary = marker.with_name(marker.name + ".tmp")
    temporary.write_text(value, encoding="utf-8")
    os.replace(temporary, marker)
