"""The ministry's scope: every province side by side, narrowed to a province, a commune or a
team; the same JSON, CSV and dashboard as a province's; nobody else may ask for it."""

from __future__ import annotations

import csv
import io

import pytest
from apitest import PASSWORD, World, _staff_token
from reportdata import PERIOD
from webtest import Page, login, number

from server.core.db import make_engine, session_scope
from server.models import Area, Role, StaffUser
from server.services import accounts

FIGURES = "/api/v1/reports/figures"


@pytest.fixture
def ministry(settings, world: World, seeded, password_hash) -> str:
    """A second province with a commune and no work yet, and a national admin's token."""
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        s.add(Area(id="hn", level="province", name="Thành phố Hà Nội"))
        s.flush()
        s.add(Area(id="hn.ba-dinh", parent_id="hn", level="commune", name="Phường Ba Đình"))
        s.flush()
        user = accounts.add_staff(s, "bo", PASSWORD, Role.NATIONAL_ADMIN.value, "cli")
        assert (user.area_id, user.team_id) == (None, None)
        token = _staff_token(s, user)
    engine.dispose()
    return token


def _figures(client, token: str, status: int = 200, **params: str) -> dict:
    answer = client.get(FIGURES, params={**PERIOD, **params}, headers=World.auth(token))
    assert answer.status_code == status, answer.text
    return answer.json()


def test_the_ministry_sees_every_province_side_by_side(client, world: World, ministry) -> None:
    country = _figures(client, ministry)
    assert country["scope"]["level"] == "country"
    assert (country["households_reached"], country["sessions"], country["follow_ups_overdue"]) == (
        5,
        7,
        2,
    )
    sides = {p["province_id"]: p for p in country["by_province"]}
    assert sides["qn"] | {"name": ""} == {
        "province_id": "qn",
        "name": "",
        "sessions": 7,
        "households": 5,
        "follow_ups_overdue": 2,
    }
    assert (sides["hn"]["sessions"], sides["hn"]["households"]) == (0, 0)
    province = _figures(client, world.admin)
    assert province["by_province"] == []
    assert _figures(client, ministry, province="qn") | {"replica": None, "as_of": None} == (
        province | {"replica": None, "as_of": None}
    )
    commune = _figures(client, ministry, commune=world.commune_b)
    assert (commune["scope"]["level"], commune["sessions"]) == ("commune", 1)
    team = _figures(client, ministry, team=str(world.team_a))
    assert (team["scope"]["level"], team["sessions"], team["overdue_households"]) == (
        "team",
        6,
        [],
    )
    assert country["replica"] is False and country["as_of"] is None  # live on the primary


def test_only_the_ministry_asks_for_a_province_other_than_its_own(
    client, world: World, ministry, commune_staff_a
) -> None:
    _figures(client, world.admin, 403, province="hn")
    _figures(client, commune_staff_a, 403, province="qn")
    _figures(client, world.leader_a, 403, province="qn")
    assert _figures(client, world.admin, province="qn")["scope"]["level"] == "province"
    assert _figures(client, ministry, 404, province="qn.quang-la")["error"]["code"] == (
        "unknown_province"
    )


def test_the_countrys_csv_and_dashboard(client, world: World, ministry, settings) -> None:
    answer = client.get(FIGURES + ".csv", params=PERIOD, headers=World.auth(ministry))
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.text.removeprefix("\ufeff"))))
    provinces = {(r[1], r[3]): int(r[4]) for r in rows if r[0] == "province"}
    assert provinces[("qn", "sessions")] == 7 and provinces[("hn", "households")] == 0
    assert rows[1][1] == "country:vn"
    login(client, "bo")
    page = Page(client.get("/staff/report", params=PERIOD).text)
    side = {r[0]: r for r in page.tables["by-province"]}
    assert number(side["Tỉnh Quảng Ninh"][1]) == 7 and number(side["Tỉnh Quảng Ninh"][4]) == 2
    narrowed = client.get("/staff/report", params={**PERIOD, "province": "qn"}).text
    assert "by-province" not in narrowed and "Tỉnh Quảng Ninh" in narrowed
    assert client.get("/staff/report.csv", params={"province": "hn"}).status_code == 200


def test_the_staff_command_makes_a_national_admin(settings, world: World) -> None:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        user = accounts.add_staff(s, "bo-2", PASSWORD, "national_admin", "cli", area_id="qn")
        assert s.get(StaffUser, user.id).area_id is None
    engine.dispose()
