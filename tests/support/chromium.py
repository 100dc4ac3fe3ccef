"""Headless Chromium for every browser test: Debian's chromium driven by Playwright, at phone
size, reaching nothing but this machine (see shared/TESTING.md). Where chromium or Playwright
is missing the tests are skipped with the reason; in CI (CI=true) that is a failure.

Screenshots go to build/screenshots (not tracked); CNSCD_SCREENSHOTS=docs/screenshots refreshes
the ones the README shows."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from support.needs import missing

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("CNSCD_SCREENSHOTS", "build/screenshots")
PHONE = {"width": 390, "height": 844}
LOOPBACK = ("127.0.0.1", "localhost")
# Without the background-networking flags Chromium keeps knocking on this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright  # noqa: F401
    except ImportError:
        found = None
    if found:
        return found
    missing(
        "chromium or the playwright package is missing (python3 dev.py test installs them where it has root)"
    )


@contextmanager
def launched() -> Iterator[object]:
    """A headless Chromium (a Playwright Browser), closed on the way out."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def phone_context(browser, **options: object):
    """A phone-sized browsing context in Vietnam's locale and time zone; requests that would
    leave this machine are refused, as in a village without signal."""
    options = {"viewport": PHONE, **options}  # another phone's size where a test asks for one
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOOPBACK else route.abort()
        ),
    )
    return context


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
