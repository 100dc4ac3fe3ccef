"""GET /api/v1/sync/pull: the team's households and erasures and everyone's guides after a
cursor; the cursor advances in pages and never skips a change."""

from __future__ import annotations

from datetime import datetime

import apitest as records
from apitest import World


def _push(client, device, batch) -> None:
    answer = client.post("/api/v1/sync/push", json={"records": batch}, headers=device)
    assert answer.status_code == 200, answer.text


def test_pull_from_the_start_then_only_what_changed(client, world: World, device_a) -> None:
    first = [records.household(world.village_a, name=f"Hộ số {n}") for n in range(3)]
    _push(client, device_a, first)
    pulled = client.get("/api/v1/sync/pull", headers=device_a).json()
    assert {h["id"] for h in pulled["households"]} == {r["payload"]["id"] for r in first}
    assert pulled["more"] is False
    nothing = client.get(
        "/api/v1/sync/pull", params={"cursor": pulled["cursor"]}, headers=device_a
    ).json()
    assert nothing["households"] == [] and nothing["cursor"] == pulled["cursor"]
    edited = records.household(
        world.village_a, name="Hộ số 1 (sửa)", record_id=first[1]["payload"]["id"]
    )
    _push(client, device_a, [edited])
    changed = client.get(
        "/api/v1/sync/pull", params={"cursor": pulled["cursor"]}, headers=device_a
    ).json()
    assert [(h["id"], h["head_name"]) for h in changed["households"]] == [
        (first[1]["payload"]["id"], "Hộ số 1 (sửa)")
    ]
    assert datetime.fromisoformat(changed["households"][0]["updated_at"]) == datetime.fromisoformat(
        edited["payload"]["updated_at"]
    )


def test_a_second_device_of_the_team_sees_the_first_ones_households(
    client, world: World, device_a
) -> None:
    from apitest import enrol

    other = World.auth(enrol(client, world.leader_a, world.team_a, "Máy thứ hai"))
    h = records.household(world.village_a)
    _push(client, device_a, [h])
    assert [
        x["id"] for x in client.get("/api/v1/sync/pull", headers=other).json()["households"]
    ] == [h["payload"]["id"]]


def test_erasures_are_pulled_and_the_household_is_gone(client, world: World, device_a) -> None:
    h = records.household(world.village_a)
    _push(client, device_a, [h])
    cursor = client.get("/api/v1/sync/pull", headers=device_a).json()["cursor"]
    _push(client, device_a, [records.erasure(h["payload"]["id"])])
    pulled = client.get("/api/v1/sync/pull", params={"cursor": cursor}, headers=device_a).json()
    assert pulled["erased_households"] == [h["payload"]["id"]] and pulled["households"] == []
    fresh = client.get("/api/v1/sync/pull", headers=device_a).json()
    assert fresh["households"] == [] and fresh["erased_households"] == [h["payload"]["id"]]


def test_pages_follow_each_other_without_loss(client, app, world: World, device_a) -> None:
    app.state.cnscd.settings = app.state.cnscd.settings.with_(max_pull_records=7)
    batch = [records.household(world.village_a, name=f"Hộ {n}") for n in range(20)]
    _push(client, device_a, batch)
    _push(client, device_a, [records.erasure(batch[0]["payload"]["id"])])
    seen, erased, cursor, pages = [], [], None, 0
    while True:
        page = client.get(
            "/api/v1/sync/pull", params={"cursor": cursor} if cursor else {}, headers=device_a
        ).json()
        pages += 1
        assert len(page["households"]) + len(page["erased_households"]) <= 7
        seen += [h["id"] for h in page["households"]]
        erased += page["erased_households"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert pages == 3
    assert sorted(seen) == sorted(r["payload"]["id"] for r in batch[1:]) and erased == [
        batch[0]["payload"]["id"]
    ]


def test_a_bad_cursor_is_refused(client, world: World, device_a) -> None:
    for cursor in ("abc", "1", "1.2.3.4", "-1.0", "1;DROP TABLE households"):
        answer = client.get("/api/v1/sync/pull", params={"cursor": cursor}, headers=device_a)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_cursor", (
            cursor
        )


def test_the_teams_help_sessions_come_with_their_households_clocks_and_places(
    client, world: World, device_a
) -> None:
    from apitest import enrol

    other = World.auth(enrol(client, world.leader_a, world.team_a, "Máy thứ hai"))
    h = records.household(world.village_a)
    _push(client, device_a, [h])
    before = client.get("/api/v1/sync/pull", headers=other).json()
    # The household came with its clocks and its place; the device has it from now on.
    [household] = before["households"]
    assert household["id"] == h["payload"]["id"] and household["clocks"] == h["payload"]["clocks"]
    assert {world.village_a, world.commune_a, "qn"} <= {a["id"] for a in before["areas"]}
    s = records.session(
        h["payload"]["id"],
        note="Hẹn quay lại",
        outcome="follow_up",
        follow_up_on=datetime.now().date(),
    )
    _push(client, device_a, [s])
    page = client.get(
        "/api/v1/sync/pull", params={"cursor": before["cursor"]}, headers=other
    ).json()
    assert [x["id"] for x in page["help_sessions"]] == [s["payload"]["id"]]
    assert page["help_sessions"][0]["follow_up_on"] == s["payload"]["follow_up_on"]
    assert page["households"] == []  # sent once: the device holds it already
    first = client.get("/api/v1/sync/pull", headers=other).json()
    villages = {a["id"] for a in first["areas"] if a["level"] == "village"}
    assert villages == {
        world.village_a,
        "qn.quang-la.thon-2",
    }  # from the start: every village of the commune


def test_another_teams_sessions_are_never_pulled(client, world: World, device_a, device_b) -> None:
    h = records.household(world.village_a)
    _push(client, device_a, [h, records.session(h["payload"]["id"])])
    page = client.get("/api/v1/sync/pull", headers=device_b).json()
    assert page["help_sessions"] == [] and page["households"] == []
