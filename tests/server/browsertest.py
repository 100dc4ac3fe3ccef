"""Headless Chromium for the server's page tests: Debian's chromium driven by Playwright, at
phone size, reaching nothing but this machine. Screenshots go to build/screenshots;
CNSCD_SCREENSHOTS=docs/screenshots refreshes the ones the documentation shows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("CNSCD_SCREENSHOTS", "build/screenshots")
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """Debian's chromium (and the playwright package); in CI their absence fails the run,
    elsewhere the browser tests are skipped with the reason."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    try:
        import playwright  # noqa: F401
    except ImportError:
        found = None
    if found:
        return found
    reason = "chromium or the playwright package is missing (python3 dev.py test installs them where it has root)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
