"""Browser tests: the field app as `python -m launcher --demo` serves it, on a free loopback
port, opened in Debian's headless Chromium that may reach nothing but this machine."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from support.chromium import ROOT, chromium_path, launched, phone_context
from support.pgcluster import free_port

from e2e.browser import wait_for_http

# The demo's own central API, where `python -m launcher --demo` puts it on this machine (the
# demo may hold a loopback or LAN address over http; a placeholder domain is refused).
PUBLIC_BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app process per test module, with the demo commune in a fresh data folder."""
    chromium_path()
    port = free_port()
    data_dir = tmp_path_factory.mktemp("web-app-data")
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        # The demo's central API stays off: the device starts unenrolled, and nothing outlives the app.
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
            "0",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CNSCD_PUBLIC_BASE_URL": PUBLIC_BASE_URL},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched() as instance:
        yield instance


@pytest.fixture
def phone_page(browser, web_app: str):
    """A phone-sized page with the app loaded and Flutter's accessibility tree turned on.
    Requests leaving this machine are refused, as in a village without signal; `page.media`
    lists the media files the page fetched (path, status)."""
    context = phone_context(browser)
    page = context.new_page()
    page.media = []
    page.on(
        "response",
        lambda r: (
            page.media.append((urlsplit(r.url).path, r.status))
            if urlsplit(r.url).path.startswith("/media/")
            else None
        ),
    )
    page.goto(web_app)
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    page.get_by_role("tab", name="Hướng dẫn").wait_for(timeout=30_000)
    try:
        yield page
    finally:
        context.close()
