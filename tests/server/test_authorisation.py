"""A device of team A can neither read nor write team B's records, on every device endpoint;
team A's leader reaches nothing of team B on any endpoint or page; no endpoint but the public
ones answers without a token. The endpoints are read from the app itself, so a new one is
covered (or the test says it is not) without anyone remembering to list it."""

from __future__ import annotations

import apitest as records
import fastapi.routing
import pytest
from apitest import World
from sqlmodel import Session
from webtest import login

from server.api.deps import current_device, current_staff
from server.models import HelpSession, Household
from server.web import session as web_session


@pytest.fixture
def b_data(client, world: World, device_b) -> dict[str, str]:
    h = records.household(world.village_b, name="Hộ của tổ B")
    s = records.session(h["payload"]["id"], note="ghi chú của tổ B")
    assert (
        client.post("/api/v1/sync/push", json={"records": [h, s]}, headers=device_b).status_code
        == 200
    )
    return {"household": h["payload"]["id"], "session": s["payload"]["id"]}


def _refused(answer) -> None:
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]["code"] == "forbidden_record"


def test_a_cannot_overwrite_bs_household(client, app, world: World, device_a, b_data) -> None:
    stolen = records.household(world.village_a, name="Ghi đè", record_id=b_data["household"])
    _refused(client.post("/api/v1/sync/push", json={"records": [stolen]}, headers=device_a))
    with Session(app.state.cnscd.engine) as s:
        assert s.get(Household, b_data["household"]).head_name == "Hộ của tổ B"


def test_a_cannot_attach_a_session_to_bs_household(
    client, app, world: World, device_a, b_data
) -> None:
    _refused(
        client.post(
            "/api/v1/sync/push",
            json={"records": [records.session(b_data["household"])]},
            headers=device_a,
        )
    )


def test_a_cannot_overwrite_bs_session(client, app, world: World, device_a, b_data) -> None:
    mine = records.household(world.village_a)
    hijack = records.session(mine["payload"]["id"], record_id=b_data["session"], note="đổi")
    _refused(client.post("/api/v1/sync/push", json={"records": [mine, hijack]}, headers=device_a))
    with Session(app.state.cnscd.engine) as s:
        assert s.get(HelpSession, b_data["session"]).note == "ghi chú của tổ B"
        assert s.get(Household, mine["payload"]["id"]) is None  # the whole batch was refused


def test_a_cannot_erase_bs_household(client, app, world: World, device_a, b_data) -> None:
    _refused(
        client.post(
            "/api/v1/sync/push",
            json={"records": [records.erasure(b_data["household"])]},
            headers=device_a,
        )
    )
    with Session(app.state.cnscd.engine) as s:
        assert s.get(Household, b_data["household"]) is not None


def test_a_never_pulls_bs_records(client, world: World, device_a, b_data) -> None:
    pulled = client.get("/api/v1/sync/pull", headers=device_a).json()
    assert (
        pulled["households"] == []
        and pulled["erased_households"] == []
        and pulled["help_sessions"] == []
    )
    assert all(
        area["id"].startswith(world.commune_a) or area["level"] == "province"
        for area in pulled["areas"]
    )
    text = client.get("/api/v1/sync/pull", headers=device_a).text
    assert b_data["household"] not in text and b_data["session"] not in text and "tổ B" not in text


def test_a_sees_its_own_team_only_in_whoami(client, world: World, device_a) -> None:
    assert client.get("/api/v1/device", headers=device_a).json()["team_id"] == world.team_a


def test_a_reports_its_own_set_aside_count_only(client, world: World, device_a, device_b) -> None:
    answer = client.post("/api/v1/device/report", json={"set_aside": 3}, headers=device_a)
    assert answer.status_code == 200
    team_b = client.get(
        f"/api/v1/teams/{world.team_b}/devices", headers=World.auth(world.leader_b)
    ).json()
    assert [d["set_aside"] for d in team_b] == [0]


def test_a_restored_copy_of_as_device_joins_team_a_only(
    client, world: World, device_a, device_b
) -> None:
    copy = client.post("/api/v1/device/restored", headers=device_a)
    assert copy.status_code == 201 and copy.json()["team_id"] == world.team_a
    team_b = client.get(
        f"/api/v1/teams/{world.team_b}/devices", headers=World.auth(world.leader_b)
    ).json()
    assert len(team_b) == 1


def test_staff_endpoints_refuse_a_device_token(client, world: World, device_a) -> None:
    for method, path in (
        ("POST", f"/api/v1/teams/{world.team_a}/enrolment-codes"),
        ("GET", f"/api/v1/teams/{world.team_a}/devices"),
        ("POST", "/api/v1/devices/1/revoke"),
        ("POST", "/api/v1/content/bundles"),
    ):
        assert client.request(method, path, headers=device_a).status_code == 401, path


def test_device_endpoints_refuse_a_staff_token(client, world: World) -> None:
    assert (
        client.get("/api/v1/sync/pull", headers=World.auth(world.leader_a)).json()["error"]["code"]
        == "invalid_token"
    )


# --- Every endpoint, read from the app ---------------------------------------------------------

