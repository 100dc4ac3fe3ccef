"""A fault-injecting HTTP proxy of our own, on loopback, between the sync client and the real
server: it can cut a connection in the middle of a request or of a response, answer 500 or
429 itself, hold a request back, send a request twice, restart the server between requests,
and shape the link (bandwidth and round-trip time) like a poor village network. It counts
every byte that passes between the client and itself, HTTP headers included.

It speaks just enough HTTP/1.1 for our client: requests with Content-Length (or none),
responses with Content-Length or chunked. Each request goes to the server on a fresh
connection, so a restarted server is simply reached again.

    with FaultProxy(upstream_port) as proxy:
        proxy.inject(Fault("cut_response", path="/api/v1/sync/push"))
        client = ApiClient(proxy.url, token)
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

KINDS = ("cut_request", "cut_response", "status_500", "status_429", "delay", "duplicate", "restart")


@dataclass
class Fault:
    kind: str  # one of KINDS
    path: str = ""  # only requests whose path starts with this
    times: int = 1
    after_bytes: int | None = None  # cut_*: bytes let through before the cut (default: half)
    seconds: float = 0.0  # delay: how long the answer is held back; status_429: Retry-After

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}")


@dataclass
class Link:
    """A shaped link: bytes per second each way and the round-trip time."""

    bandwidth: float | None = None  # bytes per second; None: unlimited
    rtt: float = 0.0  # seconds

    async def carry(self, size: int, first: bool = True) -> None:
        """Hold a message back as the link would: half the round trip for its first byte
        (`first`), then its size over the bandwidth."""
        wait = (self.rtt / 2 if first else 0.0) + (size / self.bandwidth if self.bandwidth else 0.0)
        if wait:
            await asyncio.sleep(wait)


@dataclass
class Counters:
    requests: int = 0
    bytes_up: int = 0  # client -> proxy
    bytes_down: int = 0  # proxy -> client
    faults: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.bytes_up + self.bytes_down


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        restart: Callable[[], None] | None = None,
        link: Link | None = None,
    ) -> None:
        self.upstream_port = upstream_port
        self.restart = restart
        self.link = link or Link()
        self.counters = Counters()
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="fault-proxy")
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def pending_faults(self) -> int:
        with self._lock:
            return sum(f.times for f in self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_counters(self) -> None:
        self.counters = Counters()

    def __enter__(self) -> Self:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # --- the event loop ------------------------------------------------------------------

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def _take(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    self.counters.faults.append(fault.kind)
                    return fault
        return None

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                self.counters.requests += 1
                self.counters.bytes_up += len(request)
                await self.link.carry(len(request))
                if not await self._exchange(request, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            writer.close()

    async def _exchange(self, request: bytes, writer: asyncio.StreamWriter) -> bool:
        """Forward one request and its answer, applying a fault if one waits for this path.
        Answers False when the client connection must close."""
        path = request.split(b" ", 2)[1].decode("latin-1")
        fault = self._take(path)
        kind = fault.kind if fault else ""
        if kind == "restart" and self.restart is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.restart)
        if kind in ("status_500", "status_429"):
            await self._send(writer, _canned(500 if kind == "status_500" else 429, fault.seconds))
            return True
        if kind == "cut_request":
            keep = fault.after_bytes if fault.after_bytes is not None else len(request) // 2
            await self._upstream(request[:keep], cut_after=0)  # the server sees half a request
            return False
        if kind == "duplicate":
            await self._upstream(request)  # the first answer is lost on the way
        if kind == "delay":
            await asyncio.sleep(fault.seconds)
        cut = None
        if kind == "cut_response":
            cut = fault.after_bytes if fault.after_bytes is not None else -1
        return await self._upstream(request, writer, cut)

    async def _upstream(
        self,
        request: bytes,
        writer: asyncio.StreamWriter | None = None,
        cut_after: int | None = None,
    ) -> bool:
        """Send `request` to the server; relay its answer to `writer` (if any), cutting after
        `cut_after` bytes (-1: half of the answer's head and body). False: connection closed."""
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            if writer is not None:
                await self._send(writer, _canned(502, 0))
            return writer is not None
        try:
            up_writer.write(request)
            await up_writer.drain()
            if cut_after == 0 and writer is None:
                return False
            sent, limit = 0, None
            async for piece, total in _response_pieces(up_reader):
                if writer is None:
                    continue
                if cut_after is not None and limit is None:
                    limit = cut_after if cut_after >= 0 else (total // 2 if total else len(piece))
                if limit is not None and sent + len(piece) >= limit:
                    await self._send(writer, piece[: limit - sent], first=sent == 0)
                    return False
                await self._send(writer, piece, first=sent == 0)
                sent += len(piece)
            return True
        except (ConnectionError, asyncio.IncompleteReadError):
            return False
        finally:
            up_writer.close()

    async def _send(self, writer: asyncio.StreamWriter, data: bytes, first: bool = True) -> None:
        if not data:
            return
        await self.link.carry(len(data), first)
        self.counters.bytes_down += len(data)
        writer.write(data)
        await writer.drain()


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    length = _header(head, b"content-length")
    body = await reader.readexactly(int(length)) if length else b""
    return head + body


async def _response_pieces(reader: asyncio.StreamReader):
    """The server's answer as (piece, total size or 0 if unknown) in order: the head, then the
    body in chunks of at most 64 KiB."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = _header(head, b"content-length")
    if length is not None:
        total = len(head) + int(length)
        yield head, total
        left = int(length)
        while left:
            piece = await reader.read(min(65536, left))
            if not piece:
                raise asyncio.IncompleteReadError(b"", left)
            left -= len(piece)
            yield piece, total
        return
    yield head, 0
    if (_header(head, b"transfer-encoding") or "").lower() == "chunked":
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            data = await reader.readexactly(size + 2)
            yield size_line + data, 0
            if size == 0:
                return
    while piece := await reader.read(65536):
        yield piece, 0


def _header(head: bytes, name: bytes) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip().decode("latin-1")
    return None


def _canned(status: int, retry_after: float) -> bytes:
    reason = {500: "Internal Server Error", 429: "Too Many Requests", 502: "Bad Gateway"}[status]
    code = {500: "internal_error", 429: "rate_limited", 502: "bad_gateway"}[status]
    body = json.dumps(
        {"error": {"code": code, "message": "Lỗi thử nghiệm", "message_en": "injected"}}
    ).encode()
    extra = f"Retry-After: {int(retry_after)}\r\n" if status == 429 else ""
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"{extra}\r\n"
    ).encode() + body
