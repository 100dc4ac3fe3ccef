"""Slow clients against the live server: readers that take none of a large file, connections
that never finish their headers and bodies that stop arriving neither take the server down nor
stay open for ever."""

from __future__ import annotations

import hashlib
import json
import os
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import apitest as records
import httpx
import pytest
from apitest import LiveServer, World, make_bundle

from server.cli import main as cli
from server.core.db import make_engine, session_scope
from server.main import create_app
from server.models import MediaFile
from server.services import content

READERS = 45  # more than PostgreSQL's pool (20 + 20 overflow) and the thread pool (40)
SLOW_HEADERS = 200
VIDEO_BYTES = 12 * 1024 * 1024


@pytest.fixture
def published(settings, tmp_path) -> tuple[str, str]:
    """A published guide (for its page) and a 12 MiB video in the media store: the guide's
    code and the video's SHA-256."""
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    code = json.loads((bundle / "manifest.json").read_text())["guides"][0]["code"]
    data = os.urandom(VIDEO_BYTES)
    sha = hashlib.sha256(data).hexdigest()
    path = content.media_path(settings.media_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        s.add(MediaFile(sha256=sha, size=VIDEO_BYTES, mime="video/mp4"))
    engine.dispose()
    return code, sha


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window, soon full
    return sock


@contextmanager
def _slow_clients(port: int, sha: str) -> Iterator[tuple[list[socket.socket], list[socket.socket]]]:
    """Readers that ask for the video and read nothing; connections that send part of their
    headers and then nothing."""
    readers, talkers = [], []
    try:
        for _ in range(READERS):
            sock = _connect(port)
            sock.sendall(f"GET /api/v1/media/{sha} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            readers.append(sock)
        for _ in range(SLOW_HEADERS):
            sock = _connect(port)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            talkers.append(sock)
        yield readers, talkers
    finally:
        for sock in readers + talkers:
            sock.close()


def _closed_by_server(sock: socket.socket, bound: float = 60) -> bool:
    """True once the server has closed the connection (what it sent is read and dropped)."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 1)
        if not ready:
            continue
        try:
            if sock.recv(1 << 16) == b"":
                return True
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def _received(sock: socket.socket, bound: float = 60) -> int:
    """Bytes the socket gets until the server closes it (or `bound` seconds pass)."""
    total, deadline = 0, time.monotonic() + bound
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 1)
        if not ready:
            continue
        try:
            chunk = sock.recv(1 << 16)
        except ConnectionResetError:
            return total
        if not chunk:
            return total
        total += len(chunk)
    return total


def test_stalled_readers_and_slow_headers_leave_the_server_answering(
    settings, world: World, device_a, published
) -> None:
    """45 readers stuck on a 12 MiB video and 200 connections stuck in their headers, all open
    (the timeouts are long here): health, a public page and a push still answer 200."""
    code, sha = published
    patient = create_app(settings.with_(header_timeout=600, send_timeout=600), run_migrations=False)
    h = records.household(world.village_a)
    with LiveServer(patient) as live, _slow_clients(live.port, sha) as (readers, _talkers):
        for sock in readers:  # every reader has its answer started, and is stuck in it
            assert sock.recv(12) == b"HTTP/1.1 200"
        with httpx.Client(base_url=live.url, timeout=60) as http:
            assert http.get("/healthz").status_code == 200
            assert http.get(f"/g/{code}").status_code == 200
            pushed = http.post("/api/v1/sync/push", json={"records": [h]}, headers=device_a)
            assert pushed.status_code == 200, pushed.text
        assert live.open_connections() >= READERS + SLOW_HEADERS
    patient.state.cnscd.engine.dispose()


def test_slow_headers_and_stalled_readers_are_cut_off(settings, published) -> None:
    _code, sha = published
    brisk = create_app(settings.with_(header_timeout=1, send_timeout=1), run_migrations=False)
    with LiveServer(brisk) as live, _slow_clients(live.port, sha) as (readers, talkers):
        # Without reading from the stalled readers, the server lets go of every connection.
        deadline = time.monotonic() + 60
        while live.open_connections() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live.open_connections() == 0
        assert all(_closed_by_server(sock) for sock in talkers)
        # What a dropped reader gets, read now, is less than the file.
        assert all(_received(sock) < VIDEO_BYTES for sock in readers)
    brisk.state.cnscd.engine.dispose()


def test_a_body_that_stops_arriving_is_answered_408(settings, world: World, device_a) -> None:
    brisk = create_app(settings.with_(body_timeout=1), run_migrations=False)
    with LiveServer(brisk) as live:
        sock = _connect(live.port)
        head = (
            f"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: {device_a['Authorization']}\r\nContent-Length: 1000\r\n\r\n"
        )
        sock.sendall(head.encode() + b'{"records": [')
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            assert chunk, answer
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408")
        assert b'"request_timeout"' in answer + sock.recv(4096)
        assert _closed_by_server(sock)
        sock.close()
    brisk.state.cnscd.engine.dispose()
