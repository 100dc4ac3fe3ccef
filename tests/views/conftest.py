"""Fixtures of the view tests: the real device store (tests/conftest.py) and a Shell on it,
without a Flet page, driven through the screens' own handlers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from viewtest import PUBLIC_BASE_URL

# The sync screen's tests run the real central API with the sync tests' helpers (synctest).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))

from app.config import Settings
from app.db import Store
from views.shell import Shell


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, public_base_url=PUBLIC_BASE_URL)


@pytest.fixture
def shell(store: Store, app_settings: Settings) -> Shell:
    """The app as the web client would get it (media by URL), opened on the library."""
    return Shell(store, app_settings, web=True)


@pytest.fixture
def small_shell(tmp_path: Path, app_settings: Settings):
    """A Shell on a store holding exactly viewtest.small_manifest's three guides."""
    from viewtest import small_manifest

    from app import demo
    from app.services import areas, guides

    small = Store(tmp_path / "small.sqlite3")
    guides.import_manifest(small, small_manifest(tmp_path))
    areas.add(small, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    yield Shell(small, app_settings, web=True)
    small.close()
