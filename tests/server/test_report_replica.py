"""Reports read off the primary: with CNSCD_REPORTS_DATABASE_URL naming a real streaming
replica (pg_basebackup -R of the test cluster), the JSON, CSV and dashboard come from the
replica, say how fresh they are, and once it has replayed the primary's changes they match
the figures counted on the primary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import apitest as records
import pytest
from apitest import World
from fastapi.encoders import jsonable_encoder
from reportdata import PERIOD
from sqlalchemy.engine import make_url
from sqlmodel import select
from support import pgcluster
from webtest import Page, login

from server import reports
from server.core.config import Settings
from server.core.db import make_engine, session_scope
from server.models import StaffUser
from wire import messages

FIGURES = "/api/v1/reports/figures"


@pytest.fixture(scope="module")
def replica(pg_cluster, tmp_path_factory) -> Iterator[pgcluster.Cluster]:
    standby = pgcluster.start_replica(pg_cluster, tmp_path_factory.mktemp("replica"))
    yield standby
    standby.stop()


@pytest.fixture
def database_url(pg_database) -> str:
    return pg_database()


@pytest.fixture
def settings(database_url: str, tmp_path, replica) -> Settings:
    name = make_url(database_url).database
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        reports_database_url=replica.url(name),
        public_base_url="https://cnscd.example.vn",
    )


def _on_primary(settings: Settings, username: str, **params) -> dict:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        staff = s.exec(select(StaffUser).where(StaffUser.username == username)).one()
        report = reports.for_staff(s, staff, first=date(2025, 1, 1), **params)
    engine.dispose()
    return report


def _comparable(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in {"replica", "as_of"}}


def test_reports_served_off_a_replica_match_the_primary(
    client, settings, world: World, seeded, device_a
) -> None:
    pgcluster.wait_for_replay(settings.url, settings.reports_url)
    for token, username in ((world.admin, "admin"), (world.leader_a, "lead-a")):
        answer = client.get(FIGURES, params=PERIOD, headers=World.auth(token))
        assert answer.status_code == 200, answer.text
        served = answer.json()
        assert served["replica"] is True and served["as_of"] is not None
        primary = _on_primary(settings, username)
        assert primary.replica is False
        assert _comparable(served) == _comparable(_json(primary))

    # More work on the primary shows on the replica once replayed.
    household = records.household(world.village_a)
    batch = [household, records.session(household["payload"]["id"])]
    assert client.post("/api/v1/sync/push", json={"records": batch}, headers=device_a).is_success
    pgcluster.wait_for_replay(settings.url, settings.reports_url)
    served = client.get(FIGURES, params=PERIOD, headers=World.auth(world.admin)).json()
    assert served["sessions"] == 8
    assert _comparable(served) == _comparable(_json(_on_primary(settings, "admin")))

    login(client, "admin")
    page = Page(client.get("/staff/report", params=PERIOD).text)
    freshness = page.html.split('id="freshness">', 1)[1].split("<", 1)[0]
    live = messages.text("staff_report_live")
    assert freshness != live and freshness.startswith(
        messages.text("staff_report_replica_as_of", moment="")[:20]
    )


def _json(report: reports.Report) -> dict:
    return jsonable_encoder(report)
