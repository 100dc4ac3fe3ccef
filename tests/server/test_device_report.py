"""A device tells the server how many records it holds set aside (refused, waiting for the
volunteer to fix or discard them); the team leader sees it on the devices page and in the API."""

from __future__ import annotations

from apitest import World
from webtest import Page, login


def test_the_team_leader_sees_that_a_device_holds_records_set_aside(
    client, world: World, device_a
) -> None:
    answer = client.post("/api/v1/device/report", json={"set_aside": 2}, headers=device_a)
    assert answer.status_code == 200, answer.text
    assert answer.json()["team_id"] == world.team_a
    listed = client.get(
        f"/api/v1/teams/{world.team_a}/devices", headers=World.auth(world.leader_a)
    ).json()
    assert [d["set_aside"] for d in listed] == [2]
    login(client, "lead-a")
    [row] = Page(client.get(f"/staff/teams/{world.team_a}/devices").text).tables["devices"]
    assert "2 bản ghi máy chủ chưa nhận, chờ sửa trên máy" in row[3]

    assert (
        client.post("/api/v1/device/report", json={"set_aside": 0}, headers=device_a).status_code
        == 200
    )
    [row] = Page(client.get(f"/staff/teams/{world.team_a}/devices").text).tables["devices"]
    assert row[3] == "Đang dùng"


def test_a_bad_report_is_refused(client, world: World, device_a) -> None:
    for body in ({"set_aside": -1}, {"set_aside": "2"}, {"set_aside": 2, "more": 1}, {}):
        answer = client.post("/api/v1/device/report", json=body, headers=device_a)
        assert answer.status_code == 422, (body, answer.text)
    assert client.post("/api/v1/device/report", json={"set_aside": 1}).status_code == 401
