"""How the central API is served: one uvicorn configuration, used by `python -m server`, the
tests' live server and the benchmarks, with the limits uvicorn lacks on its own.

- Slow headers: a connection has `header_timeout` seconds, from its opening or from the end of
  its previous answer, to send a request's headers whole; then it is closed. (uvicorn's
  keep-alive timeout is cancelled by the first byte, and nothing else bounds the headers, so a
  client sending a byte now and then held a connection forever.)
- Stalled readers: when a client stops taking an answer (a video to a phone that went out of
  range), the answer waits in the server's buffers; after `send_timeout` seconds without the
  client taking any of it the connection is dropped. A download resumes later with Range.
- Slow bodies: a body that stops arriving for `body_timeout` seconds is answered 408 (an ASGI
  middleware does it, server.main.BodyLimit, since it answers).
- Idle keep-alive connections close after `keep_alive_timeout` seconds (uvicorn's own).
- Forwarded headers (X-Forwarded-For, -Proto) are believed only from `trusted_proxies`, by
  default from nobody: otherwise a client on this machine, or behind a proxy that passes the
  header on, picks the address the rate limits count it under.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
from typing import Any

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from server.core.config import Settings

log = logging.getLogger("cnscd.server.http")


class _Deadlines:
    """Mixed into uvicorn's HTTP protocol (httptools, or h11 where httptools is missing): the
    header deadline and the cut of a stalled reader. It uses only what both protocols have:
    `config`, `loop`, `transport`, `flow`, `cycle` and the asyncio protocol callbacks."""

    config: uvicorn.Config
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    cycle: Any
    flow: Any

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._headers_due: asyncio.TimerHandle | None = None
        self._stall: asyncio.TimerHandle | None = None
        super().connection_made(transport)  # type: ignore[misc]
        self._expect_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._headers_due, self._stall):
            if timer is not None:
                timer.cancel()
        super().connection_lost(exc)  # type: ignore[misc]

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._expect_headers()

    def pause_writing(self) -> None:
        super().pause_writing()  # type: ignore[misc]
        if self._stall is None:
            timeout = _seconds(self.config, "send_timeout")
            self._stall = self.loop.call_later(timeout, self._reader_stalled)

    def resume_writing(self) -> None:
        super().resume_writing()  # type: ignore[misc]
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None

    def _expect_headers(self) -> None:
        """From now, the next request's headers must be in within the header timeout."""
        if self._headers_due is not None:
            self._headers_due.cancel()
        self._headers_due = self.loop.call_later(
            _seconds(self.config, "header_timeout"), self._headers_late, self.cycle
        )

    def _headers_late(self, cycle_then: object) -> None:
        self._headers_due = None
        cycle = self.cycle
        between_requests = cycle is cycle_then and (cycle is None or cycle.response_complete)
        if between_requests and not self.transport.is_closing():
            log.info("slow headers: connection closed")
            self.transport.close()

    def _reader_stalled(self) -> None:
        self._stall = None
        if self.flow.write_paused and not self.transport.is_closing():
            log.info("stalled reader: connection dropped")
            _reset_on_close(self.transport)
            self.transport.abort()  # the app's waiting send returns: the client is gone


def _reset_on_close(transport: asyncio.Transport) -> None:
    """Close with a reset, not a FIN: the megabytes the kernel still holds for a client that
    reads nothing are freed at once instead of trickling out to it."""
    sock = transport.get_extra_info("socket")
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except (AttributeError, OSError):
        pass


class HttpProtocol(_Deadlines, AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP/1.1 protocol with the deadlines above."""


DEFAULTS = {"header_timeout": 10.0, "send_timeout": 60.0}


def _seconds(config: uvicorn.Config, name: str) -> float:
    return float(getattr(config, name, DEFAULTS[name]))


class ServeConfig(uvicorn.Config):
    """uvicorn's configuration with our protocol, timeouts and trusted proxies from `settings`;
    other options (host, port, workers, log_level, ...) pass through to uvicorn."""

    def __init__(self, app: Any, settings: Settings, **options: Any) -> None:
        self.header_timeout = settings.header_timeout
        self.send_timeout = settings.send_timeout
        trusted = list(settings.trusted_proxies)
        super().__init__(
            app,
            http=HttpProtocol,
            proxy_headers=bool(trusted),
            forwarded_allow_ips=trusted,
            timeout_keep_alive=settings.keep_alive_timeout,
            **options,
        )


__all__ = ["HttpProtocol", "ServeConfig"]
