"""Fixtures for the central API: every test that takes `settings` (or what builds on it) runs
against SQLite and against a real PostgreSQL cluster started here, with a team world seeded
through the services, and real HTTP (TestClient, or uvicorn on a free loopback port)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import reportdata
from apitest import PASSWORD, LiveServer, World, _staff_token, enrol
from fastapi import FastAPI
from fastapi.testclient import TestClient
from support import chromium as browsers

from server.core import security
from server.core.config import Settings
from server.core.db import make_engine, migrate, session_scope
from server.main import create_app
from server.models import Area, StaffUser, Team


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_database")()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_base_url="https://cnscd.example.vn",
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings, run_migrations=False)
    yield app
    app.state.cnscd.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def password_hash() -> str:
    return security.hash_password(PASSWORD)  # once: scrypt is slow on purpose


@pytest.fixture
def world(settings: Settings, password_hash: str) -> World:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        s.add(Area(id="qn", level="province", name="Tỉnh Quảng Ninh"))
        s.flush()
        for commune, name in (("qn.quang-la", "Xã Quảng La"), ("qn.dong-ngu", "Xã Đông Ngũ")):
            s.add(Area(id=commune, parent_id="qn", level="commune", name=name))
            s.flush()
            for n in (1, 2):
                s.add(
                    Area(
                        id=f"{commune}.thon-{n}",
                        parent_id=commune,
                        level="village",
                        name=f"Thôn {n}",
                    )
                )
        team_a, team_b = (
            Team(commune_id="qn.quang-la", name="Tổ CNSCĐ Quảng La"),
            Team(commune_id="qn.dong-ngu", name="Tổ CNSCĐ Đông Ngũ"),
        )
        s.add_all([team_a, team_b])
        s.flush()
        users = [
            StaffUser(
                username="lead-a",
                password_hash=password_hash,
                role="team_leader",
                area_id="qn.quang-la",
                team_id=team_a.id,
            ),
            StaffUser(
                username="lead-b",
                password_hash=password_hash,
                role="team_leader",
                area_id="qn.dong-ngu",
                team_id=team_b.id,
            ),
            StaffUser(
                username="admin", password_hash=password_hash, role="province_admin", area_id="qn"
            ),
        ]
        s.add_all(users)
        s.flush()
        world = World(team_a.id, team_b.id, *(_staff_token(s, u) for u in users))
    engine.dispose()
    return world


@pytest.fixture
def device_a(client: TestClient, world: World) -> dict[str, str]:
    return World.auth(enrol(client, world.leader_a, world.team_a))


@pytest.fixture
def device_b(client: TestClient, world: World) -> dict[str, str]:
    return World.auth(enrol(client, world.leader_b, world.team_b, "Điện thoại B"))


@pytest.fixture
def live(app: FastAPI) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def commune_staff_a(settings: Settings, world: World, password_hash: str) -> str:
    """A commune staff account for commune A ('xa-a'); answers its bearer token."""
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        user = StaffUser(
            username="xa-a",
            password_hash=password_hash,
            role="commune_staff",
            area_id=world.commune_a,
        )
        s.add(user)
        s.flush()
        token = _staff_token(s, user)
    engine.dispose()
    return token


@pytest.fixture
def seeded(
    client: TestClient, settings: Settings, tmp_path: Path, world: World, device_a, device_b
) -> dict[str, str]:
    """Households, sessions and QR opens for the report tests (tests/server/reportdata.py)."""
    return reportdata.seed(client, settings, tmp_path, world, device_a, device_b)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """A headless Chromium for this module's tests (skipped, or failed in CI, when missing)."""
    with browsers.launched() as browser:
        yield browser


@pytest.fixture
def phone(chromium):
    """A phone-sized page (390x844) that may reach only this machine; `page.failures` lists
    failed requests and console errors."""
    context = browsers.phone_context(
        chromium, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.failures = []
    page.on("requestfailed", lambda r: page.failures.append(f"request {r.url}: {r.failure}"))
    page.on(
        "console",
        lambda m: page.failures.append(f"console {m.text}") if m.type == "error" else None,
    )
    try:
        yield page
    finally:
        context.close()
