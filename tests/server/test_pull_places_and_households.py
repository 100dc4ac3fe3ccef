"""GET /api/v1/sync/pull: the places of the team's commune changed after the cursor come like
guides do (a village added or retired after a device enrolled reaches it; another commune's
does not), and households come before the sessions, so each household is sent once per pull
however many pages its sessions span."""

from __future__ import annotations

import apitest as records
from apitest import World

from server.core.db import make_engine, session_scope
from server.services import accounts


def _push(client, device, batch) -> None:
    answer = client.post("/api/v1/sync/push", json={"records": batch}, headers=device)
    assert answer.status_code == 200, answer.text


def _pages(client, device, cursor: str | None = None) -> list[dict]:
    pages = []
    while True:
        page = client.get(
            "/api/v1/sync/pull", params={"cursor": cursor} if cursor else {}, headers=device
        ).json()
        pages.append(page)
        cursor = page["cursor"]
        if not page["more"]:
            return pages


def test_each_household_is_sent_once_per_pull_and_before_its_sessions(
    client, app, world: World, device_a
) -> None:
    from apitest import enrol

    app.state.cnscd.settings = app.state.cnscd.settings.with_(max_pull_records=7)
    households = [records.household(world.village_a, name=f"Hộ {n}") for n in range(12)]
    sessions = []
    for round_ in range(3):  # every household has a session in every third of the history
        batch = [records.session(h["payload"]["id"], note=f"lần {round_}") for h in households]
        sessions += batch
        _push(client, device_a, (households if round_ == 0 else []) + batch)
    edited = records.household(
        world.village_a, name="Hộ 0 (sửa)", record_id=households[0]["payload"]["id"]
    )
    _push(client, device_a, [edited])

    other = World.auth(enrol(client, world.leader_a, world.team_a, "Máy mới"))
    pages = _pages(client, other)
    sent = [h["id"] for page in pages for h in page["households"]]
    assert sorted(sent) == sorted(h["payload"]["id"] for h in households)  # each once
    got: set[str] = set()
    for page in pages:  # a page's sessions find their households on the device already
        got |= {h["id"] for h in page["households"]}
        assert {s["household_id"] for s in page["help_sessions"]} <= got
    assert sorted(s["id"] for page in pages for s in page["help_sessions"]) == sorted(
        s["payload"]["id"] for s in sessions
    )
    names = {h["id"]: h["head_name"] for page in pages for h in page["households"]}
    assert names[households[0]["payload"]["id"]] == "Hộ 0 (sửa)"


def test_a_device_cursor_of_two_parts_still_reads(client, world: World, device_a) -> None:
    h = records.household(world.village_a)
    _push(client, device_a, [h])
    old = client.get("/api/v1/sync/pull", params={"cursor": "0.0"}, headers=device_a).json()
    assert [x["id"] for x in old["households"]] == [h["payload"]["id"]]
    after = client.get("/api/v1/sync/pull", params={"cursor": "0.99"}, headers=device_a).json()
    assert after["households"] == []


def test_places_added_or_retired_after_enrolment_reach_the_commune_only(
    client, settings, world: World, device_a
) -> None:
    cursor = _pages(client, device_a)[-1]["cursor"]
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        accounts.add_area(s, "qn.quang-la.thon-moi", "village", "Thôn Mới", "qn.quang-la", "test")
        accounts.add_area(
            s, "qn.dong-ngu.thon-moi", "village", "Thôn Mới Đông Ngũ", "qn.dong-ngu", "test"
        )
    [page] = _pages(client, device_a, cursor)
    areas = {a["id"]: a for a in page["areas"]}
    assert areas["qn.quang-la.thon-moi"] == {
        "id": "qn.quang-la.thon-moi",
        "parent_id": "qn.quang-la",
        "level": "village",
        "name": "Thôn Mới",
    }  # not retired
    assert "qn.dong-ngu.thon-moi" not in areas and "qn.quang-la" in areas  # with its commune
    # A household can be placed there at once.
    _push(client, device_a, [records.household("qn.quang-la.thon-moi")])

    with session_scope(engine) as s:
        accounts.retire_area(s, world.village_a, "test")
    engine.dispose()
    [page] = _pages(client, device_a, page["cursor"])
    villages = {a["id"]: a.get("retired", False) for a in page["areas"] if a["level"] == "village"}
    assert villages[world.village_a] is True and villages["qn.quang-la.thon-moi"] is False
    refused = client.post(
        "/api/v1/sync/push",
        json={"records": [records.household(world.village_a)]},
        headers=device_a,
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unknown_village"
    fresh = _pages(client, device_a)[0]  # from the start: every village, the retired one said so
    assert {a["id"]: a.get("retired", False) for a in fresh["areas"]}[world.village_a] is True
