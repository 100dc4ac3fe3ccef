"""The central API under a real uvicorn on a free loopback port, in a thread of this process,
configured as `python -m server` configures it (server.core.serving: its protocol, timeouts
and trusted proxies, from the app's settings). `restart()` stops it and serves a new app from
the same factory on the same port."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Self

import uvicorn
from fastapi import FastAPI

from server.core.serving import ServeConfig
from support.pgcluster import free_port


class LiveServer:
    def __init__(self, make_app: Callable[[], FastAPI], port: int | None = None) -> None:
        self.make_app = make_app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.restarts = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.app = self.make_app()
        self.engine = self.app.state.cnscd.engine
        config = ServeConfig(
            self.app,
            self.app.state.cnscd.settings,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            limit_concurrency=500,
            backlog=512,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            threading.Event().wait(0.01)

    def open_connections(self) -> int:
        """How many connections the server holds open now."""
        return len(self._server.server_state.connections) if self._server else 0

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(10)
            self.engine.dispose()
            self._server = None

    def restart(self) -> None:
        self.stop()
        self.start()
        self.restarts += 1

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