# Reachable without a token or login, on purpose; anything else new must refuse strangers.
PUBLIC = {
    ("GET", "/healthz"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/enrol"),
    ("GET", "/api/v1/media/{sha256}"),
    ("HEAD", "/api/v1/media/{sha256}"),
    ("GET", "/g/"),
    ("GET", "/g/{code:path}"),
    ("GET", "/staff"),
    ("GET", "/staff/login"),
    ("POST", "/staff/login"),
}
# Each device endpoint and the test above that shows team A's device cannot use it on team B.
DEVICE_CROSS_TEAM_TESTS = {
    ("GET", "/api/v1/device"): test_a_sees_its_own_team_only_in_whoami,
    ("GET", "/api/v1/sync/pull"): test_a_never_pulls_bs_records,
    ("POST", "/api/v1/sync/push"): test_a_cannot_overwrite_bs_household,
    ("POST", "/api/v1/device/report"): test_a_reports_its_own_set_aside_count_only,
    ("POST", "/api/v1/device/restored"): test_a_restored_copy_of_as_device_joins_team_a_only,
}


def _needs(dependant, call) -> bool:
    return any(d.call is call or _needs(d, call) for d in dependant.dependencies)


def _routes(app) -> list:
    """Every route with its full path; newer FastAPI keeps included routers nested."""
    walk = getattr(fastapi.routing, "iter_route_contexts", None)
    return list(walk(app.routes)) if walk else list(app.routes)


def _endpoints(app, guard=None) -> list[tuple[str, str, object]]:
    found = []
    for route in _routes(app):
        dependant = getattr(route, "dependant", None)
        if dependant is not None and (guard is None or _needs(dependant, guard)):
            found += [(method, route.path, route) for method in sorted(route.methods)]
    return found


def _fill(path: str, ids: dict[str, object]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path.replace("{code:path}", "x").replace("{sha256}", "0" * 64)


def test_every_endpoint_is_public_on_purpose_or_guarded(app) -> None:
    guards = (current_device, current_staff, web_session.current, web_session.checked_form)
    guarded = {(m, p) for guard in guards for m, p, _ in _endpoints(app, guard)}
    everything = {(m, p) for m, p, _ in _endpoints(app)}
    assert everything - guarded == PUBLIC


def test_every_device_endpoint_has_a_cross_team_test(app) -> None:
    assert {(m, p) for m, p, _ in _endpoints(app, current_device)} == set(DEVICE_CROSS_TEAM_TESTS)


def test_every_device_endpoint_refuses_missing_staff_and_revoked_tokens(
    client, app, world: World
) -> None:
    revoked = records.enrol(client, world.leader_a, world.team_a, "Máy đã thu hồi")
    device_id = client.get("/api/v1/device", headers=World.auth(revoked)).json()["device_id"]
    client.post(f"/api/v1/devices/{device_id}/revoke", headers=World.auth(world.leader_a))
    for method, path, _ in _endpoints(app, current_device):
        assert client.request(method, path).json()["error"]["code"] == "missing_token", path
        assert (
            client.request(method, path, headers=World.auth(world.leader_a)).json()["error"]["code"]
            == "invalid_token"
        ), path
        assert (
            client.request(method, path, headers=World.auth(revoked)).json()["error"]["code"]
            == "device_revoked"
        ), path


def test_every_staff_endpoint_refuses_missing_and_device_tokens(
    client, app, world: World, device_a
) -> None:
    ids = {"team_id": world.team_a, "device_id": 1}
    for method, path, _ in _endpoints(app, current_staff):
        answer = client.request(method, _fill(path, ids))
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "missing_token", path
        assert client.request(method, _fill(path, ids), headers=device_a).status_code == 401, path


def test_every_staff_page_sends_strangers_to_the_login(client, app, world: World) -> None:
    ids = {"team_id": world.team_a, "device_id": 1}
    pages = {
        (m, p)
        for guard in (web_session.current, web_session.checked_form)
        for m, p, _ in _endpoints(app, guard)
    }
    assert ("POST", "/staff/logout") in pages
    for method, path in sorted(pages):
        answer = client.request(method, _fill(path, ids), follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/staff/login", (
            method,
            path,
        )


def _b_ids(client, world: World, device_b) -> dict[str, object]:
    return {
        "team_id": world.team_b,
        "device_id": client.get("/api/v1/device", headers=device_b).json()["device_id"],
    }


def test_team_as_leader_reaches_nothing_of_team_b_through_the_api(
    client, app, world: World, device_b
) -> None:
    ids = _b_ids(client, world, device_b)
    checked = 0
    for method, path, route in _endpoints(app, current_staff):
        queries = {p.alias for p in route.dependant.query_params}
        if "{team_id}" in path or "{device_id}" in path:
            answer = client.request(method, _fill(path, ids), headers=World.auth(world.leader_a))
        elif "team" in queries:
            answer = client.request(
                method, path, params={"team": world.team_b}, headers=World.auth(world.leader_a)
            )
        else:
            continue
        assert answer.status_code == 403, (method, path, answer.text)
        checked += 1
    assert checked >= 5
    assert (
        client.get("/api/v1/device", headers=device_b).status_code == 200
    )  # B's device was not revoked


def test_team_as_leader_reaches_nothing_of_team_b_through_the_pages(
    client, app, world: World, device_b
) -> None:
    ids = _b_ids(client, world, device_b)
    csrf = login(client, "lead-a")
    checked = 0
    for method, path, route in _endpoints(app, web_session.current):
        queries = {p.alias for p in route.dependant.query_params}
        data = {"csrf": csrf} if method == "POST" else None
        if "{team_id}" in path or "{device_id}" in path:
            answer = client.request(method, _fill(path, ids), data=data)
        elif "team" in queries:
            answer = client.request(method, path, params={"team": world.team_b})
        else:
            continue
        assert answer.status_code == 403, (method, path, answer.text)
        assert "Tổ CNSCĐ Đông Ngũ" not in answer.text
        checked += 1
    assert checked >= 5
    assert client.get("/api/v1/device", headers=device_b).status_code == 200
