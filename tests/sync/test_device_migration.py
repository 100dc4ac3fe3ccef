"""Schema version 3 on the device: a database of version 2 with unsynced households upgrades
without losing them, and their waiting outbox entries get the clocks the server now needs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.db import Store
from app.migrations import STEPS, scripts
from app.services import outbox
from wire.records import HouseholdPayload


def test_a_version_2_database_keeps_its_unsynced_households_and_gains_clocks(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    for number, sql in scripts():
        if number > 2:
            break
        for statement in (s for s in sql.split(";") if s.strip()):
            raw.execute(statement)
        if number in STEPS:
            STEPS[number](raw)
    raw.execute("PRAGMA user_version = 2")
    raw.execute("INSERT INTO areas VALUES ('qn', NULL, 'province', 'Tỉnh Quảng Ninh')")
    raw.execute("INSERT INTO areas VALUES ('qn.x', 'qn', 'commune', 'Xã X')")
    raw.execute("INSERT INTO areas VALUES ('qn.x.thon-1', 'qn.x', 'village', 'Thôn 1')")
    hid = "01936b2e-0000-7000-8000-000000000001"
    raw.execute(
        "INSERT INTO households (id, village_id, head_name, phone, consent_at, created_at, updated_at, search_key) "
        "VALUES (?, 'qn.x.thon-1', 'Lê Thị Hà', NULL, '2026-10-01 08:00:00', '2026-10-01 08:00:00', "
        "'2026-10-02 09:30:00.250000', 'le thi ha')",
        (hid,),
    )
    old_payload = {
        "id": hid,
        "village_id": "qn.x.thon-1",
        "head_name": "Lê Thị Hà",
        "phone": None,
        "consent_at": "2026-10-01T08:00:00+00:00",
        "updated_at": "2026-10-02T09:30:00.250000+00:00",
    }
    raw.execute(
        "INSERT INTO outbox (record_type, record_id, payload, version, created_at, updated_at) "
        "VALUES ('household', ?, ?, 1, '2026-10-02 09:30:00', '2026-10-02 09:30:00')",
        (hid, json.dumps(old_payload)),
    )
    raw.close()

    store = Store(path)
    [entry] = outbox.pending(store)
    payload = HouseholdPayload.model_validate(
        entry.payload, strict=False
    )  # what the server now expects
    assert payload.head_name == "Lê Thị Hà" and payload.clocks.head_name.startswith("1790")
    assert payload.clocks.model_dump() == {
        "head_name": payload.clocks.head_name,
        "village_id": payload.clocks.head_name,
        "phone": payload.clocks.head_name,
    }
    with store.session() as s:
        from app.models import Household

        held = s.get(Household, hid)
        assert held.clocks == payload.clocks.model_dump()
    store.close()
