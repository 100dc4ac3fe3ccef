"""Issue 14, item 6, in the browser: the demo's central API beside the app, the device enrolled
with it; the central API stops (the network is gone), a volunteer taps 'Đồng bộ ngay': the
button is never disabled without a line saying why, and once the app has given up for now it
says when it checks the network again. The central API comes back: the app notices by itself
(a cheap probe with backoff, PROBE_CAP at the most) and is up to date again, untouched."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from support.chromium import ROOT
from support.pgcluster import free_port

from e2e.browser import screenshot, tap, wait_text
from e2e.conftest import SMALL, app_process, open_app
from sync.runner import PROBE_CAP

pytestmark = pytest.mark.browser

WHY = ("Đang đồng bộ, nút sẽ mở lại khi xong.", "tự thử lại sau khoảng", "tự kiểm tra lại mạng")
UP_TO_DATE = "Đã đồng bộ"


def central_of(launcher: subprocess.Popen) -> int:
    """The demo's central API: the launcher's child process running `-m server`."""
    for child in Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children").read_text().split():
        command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        if b"server" in command:
            return int(child)
    raise AssertionError("the demo's central API is not running")


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def start_central(data_dir: Path, port: int) -> subprocess.Popen:
    """The same central API again, on its port and its data (as launcher.demo starts it)."""
    env = {
        **os.environ,
        "CNSCD_SERVER_DATA_DIR": str(data_dir / "server"),
        "CNSCD_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("CNSCD_DATABASE_URL", None)
    log = (data_dir / "central-again.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "server", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def button_and_note(page) -> tuple[str, bool, str]:
    """The sync button's words, whether it is disabled, and the line under it."""
    button = page.get_by_role("button", name=re.compile("^(Đồng bộ ngay|Thử lại ngay)")).first
    words = button.inner_text() or button.get_attribute("aria-label") or ""
    disabled = button.get_attribute("aria-disabled") == "true"
    note = next((why for why in WHY if page.get_by_text(why).count()), "")
    return words, disabled, note


def test_6_the_sync_button_says_why_it_waits_and_the_app_notices_the_network_back(
    browser, tmp_path
) -> None:
    data_dir = tmp_path / "app"
    data_dir.mkdir()
    port = free_port()
    health = f"http://127.0.0.1:{port}/healthz"
    again: subprocess.Popen | None = None
    with app_process(data_dir, central_port=port) as (url, launcher):
        context, page = open_app(browser, url, viewport=SMALL)
        try:
            tap(page, "tab", "Đồng bộ")
            wait_text(page, "Tổ: ")  # enrolled by the demo
            wait_text(page, UP_TO_DATE, timeout=120_000)  # the first sync, done by itself

            os.kill(central_of(launcher), signal.SIGTERM)  # the network goes
            while answers(health):
                time.sleep(0.2)
            tap(page, "button", "Đồng bộ ngay")
            seen = []
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                words, disabled, note = button_and_note(page)
                seen.append((words, disabled, note))
                assert note or not disabled, seen  # never disabled without saying why
                if "tự kiểm tra lại mạng" in note:
                    break
                time.sleep(0.3)
            else:
                pytest.fail(f"the app never said when it checks the network again: {seen[-5:]}")
            assert not disabled, seen  # a tap still tries at once
            wait_text(page, "Không kết nối được")
            screenshot(page, "sync-offline")

            again = start_central(data_dir, port)  # the network is back
            while not answers(health):
                assert again.poll() is None, "the central API did not start again"
                time.sleep(0.3)
            # Noticed by the app's own probe, no tap: within the longest wait between probes
            # (and the sync that follows it), given the machine's load some room beyond.
            wait_text(page, UP_TO_DATE, timeout=(PROBE_CAP + 60) * 1000)
            assert page.get_by_text("Không kết nối được").count() == 0
            screenshot(page, "sync-back")
        finally:
            context.close()
            if again is not None:
                again.terminate()
                again.wait(10)
