"""The data the report tests share: two teams' households and sessions over two years, an
overdue follow-up in each team, and QR opens from both communes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import apitest as records
from apitest import World, make_bundle

from server.cli import main as cli
from wire.clock import today_local

PERIOD = {"from": "2025-01-01"}  # to today


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _push(client, device: dict[str, str], batch: list[dict]) -> None:
    answer = client.post("/api/v1/sync/push", json={"records": batch}, headers=device)
    assert answer.status_code == 200, answer.text


def seed(client, settings, tmp_path, world: World, device_a, device_b) -> dict[str, str]:
    """Team A (commune A): four households, six sessions, one follow-up overdue; team B:
    one household with an overdue follow-up; a guide opened from QRs of both communes."""
    today = today_local()
    h1, h2 = (
        records.household(world.village_a),
        records.household("qn.quang-la.thon-2", name="Phạm Thị Hẹn"),
    )
    h3, h4 = records.household(world.village_a), records.household("qn.quang-la.thon-2")
    ids = {name: h["payload"]["id"] for name, h in (("h1", h1), ("h2", h2), ("h3", h3), ("h4", h4))}
    _push(
        client,
        device_a,
        [
            h1,
            h2,
            h3,
            h4,
            # 17:30 UTC on 28 February is 00:30 on 1 March in Vietnam.
            records.session(
                ids["h1"],
                occurred_at=_at("2025-02-28T17:30:00"),
                services=["vneid_muc_2", "dvc_tai_khoan"],
            ),
            records.session(ids["h1"], occurred_at=_at("2025-03-10T03:00:00")),
            records.session(
                ids["h2"],
                occurred_at=_at("2025-04-05T03:00:00"),
                outcome="follow_up",
                follow_up_on=date(2025, 4, 12),
                note="Hẹn mang căn cước",
            ),
            records.session(
                ids["h3"],
                occurred_at=_at("2025-05-01T03:00:00"),
                outcome="follow_up",
                follow_up_on=date(2025, 5, 8),
            ),
            records.session(
                ids["h3"], occurred_at=_at("2025-05-09T03:00:00")
            ),  # came back: no longer overdue
            records.session(
                ids["h4"], outcome="follow_up", follow_up_on=today + timedelta(days=3)
            ),  # not due yet
        ],
    )
    h5 = records.household(world.village_b)
    _push(
        client,
        device_b,
        [
            h5,
            records.session(
                h5["payload"]["id"],
                occurred_at=_at("2025-03-15T03:00:00"),
                outcome="follow_up",
                follow_up_on=date(2025, 3, 20),
            ),
        ],
    )
    ids["h5"] = h5["payload"]["id"]
    assert cli(["publish", str(make_bundle(tmp_path / "bundle"))], settings) == 0
    for commune in (world.commune_a, world.commune_a, world.commune_b, None):
        client.get("/g/vneid-m2", params={"c": commune} if commune else None)
    client.get("/g/lua-dao")
    return ids
