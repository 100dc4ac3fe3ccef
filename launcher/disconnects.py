"""Every page hears that its browser tab went away. flet-web 1.0.5 tells a page it was
disconnected (page.on_disconnect) only when its socket closes between two messages: when the
tab closes while a message is on its way out (a screen redrawn from another thread, as the
share screen is at each guide opened), the send fails, the handler ends on that error and the
session is never disconnected, so the hotspot's guide server would run on until its idle stop.

`SessionEnds` wraps flet-web's ASGI app: each socket's pages are noted as they start
(`page_started`, from the app's main), and when the socket's handler ends, however it ends, a
page whose session still holds that socket is disconnected as flet-web would have done. (A
page that comes back on another socket, a reconnect, is not noted again: for that socket
flet-web's own disconnect is all there is.)"""

from __future__ import annotations

import logging
from contextvars import ContextVar

import flet as ft
from starlette.websockets import WebSocketDisconnect

log = logging.getLogger("cnscd.web")

SESSION_TIMEOUT = 3600  # seconds a disconnected page waits for its tab to come back (Flet's)

# The pages started on the socket being handled (a task inherits it from the socket's handler).
_socket_pages: ContextVar[list[tuple[ft.Page, object]]] = ContextVar("cnscd_socket_pages")


def page_started(page: ft.Page) -> None:
    """Called from the app's main: `page` was made for the socket being handled."""
    pages = _socket_pages.get(None)
    if pages is not None:
        pages.append((page, page.session.connection))


class SessionEnds:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        pages: list[tuple[ft.Page, object]] = []
        token = _socket_pages.set(pages)
        try:
            await self.app(scope, receive, send)
        except WebSocketDisconnect:  # the tab went mid-send: its pages are told below
            log.debug("a page's socket closed while a message was on its way")
        finally:
            _socket_pages.reset(token)
            for page, connection in pages:
                await _disconnect(page, connection)


async def _disconnect(page: ft.Page, connection: object) -> None:
    try:
        session = page.session
    except RuntimeError:  # the session was dropped already
        return
    if session.connection is connection:
        log.info("disconnecting a page whose socket ended without it")
        await session.disconnect(SESSION_TIMEOUT)
