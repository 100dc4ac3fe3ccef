"""Browser tests: the field app as `python -m launcher --demo` serves it, on a free loopback
port, opened in Debian's headless Chromium that may reach nothing but this machine."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.chromium import ROOT, chromium_path, launched, phone_context
from support.pgcluster import free_port

from e2e.browser import wait_for_http

PUBLIC_BASE_URL = "http://127.0.0.1:8000"
SMALL = {"width": 360, "height": 740}  # the small phones many volunteers have


@contextmanager
def running_app(data_dir: Path, port: int | None = None, **env: str) -> Iterator[str]:
    """`python -m launcher --demo` on `data_dir` (made, with the demo commune, on first use),
    answering on its URL until the block ends. The demo's central API stays off: the device
    starts unenrolled, and nothing outlives the app."""
    with app_process(data_dir, port, **env) as (url, _):
        yield url


@contextmanager
def app_process(
    data_dir: Path, port: int | None = None, central_port: int = 0, **env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """As running_app, and the launcher's process; with a `central_port`, the demo's central
    API runs beside the app (a child of the launcher's) and the device is enrolled with it."""
    port = port or free_port()
    log = (data_dir / "server.log").open("a")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "launcher",
            "--demo",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--central-port",
            str(central_port),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CNSCD_PUBLIC_BASE_URL": PUBLIC_BASE_URL, **env},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, process, timeout=180)  # the demo's central API starts first
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def share_port() -> int:
    """The port the app's hotspot guide server asks for (its own, not 8080 shared with the
    machine's other apps)."""
    return free_port()


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory, share_port: int) -> Iterator[str]:
    """One app process per test module, with the demo commune in a fresh data folder."""
    chromium_path()
    data_dir = tmp_path_factory.mktemp("web-app-data")
    with running_app(data_dir, CNSCD_SHARE_PORT=str(share_port)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched() as instance:
        yield instance


def open_app(browser, url: str, text_scale: float = 1.0, **options: object):
    """A phone-sized context and page with the app loaded and Flutter's accessibility tree
    turned on. Requests leaving this machine are refused, as in a village without signal;
    `page.media` lists the media files the page fetched (path, status); `page.taps` counts the
    taps the test made (tests/e2e/browser.py). With `text_scale`, the browser's default font
    size is that many times 16 px, as a phone's font setting makes it: Flutter's web client
    takes its text scale from there."""
    context = phone_context(browser, **options)
    page = context.new_page()
    if text_scale != 1.0:
        context.new_cdp_session(page).send(
            "Page.setFontSizes", {"fontSizes": {"standard": round(16 * text_scale)}}
        )
    page.media = []
    page.taps = 0
    page.on(
        "response",
        lambda r: (
            page.media.append((urlsplit(r.url).path, r.status))
            if urlsplit(r.url).path.startswith("/media/")
            else None
        ),
    )
    page.goto(url)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    page.get_by_role("tab").first.wait_for(timeout=30_000)
    return context, page


@pytest.fixture
def phone_page(browser, web_app: str):
    """The app on a phone of the usual size (tests/support/chromium.PHONE)."""
    context, page = open_app(browser, web_app)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def small_phone(browser, web_app: str):
    """The app on a small phone, 360x740."""
    context, page = open_app(browser, web_app, viewport=SMALL)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def large_text(browser, web_app: str):
    """The app on a small phone with the text set to 200 % (Flutter's text scale 2.0)."""
    context, page = open_app(browser, web_app, text_scale=2.0, viewport=SMALL)
    try:
        yield page
    finally:
        context.close()
