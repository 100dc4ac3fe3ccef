"""Fixtures shared by the test packages: a real device store in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import demo
from app.db import Store
from app.services import areas, guides
from content.manifest import load_manifest


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh device store (a SQLite file in tmp_path) with the bundled guides imported and
    the demo commune's areas (app.demo.VILLAGES) added, but no households."""
    opened = Store(tmp_path / "cnscd.sqlite3")
    guides.import_manifest(opened, load_manifest())
    areas.add(opened, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    yield opened
    opened.close()
