"""Fixtures for the sync tests: the real server on SQLite and on a real PostgreSQL (started
here), behind our fault-injecting proxy."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from faultproxy import FaultProxy
from synctest import LiveServer, seed_team

from server import pgcluster
from server.core.config import Settings
from server.core.db import migrate

_names = itertools.count(1)


@pytest.fixture(scope="session")
def sync_pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pgcluster.Cluster]:
    if pgcluster.find_bin() is None:
        reason = "PostgreSQL is not installed (python3 dev.py test installs it where it has root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    cluster = pgcluster.start(tmp_path_factory.mktemp("sync-pg"))
    cluster.create_database("sync_template")
    migrate(cluster.url("sync_template"))
    yield cluster
    cluster.stop()


def _settings(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
        migrate(url)
    else:
        cluster = request.getfixturevalue("sync_pg")
        url = cluster.create_database(f"s{next(_names)}", template="sync_template")
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
