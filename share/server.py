"""The volunteer's device as a small guide server, for villages with no usable signal: the
household's phone joins the device's hotspot and opens the same public guide page the central
API serves (one renderer: content.public_page), with the infographic, the video and its captions
(a WebVTT track, on by default) from the media already on the device.

It serves exactly three kinds of address and nothing else:
    /g/            the guides on this device
    /g/<code>      one guide's page (each open is counted on the device)
    /m/<sha256>    a media file of a guide on this device, with Range for the video
No URL is ever mapped onto the file system: a media file is found by its SHA-256 in the
device's store, so nothing else on the device is reachable through this server.

Standard library only (http.server), so it runs the same on a phone as on a laptop; a thread
per connection is plenty for a dozen phones.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from app.db import Store
from app.models import Guide
from app.services import guides
from content import public_page

log = logging.getLogger("cnscd.share")

DEFAULT_PORT = 8080
# Tried in turn when the port asked for is taken, so the address stays one a volunteer may
# have seen before; only when all are taken does the system choose one.
FALLBACK_PORTS = (8081, 8082, 8088, 8888)
IDLE_TIMEOUT = 15 * 60  # seconds without a request before the server stops by itself
_CHUNK = 64 * 1024
_GUIDE = re.compile(r"^/g/([a-z0-9][a-z0-9-]{0,63})$")
_MEDIA = re.compile(r"^/m/([0-9a-f]{64})$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def media_url(sha256: str) -> str:
    return f"/m/{sha256}"


def guide_page(guide: Guide) -> public_page.GuidePage:
    """A guide of the device's library as the public page shows it."""
    return public_page.GuidePage(
        code=guide.code,
        title=guide.title,
        summary=guide.summary,
        steps=[step["text"] for step in guide.steps],
        source=guide.source,
        updated_on=guide.updated_on.isoformat(),
        varies_by_province=guide.varies_by_province,
        infographic_url=media_url(guide.infographic_sha256) if guide.infographic_sha256 else None,
        video_url=media_url(guide.video_sha256) if guide.video_sha256 else None,
        # Offered with the video it captions, as the public page does.
        captions_url=(
            media_url(guide.captions_sha256)
            if guide.video_sha256 and guide.captions_sha256
            else None
        ),
    )


@dataclass(frozen=True)
class _Media:
    path: Path
    mime: str
    size: int


class _Handler(BaseHTTPRequestHandler):
    server: _ShareHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = (
        True  # headers and body go out in two writes: don't wait 40 ms between them
    )
    server_version = "cnscd-share"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        self.server.touched()
        path = self.path.split("?", 1)[0]
        if path in ("/", "/g"):
            self._redirect("/g/")
        elif path == "/g/":
            self._html(HTTPStatus.OK, self.server.library_html(), send_body)
        elif match := _GUIDE.match(path):
            self._guide(match[1], send_body)
        elif match := _MEDIA.match(path):
            self._media(match[1], send_body)
        else:
            self._html(HTTPStatus.NOT_FOUND, public_page.render_not_found(path[:64]), send_body)

    def _guide(self, code: str, send_body: bool) -> None:
        guide = guides.get(self.server.store, code)
        if guide is None:
            self._html(HTTPStatus.NOT_FOUND, public_page.render_not_found(code), send_body)
            return
        if send_body:
            self.server.count_open(code)
        self._html(HTTPStatus.OK, public_page.render_guide(guide_page(guide)), send_body)

    def _media(self, sha256: str, send_body: bool) -> None:
        media = self.server.media(sha256)
        if media is None:
            self._html(HTTPStatus.NOT_FOUND, public_page.render_not_found(sha256[:12]), send_body)
            return
        start, end = 0, media.size - 1
        status = HTTPStatus.OK
        wanted = self.headers.get("Range")
        if wanted:
            parsed = _byte_range(wanted, media.size)
            if parsed is None:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{media.size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start, end = parsed
            status = HTTPStatus.PARTIAL_CONTENT
        self.send_response(status)
        # Captions are text: said to be UTF-8, as the central API says (WebVTT always is).
        mime = f"{media.mime}; charset=utf-8" if media.mime.startswith("text/") else media.mime
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", f'"{sha256}"')
        self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{media.size}")
        self.end_headers()
        if not send_body:
            return
        with media.path.open("rb") as file:
            file.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = file.read(min(_CHUNK, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)
                self.server.touched()

    def _html(self, status: HTTPStatus, html: str, send_body: bool) -> None:
        body = html.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in public_page.HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # addresses of the household's phones are nobody's business


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """'bytes=a-b' | 'bytes=a-' | 'bytes=-n' -> (first, last) inside the file, else None.
    Several ranges in one request are not needed by any player; they are refused."""
    match = _RANGE.match(header.strip())
    if match is None or size == 0 or (not match[1] and not match[2]):
        return None
    if not match[1]:
        length = int(match[2])
        return (max(size - length, 0), size - 1) if length else None
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    return (first, last) if first <= last else None


class _ShareHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], store: Store, on_open: Callable[[str], None]
    ) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.on_open = on_open
        self.last_request = time.monotonic()

    def touched(self) -> None:
        self.last_request = time.monotonic()

    def count_open(self, code: str) -> None:
        try:
            self.on_open(code)
        except Exception:  # a count lost is better than a page refused
            log.exception("could not count a guide open")

    def library_html(self) -> str:
        entries = [
            public_page.LibraryEntry(g.code, g.title, g.summary, f"/g/{g.code}")
            for g in guides.all_guides(self.store)
        ]
        return public_page.render_library(public_page.Library(entries))

    def media(self, sha256: str) -> _Media | None:
        """Only media that a guide on this device uses, and whose file is whole here."""
        asset = guides.shared_media(self.store, sha256)
        if asset is None:
            return None
        path = guides.media_file(self.store, sha256)
        return _Media(path, asset.mime, path.stat().st_size) if path else None


