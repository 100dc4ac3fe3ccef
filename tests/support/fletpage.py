"""A real Flet page with no client: a Flet session over a connection that keeps the messages it
would send, with an event loop of its own in a thread (for page.run_task). The Shell's tests and
the app's benchmark run the Shell on it, as flet-web would make one for a browser tab."""

from __future__ import annotations

import asyncio
import threading

import flet as ft
from flet.messaging.connection import Connection
from flet.messaging.protocol import Message
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub


class _NoClient(Connection):
    def __init__(self) -> None:
        super().__init__()
        self.pubsubhub = PubSubHub()
        self.sent: list[Message] = []
        self.loop = asyncio.new_event_loop()

    def send_message(self, message: Message) -> None:
        self.sent.append(message)


class PageWithoutClient:
    """`page` as a browser tab (web=True) or a native window would have it; `sent` holds what
    went to the client. Keep this object while the page is used (the page holds its session
    weakly)."""

    def __init__(self, web: bool = True) -> None:
        self._connection = _NoClient()
        self._thread = threading.Thread(
            target=self._connection.loop.run_forever, name="flet-page-loop", daemon=True
        )
        self._thread.start()
        self.session = Session(self._connection)
        self.session.apply_page_patch({"web": web, "route": "/"})  # what a client registers with
        self.session.get_page_patch()
        self.page: ft.Page = self.session.page

    @property
    def sent(self) -> list[Message]:
        return self._connection.sent

    def run_pending(self, timeout: float = 5.0) -> None:
        """Wait until what was handed to the page's loop so far has run."""
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), self._connection.loop).result(timeout)

    def close(self) -> None:
        loop = self._connection.loop
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(5)
        loop.close()
