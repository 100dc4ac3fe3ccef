"""Fixtures for the sync tests: the real server on SQLite and on a real PostgreSQL (started
here), behind our fault-injecting proxy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from faultproxy import FaultProxy
from synctest import LiveServer, seed_team

from server.core.config import Settings
from server.core.db import migrate


def _settings(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
        migrate(url)
    else:
        url = request.getfixturevalue("pg_database")()
    return Settings(data_dir=tmp_path / "server-data", database_url=url)


@pytest.fixture(params=["sqlite", "postgresql"])
def server_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return _settings(request.param, tmp_path, request)


@pytest.fixture
def sqlite_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return _settings("sqlite", tmp_path, request)


@pytest.fixture
def live(server_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(server_settings) as server:
        yield server


@pytest.fixture
def proxy(live: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(live.port, restart=live.restart) as fault_proxy:
        yield fault_proxy


@pytest.fixture
def team(server_settings: Settings) -> int:
    return seed_team(server_settings).id