class GuideShare:
    """Start it when the volunteer opens the sharing screen, stop it when they leave; it also
    stops by itself after `idle_timeout` seconds without a request, and then calls
    `on_idle_stop` (from its own thread)."""

    def __init__(
        self,
        store: Store,
        on_open: Callable[[str], None],
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        idle_timeout: float = IDLE_TIMEOUT,
        on_idle_stop: Callable[[], None] | None = None,
    ) -> None:
        self.store, self.on_open, self.on_idle_stop = store, on_open, on_idle_stop
        self.host, self.port, self.idle_timeout = host, port, idle_timeout
        self.wanted_port = port  # `port` is the one it listens on, once started
        self._server: _ShareHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()
        self._stopping = threading.Lock()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def moved(self) -> bool:
        """It listens on another port than the one asked for (that one was taken)."""
        return bool(self.wanted_port) and self.port != self.wanted_port

    def start(self) -> int:
        """Listen and serve in the background; answers the port: the one asked for or, when it
        is taken, the first free one of FALLBACK_PORTS, else one the system chose (`moved`
        says so, for the screen to tell the volunteer)."""
        if self._server is not None:
            return self.port
        server = None
        for port in (self.wanted_port, *FALLBACK_PORTS) if self.wanted_port else ():
            try:
                server = _ShareHTTPServer((self.host, port), self.store, self.on_open)
                break
            except OSError:
                log.info("guide share port taken", extra={"port": port})
        if server is None:
            server = _ShareHTTPServer((self.host, 0), self.store, self.on_open)
        self._server, self.port = server, server.server_address[1]
        self._stopped.clear()
        self._threads = [
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
            ),
            threading.Thread(target=self._watch_idle, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        log.info("guide share started", extra={"port": self.port})
        return self.port

    def stop(self) -> None:
        """Stop listening; when it returns, the port is closed."""
        with self._stopping:
            server = self._server
            if server is None:
                return
            self._stopped.set()
            server.shutdown()
            server.server_close()
            for thread in self._threads:
                if thread is not threading.current_thread():
                    thread.join(timeout=5)
            self._server = None
        log.info("guide share stopped")

    def _watch_idle(self) -> None:
        while not self._stopped.wait(min(1.0, self.idle_timeout / 4)):
            server = self._server
            if server is not None and time.monotonic() - server.last_request > self.idle_timeout:
                threading.Thread(target=self._stop_idle, daemon=True).start()
                return

    def _stop_idle(self) -> None:
        self.stop()
        if self.on_idle_stop is not None:
            self.on_idle_stop()

    def guide_url(self, address: str, code: str) -> str:
        return f"http://{address}:{self.port}/g/{code}"

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def local_addresses() -> list[str]:
    """This device's IPv4 addresses that a phone on its hotspot or Wi-Fi may reach, most likely
    first (private ranges; loopback last, for a test on the same machine)."""
    found: list[str] = []
    # Asking the system which address it would use towards each private range finds the hotspot
    # interface without sending anything.
    for probe in ("192.168.43.255", "192.168.0.255", "10.255.255.255", "172.31.255.255", "8.8.8.8"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
            except OSError:
                continue
        if address not in found and not address.startswith("127."):
            found.append(address)
    try:
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if address not in found and not address.startswith("127."):
                found.append(address)
    except OSError:
        pass
    return sorted(found, key=_likely_hotspot) + ["127.0.0.1"]


def _likely_hotspot(address: str) -> int:
    if address.startswith("192.168."):
        return 0
    if address.startswith(("172.", "10.")):
        return 1
    return 2
