"""Teams and staff accounts over the API: a province admin adds teams and accounts in the
province only; leaders and commune staff cannot; every staff member lists only their teams."""

from __future__ import annotations

from apitest import PASSWORD, World
from sqlmodel import Session, select

from server.models import Area, AuditEntry, StaffUser


def _add_other_province(app) -> None:
    with Session(app.state.cnscd.engine) as s:
        s.add(Area(id="hp", level="province", name="Thành phố Hải Phòng"))
        s.flush()
        s.add(Area(id="hp.an-lu", parent_id="hp", level="commune", name="Xã An Lư"))
        s.commit()


def test_a_province_admin_adds_a_team_and_its_leader_who_can_then_log_in(
    client, app, world: World
) -> None:
    admin = World.auth(world.admin)
    team = client.post(
        "/api/v1/teams",
        json={"commune_id": world.commune_a, "name": "Tổ CNSCĐ thôn Khe Lạc"},
        headers=admin,
    )
    assert team.status_code == 201, team.text
    assert team.json()["commune_id"] == world.commune_a
    leader = client.post(
        "/api/v1/staff",
        json={
            "username": "to-truong.khe-lac",
            "password": PASSWORD,
            "role": "team_leader",
            "team_id": team.json()["id"],
        },
        headers=admin,
    )
    assert leader.status_code == 201, leader.text
    assert leader.json() | {"id": 0} == {
        "id": 0,
        "username": "to-truong.khe-lac",
        "role": "team_leader",
        "area_id": world.commune_a,
        "team_id": team.json()["id"],
    }
    login = client.post(
        "/api/v1/auth/login", json={"username": "to-truong.khe-lac", "password": PASSWORD}
    )
    assert login.status_code == 200 and login.json()["role"] == "team_leader"
    teams = client.get("/api/v1/teams", headers=World.auth(login.json()["token"])).json()
    assert [t["id"] for t in teams] == [team.json()["id"]]
    with Session(app.state.cnscd.engine) as s:
        actions = [
            e.action
            for e in s.exec(select(AuditEntry).where(AuditEntry.actor.startswith("staff:")))
        ]
    assert "team.add" in actions and "staff.add" in actions


def test_commune_staff_accounts(client, world: World) -> None:
    made = client.post(
        "/api/v1/staff",
        json={
            "username": "can-bo.quang-la",
            "password": PASSWORD,
            "role": "commune_staff",
            "commune_id": world.commune_a,
        },
        headers=World.auth(world.admin),
    )
    assert made.status_code == 201 and made.json()["area_id"] == world.commune_a
    token = client.post(
        "/api/v1/auth/login", json={"username": "can-bo.quang-la", "password": PASSWORD}
    ).json()["token"]
    assert [t["id"] for t in client.get("/api/v1/teams", headers=World.auth(token)).json()] == [
        world.team_a
    ]


def test_only_a_province_admin_of_that_province_may_add(
    client, app, world: World, commune_staff_a
) -> None:
    _add_other_province(app)
    for token in (world.leader_a, commune_staff_a):
        answer = client.post(
            "/api/v1/teams",
            json={"commune_id": world.commune_a, "name": "Tổ mới"},
            headers=World.auth(token),
        )
        assert answer.status_code == 403, answer.text
        answer = client.post(
            "/api/v1/staff",
            json={
                "username": "ke-la",
                "password": PASSWORD,
                "role": "commune_staff",
                "commune_id": world.commune_a,
            },
            headers=World.auth(token),
        )
        assert answer.status_code == 403, answer.text
    admin = World.auth(world.admin)
    assert (
        client.post(
            "/api/v1/teams", json={"commune_id": "hp.an-lu", "name": "Tổ An Lư"}, headers=admin
        ).status_code
        == 403
    )
    answer = client.post(
        "/api/v1/staff",
        json={
            "username": "can-bo.an-lu",
            "password": PASSWORD,
            "role": "commune_staff",
            "commune_id": "hp.an-lu",
        },
        headers=admin,
    )
    assert answer.status_code == 403
    # no province admins from here: those come from the CLI at setup
    answer = client.post(
        "/api/v1/staff",
        json={
            "username": "admin2",
            "password": PASSWORD,
            "role": "province_admin",
            "commune_id": world.commune_a,
        },
        headers=admin,
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_role"
    with Session(app.state.cnscd.engine) as s:
        assert {u.username for u in s.exec(select(StaffUser))} == {
            "lead-a",
            "lead-b",
            "admin",
            "xa-a",
        }


def test_bad_account_input_is_refused_with_a_code(client, world: World) -> None:
    admin = World.auth(world.admin)
    cases = [
        (
            {
                "username": "Có Dấu",
                "password": PASSWORD,
                "role": "commune_staff",
                "commune_id": world.commune_a,
            },
            "invalid_username",
        ),
        (
            {
                "username": "ngan",
                "password": "ngắn",
                "role": "commune_staff",
                "commune_id": world.commune_a,
            },
            "weak_password",
        ),
        (
            {
                "username": "lead-a",
                "password": PASSWORD,
                "role": "commune_staff",
                "commune_id": world.commune_a,
            },
            "username_taken",
        ),
        (
            {
                "username": "khong-to",
                "password": PASSWORD,
                "role": "team_leader",
                "team_id": 999999,
            },
            "unknown_team",
        ),
        (
            {
                "username": "khong-xa",
                "password": PASSWORD,
                "role": "commune_staff",
                "commune_id": world.village_a,
            },
            "unknown_commune",
        ),
        (
            {"username": "thua", "password": PASSWORD, "role": "commune_staff", "extra": 1},
            "unknown_field",
        ),
    ]
    for body, code in cases:
        answer = client.post("/api/v1/staff", json=body, headers=admin)
        assert answer.json()["error"]["code"] == code, (body, answer.text)
    answer = client.post(
        "/api/v1/teams", json={"commune_id": world.village_a, "name": "Tổ"}, headers=admin
    )
    assert answer.json()["error"]["code"] in {"unknown_commune", "invalid_value"}
