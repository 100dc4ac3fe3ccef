"""A device of team A can neither read nor write team B's records, on every device endpoint;
no endpoint but the public ones answers without a token."""

from __future__ import annotations

import apitest as records
import pytest
from apitest import World
from sqlmodel import Session

from server.models import HelpSession, Household


@pytest.fixture
def b_data(client, world: World, device_b) -> dict[str, str]:
    h = records.household(world.village_b, name="Hộ của tổ B")
    s = records.session(h["payload"]["id"], note="ghi chú của tổ B")
    assert client.post("/api/v1/sync/push", json={"records": [h, s]}, headers=device_b).status_code == 200
    return {"household": h["payload"]["id"], "session": s["payload"]["id"]}


def _refused(answer) -> None:
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]["code"] == "forbidden_record"


def test_a_cannot_overwrite_bs_household(client, app, world: World, device_a, b_data) -> None:
    stolen = records.household(world.village_a, name="Ghi đè", record_id=b_data["household"])
    _refused(client.post("/api/v1/sync/push", json={"records": [stolen]}, headers=device_a))
    with Session(app.state.cnscd.engine) as s:
        assert s.get(Household, b_data["household"]).head_name == "Hộ của tổ B"


def test_a_cannot_attach_a_session_to_bs_household(client, app, world: World, device_a, b_data) -> None:
    _refused(client.post("/api/v1/sync/push", json={"records": [records.session(b_data["household"])]}, headers=device_a))


def test_a_cannot_overwrite_bs_session(client, app, world: World, device_a, b_data) -> None:
    mine = records.household(world.village_a)
    hijack = records.session(mine["payload"]["id"], record_id=b_data["session"], note="đổi")
    _refused(client.post("/api/v1/sync/push", json={"records": [mine, hijack]}, headers=device_a))
    with Session(app.state.cnscd.engine) as s:
        assert s.get(HelpSession, b_data["session"]).note == "ghi chú của tổ B"
        assert s.get(Household, mine["payload"]["id"]) is None  # the whole batch was refused


def test_a_cannot_erase_bs_household(client, app, world: World, device_a, b_data) -> None:
    _refused(client.post("/api/v1/sync/push", json={"records": [records.erasure(b_data["household"])]}, headers=device_a))
    with Session(app.state.cnscd.engine) as s:
        assert s.get(Household, b_data["household"]) is not None


def test_a_never_pulls_bs_households(client, world: World, device_a, b_data) -> None:
    pulled = client.get("/api/v1/sync/pull", headers=device_a).json()
    assert pulled["households"] == [] and pulled["erased_households"] == []
    assert b_data["household"] not in client.get("/api/v1/sync/pull", headers=device_a).text


def test_a_sees_its_own_team_only_in_whoami(client, world: World, device_a) -> None:
    assert client.get("/api/v1/device", headers=device_a).json()["team_id"] == world.team_a


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/device"),
    ("GET", "/api/v1/sync/pull"),
    ("POST", "/api/v1/sync/push"),
    ("POST", "/api/v1/teams/1/enrolment-codes"),
    ("GET", "/api/v1/teams/1/devices"),
    ("POST", "/api/v1/devices/1/revoke"),
    ("POST", "/api/v1/content/bundles"),
])
def test_every_private_endpoint_needs_a_token(client, world: World, method: str, path: str) -> None:
    answer = client.request(method, path)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "missing_token"


def test_staff_endpoints_refuse_a_device_token(client, world: World, device_a) -> None:
    for method, path in (("POST", f"/api/v1/teams/{world.team_a}/enrolment-codes"), ("GET", f"/api/v1/teams/{world.team_a}/devices"),
                         ("POST", "/api/v1/devices/1/revoke"), ("POST", "/api/v1/content/bundles")):
        assert client.request(method, path, headers=device_a).status_code == 401, path


def test_device_endpoints_refuse_a_staff_token(client, world: World) -> None:
    assert client.get("/api/v1/sync/pull", headers=World.auth(world.leader_a)).json()["error"]["code"] == "invalid_token"
