"""Driving the Flet web app in Debian's headless Chromium through Flutter's accessibility tree
(see shared/TESTING.md): finding, tapping and typing by the labels a person reads."""

from __future__ import annotations

import io
import subprocess
import time

import httpx
from support import chromium

SCREENSHOTS, PHONE = chromium.SCREENSHOTS, chromium.PHONE


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


def tap(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).first.click()


def tap_icon(page, tooltip: str) -> None:
    """An icon button: Flutter labels the tooltip's node, the button is inside it."""
    page.locator(f'[aria-label="{tooltip}"] [role=button]').first.click()


def fill(page, label: str, text: str) -> None:
    """Focus the field, let Flutter take it over, then type. Filled at once, the text can
    arrive before Flutter's own editing state and be wiped by it."""
    field = page.get_by_role("textbox", name=label).first
    field.click()
    time.sleep(0.4)
    field.fill(text)
    time.sleep(0.2)
    if field.input_value() != text:
        field.fill(text)


def shown(page, text: str):
    """Words on screen: a text node, or part of the label Flutter gives a group (a card's
    lines are merged into one label)."""
    return page.get_by_text(text).or_(page.locator(f'[aria-label*="{text}"]')).first


def wait_text(page, text: str, timeout: float = 15_000) -> None:
    shown(page, text).wait_for(state="attached", timeout=timeout)


def settle(page, seconds: float = 1.0) -> None:
    """Let Flutter finish drawing; the mouse rests on the app bar so no tooltip shows."""
    page.mouse.move(200, 5)
    time.sleep(seconds)


def scroll(page, pixels: int) -> None:
    """Scroll the screen's content under a finger resting in its middle."""
    page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
    page.mouse.wheel(0, pixels)
    time.sleep(0.8)


def screenshot(page, name: str) -> bytes:
    settle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return page.screenshot(path=str(SCREENSHOTS / f"app-{name}.png"))


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
