"""The web app's own server (uvicorn on a free loopback port): the Flet client from the wheel
and the device's media by SHA-256, with Range requests for videos."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from viewtest import guide_with_media, media_of

from app.db import Store
from content.manifest import load_manifest
from launcher.web import asgi_app, can_open_browser


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        asgi_app(lambda page: None, store), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def test_the_client_is_served_from_this_machine(server: str) -> None:
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "flutter" in page.text.lower()
    assert httpx.get(server + "/canvaskit/canvaskit.wasm").status_code == 200  # no CDN needed


def test_media_are_served_by_their_hash_whole_or_by_range(server: str) -> None:
    manifest = load_manifest()
    video = media_of(manifest, guide_with_media(manifest).media["video"])
    whole = httpx.get(f"{server}/media/{video.sha256}")
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert whole.content == (manifest.root / video.path).read_bytes()
    part = httpx.get(f"{server}/media/{video.sha256}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]


def test_unknown_or_malformed_hashes_are_not_found(server: str) -> None:
    assert httpx.get(f"{server}/media/{'0' * 64}").status_code == 404
    assert httpx.get(f"{server}/media/not-a-hash").status_code == 404
    assert "root:" not in httpx.get(f"{server}/media/..%2F..%2F..%2Fetc%2Fpasswd").text


def test_a_browser_is_opened_only_where_there_is_a_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not can_open_browser()
    monkeypatch.setenv("DISPLAY", ":0")
    assert can_open_browser()
