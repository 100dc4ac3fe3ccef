"""Fixtures of the view tests: the real device store (tests/conftest.py) and a host on it, driven
through the screens' own handlers: the tests' own Host (testhost.TestHost) for the screens, and
the app's Shell on a Flet page with no client for the Shell itself."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.fletpage import PageWithoutClient
from testhost import TestHost, app_shell
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
def host(store: Store, app_settings: Settings) -> Iterator[TestHost]:
    """The screens as the web client would get them (media by URL), opened on the library."""
    opened = TestHost(store, app_settings, web=True)
    yield opened
    opened.close()


@pytest.fixture
def small_host(tmp_path: Path, app_settings: Settings) -> Iterator[TestHost]:
    """A host on a store holding exactly viewtest.small_manifest's three guides."""
    from support import demo
    from viewtest import small_manifest

    from app.services import areas, guides

    small = Store(tmp_path / "small.sqlite3")
    guides.import_manifest(small, small_manifest(tmp_path))
    areas.add(small, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    opened = TestHost(small, app_settings, web=True)
    yield opened
    opened.close()
    small.close()


@pytest.fixture
def page() -> Iterator[PageWithoutClient]:
    """A Flet page as a browser tab has it, with no client behind it."""
    made = PageWithoutClient(web=True)
    yield made
    made.close()


@pytest.fixture
def shell(store: Store, app_settings: Settings, page: PageWithoutClient) -> Iterator[Shell]:
    """The app's Shell on that page, opened on the library."""
    opened = app_shell(store, app_settings, page.page)
    yield opened
    opened.close()
