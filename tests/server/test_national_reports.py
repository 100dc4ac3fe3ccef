"""The ministry's scope: every province side by side, narrowed to a province, a commune or a
team; the same JSON, CSV and dashboard as a province's; nobody else may ask for it."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import apitest as records
import pytest
from apitest import PASSWORD, World, _staff_token
from reportdata import PERIOD
from sqlalchemy import text
from sqlmodel import select
from webtest import Page, login, number

from server.cli import main as cli
from server.core.db import make_engine, reader, session_scope
from server.models import Area, NationalReport, Role, StaffUser
from server.reports import Period, ahead, default_period
from server.services import accounts
from wire import messages
from wire.clock import VIETNAM, as_utc, today_local, utcnow

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


def _made_ahead(client, token: str, chosen, status: int = 200) -> dict:
    params = {"from": chosen.first.isoformat(), "to": chosen.last.isoformat()}
    return _figures(client, token, status, **params)


def _figures_only(report: dict) -> dict:
    """A report without where it was read and how fresh."""
    return report | {"replica": None, "as_of": None, "made_ahead": None}


def test_the_countrys_report_made_ahead_is_the_one_built_when_asked(
    client, settings, world: World, ministry, device_a
) -> None:
    """`admin make-reports` makes the country's default period and 365 days; they are served
    as made until they are made again, and every other report is still built when asked."""
    today = today_local()
    chosen = ahead.periods(today)
    assert chosen == [default_period(today), Period(today - timedelta(days=364), today)]
    built = [_made_ahead(client, ministry, p) for p in chosen]
    assert {r["made_ahead"] for r in built} == {False}
    assert cli(["make-reports"], settings) == 0
    made = [_made_ahead(client, ministry, p) for p in chosen]
    assert [_figures_only(r) for r in made] == [_figures_only(r) for r in built]
    assert {r["made_ahead"] for r in made} == {True} and None not in {r["as_of"] for r in made}
    unasked = client.get(FIGURES, headers=World.auth(ministry)).json()  # the default period
    assert unasked == made[0]

    # A session recorded now: the country's figures made ahead wait for the next making.
    household = records.household(world.village_a)
    answer = client.post(
        "/api/v1/sync/push",
        json={"records": [household, records.session(household["payload"]["id"])]},
        headers=device_a,
    )
    assert answer.status_code == 200, answer.text
    assert [_made_ahead(client, ministry, p)["sessions"] for p in chosen] == [
        r["sessions"] for r in made
    ]
    assert cli(["make-reports"], settings) == 0  # made a moment ago: not made again
    assert [_made_ahead(client, ministry, p)["sessions"] for p in chosen] == [
        r["sessions"] for r in made
    ]
    engine = make_engine(settings.url)
    with session_scope(engine) as session:  # as if made one timer's round ago
        for row in session.exec(select(NationalReport)):
            row.as_of -= ahead.EVERY
    engine.dispose()
    assert cli(["make-reports"], settings) == 0
    again = [_made_ahead(client, ministry, p) for p in chosen]
    assert [r["sessions"] for r in again] == [r["sessions"] + 1 for r in made]
    assert {r["made_ahead"] for r in again} == {True}

    # Any other period, and every narrower scope, is built when asked.
    assert _figures(client, ministry, **PERIOD)["made_ahead"] is False
    province = _figures(client, ministry, province="qn", **{"from": chosen[0].first.isoformat()})
    assert province["made_ahead"] is False and province["scope"]["level"] == "province"

    login(client, "bo")
    page = Page(client.get("/staff/report").text)
    freshness = page.html.split('id="freshness">', 1)[1].split("<", 1)[0]
    moment = f"{datetime.fromisoformat(again[0]['as_of']).astimezone(VIETNAM):%H:%M:%S %d/%m/%Y}"
    assert freshness == messages.text("staff_report_made_ahead", moment=moment)
    side = {r[0]: r for r in page.tables["by-province"]}
    assert number(side["Tỉnh Quảng Ninh"][1]) == again[0]["sessions"]


def test_a_report_made_ahead_is_served_for_half_an_hour_then_built_again(
    settings, world: World, ministry
) -> None:
    engine = make_engine(settings.url)
    made_at = utcnow()
    assert ahead.make(engine, reader(engine), now=made_at) == ahead.periods(today_local(made_at))
    with session_scope(engine) as session:
        row = session.exec(select(NationalReport)).first()
        chosen, today = Period(row.period_first, row.period_last), row.today
        later = as_utc(row.as_of) + ahead.SERVED_FOR
        assert ahead.read(session, chosen, today, now=later - timedelta(seconds=1)) is not None
        assert ahead.read(session, chosen, today, now=later + timedelta(seconds=1)) is None
        assert ahead.read(session, chosen, today - timedelta(days=1), now=made_at) is None
        row.report = {**row.report, "sessions": "not a number"}  # an older release's shape
        session.flush()
        assert ahead.read(session, chosen, today, now=later - timedelta(seconds=1)) is None
    # The next day's making lets the days before go.
    tomorrow = made_at + timedelta(days=1)
    assert ahead.make(engine, reader(engine), now=tomorrow) == ahead.periods(today_local(tomorrow))
    with session_scope(engine) as session:
        days = set(session.exec(select(NationalReport.today)))
    engine.dispose()
    assert days == {today_local(tomorrow)}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_one_process_makes_them_while_the_others_leave(settings, world: World, ministry) -> None:
    """Each API machine runs the timer: while one holds the making lock the others make
    nothing, and once it is free one makes them."""
    engine = make_engine(settings.url)
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ahead.MAKING_LOCK})
        assert ahead.make(engine, reader(engine)) == []
        holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ahead.MAKING_LOCK})
    assert ahead.make(engine, reader(engine)) == ahead.periods(today_local())
    with session_scope(engine) as session:
        assert len(session.exec(select(NationalReport)).all()) == 2
    engine.dispose()
