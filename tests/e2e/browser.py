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


def counted(page) -> None:
    """One more tap of the volunteer's (`page.taps`, set by the fixtures)."""
    page.taps = getattr(page, "taps", 0) + 1


BARS = 80  # the app bar above and the navigation bar below cover this much of the screen


def still(target, tries: int = 12) -> dict | None:
    """`target`'s box once Flutter has stopped moving it: a tap just before may have grown the
    form above it (a date line under the chosen follow-up), and the accessibility tree follows
    a frame later, so a box read at once can be where the target was, not where it is."""
    box = target.bounding_box()
    for _ in range(tries):
        time.sleep(0.25)
        again = target.bounding_box()
        if again == box:
            return box
        box = again
    return box


def in_reach(page, target) -> None:
    """Scroll (with the mouse wheel, as a finger would swipe) until `target` is on the screen
    between the bars, so a tap lands on it and not on what Flutter drew there before."""
    height = (page.viewport_size or PHONE)["height"]
    for _ in range(12):
        box = still(target)
        if box is None or (
            BARS - 30 <= box["y"] and box["y"] + min(box["height"], 60) <= height - BARS
        ):
            return
        page.mouse.move((page.viewport_size or PHONE)["width"] / 2, height / 2)
        page.mouse.wheel(0, box["y"] - height / 2)
        time.sleep(0.6)


def found(page, target, swipes: int = 8) -> None:
    """Wait for `target`; a list builds only what is near the screen, so swipe on down to it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(swipes):
        try:
            target.wait_for(state="attached", timeout=2_500)
            return
        except PlaywrightTimeout:
            scroll(page, 500)
    target.wait_for(state="attached")


def tap(page, role: str, name: str) -> None:
    """Tap the control a person reads as `name`; a checkbox (a chip) must then have changed
    or gone, so a tap that landed beside it fails here, not three screens later."""
    target = page.get_by_role(role, name=name).first
    found(page, target)
    in_reach(page, target)
    before = target.get_attribute("aria-checked") if role == "checkbox" else None
    target.click()
    counted(page)
    if role == "checkbox":
        for _ in range(40):  # (a choice that closes its list takes its chips away)
            if not target.count() or target.get_attribute("aria-checked") != before:
                return
            time.sleep(0.25)
        raise AssertionError(f"the tap on {name!r} changed nothing (aria-checked {before})")


def tap_icon(page, name: str) -> None:
    """An icon button of the app bar, by the name on the button itself (its icon's label)."""
    page.get_by_role("button", name=name, exact=True).first.click()
    counted(page)


def fill(page, label: str, text: str) -> None:
    """Focus the field (a tap), let Flutter take it over, then type. Filled at once, the text
    can arrive before Flutter's own editing state and be wiped by it."""
    field = page.get_by_role("textbox", name=label).first
    found(page, field)
    in_reach(page, field)
    field.click()
    counted(page)
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
    """Scroll the screen's content under a finger resting in its middle (a swipe, not a tap)."""
    size = page.viewport_size or PHONE
    page.mouse.move(size["width"] / 2, size["height"] / 2)
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
