"""The app as a web app on this machine: flet-web's client (served from the wheel, no CDN, so
it starts with the network off) plus the device's media files for the browser to fetch; and
run_app, which starts the app's sync runner and then the web app or Flet's native client."""

from __future__ import annotations

import atexit
import logging
import mimetypes
import os
import re
import sys
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path

import flet as ft
import flet_web.fastapi as flet_fastapi
import uvicorn
from fastapi import HTTPException
from fastapi.responses import FileResponse

from app.config import Settings
from app.db import Store
from app.services import guides
from app.services import settings as app_settings
from launcher.device import HotspotSharing, RunnerSync, stop_all_sharing
from launcher.disconnects import SESSION_TIMEOUT, SessionEnds, page_started
from launcher.webclient import branded_web_dir
from launcher.webclient import remove as remove_web_dir
from share.server import DEFAULT_PORT as DEFAULT_SHARE_PORT
from sync.runner import SyncRunner
from sync.tokens import default_token_store
from views.media import MEDIA_ROUTE
from views.shell import Shell
from wire.messages import text

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def asgi_app(
    main: Callable[[ft.Page], None], store: Store, on_startup: Callable[[], None] | None = None
) -> flet_fastapi.FastAPI:
    """Flet's web app mounted at /, with MEDIA_ROUTE/<sha256> serving the media the store
    knows to be whole on this device (Starlette answers Range requests, so videos seek), and
    the app's own name, icons and loading words instead of Flet's (launcher.webclient), in the
    device's language; every page is told when its tab goes (launcher.disconnects)."""
    web_dir = branded_web_dir(
        Path(tempfile.mkdtemp(prefix="cnscd-web-")), app_settings.language(store)
    )
    atexit.register(remove_web_dir, web_dir)
    app = flet_fastapi.FastAPI(
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        on_startup=[on_startup] if on_startup else None,
    )

    @app.get(MEDIA_ROUTE + "/{sha256}")
    def media(sha256: str) -> FileResponse:
        path = guides.media_file(store, sha256) if _SHA256.match(sha256) else None
        if path is None:
            raise HTTPException(status_code=404, detail="media not on this device")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(
            path, media_type=mime, headers={"Cache-Control": "public, max-age=31536000, immutable"}
        )

    # flet-web reads its static files from `assets_dir` first: ours replace its own there.
    def noted_main(page: ft.Page) -> None:
        page_started(page)
        main(page)

    app.mount(
        "/",
        SessionEnds(
            flet_fastapi.app(
                noted_main,
                no_cdn=True,
                web_renderer=ft.WebRenderer.CANVAS_KIT,
                assets_dir=str(web_dir),
                session_timeout_seconds=SESSION_TIMEOUT,
            )
        ),
    )
    return app


def can_open_browser() -> bool:
    """A graphical session to open a browser in. On a Linux machine without one, Python's
    webbrowser would start a text browser inside the terminal instead."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(
    main: Callable[[ft.Page], None], store: Store, host: str, port: int, open_browser: bool = True
) -> None:
    """Serve until interrupted; prints the address, and opens it where a browser exists."""
    url = f"http://{host}:{port}"

    def started() -> None:
        print(text("web_running", url=url), flush=True)
        if open_browser and can_open_browser():
            webbrowser.open(url)

    for chatty in ("flet", "flet_web"):  # keep the address above readable
        logging.getLogger(chatty).setLevel(logging.WARNING)
    app = asgi_app(main, store, on_startup=started)
    uvicorn.run(app, host=host, port=port, log_level="warning", ws="websockets-sansio")


def start(page: ft.Page, store: Store, settings: Settings, sync: RunnerSync) -> Shell:
    """Set up a page (one per browser tab or window) and show the library."""
    page.theme = ft.Theme(color_scheme_seed=ft.Colors.TEAL)
    page.theme_mode = ft.ThemeMode.LIGHT
    sharing = HotspotSharing(store, port=settings.share_port or DEFAULT_SHARE_PORT)
    return Shell(store, settings, page, sync, sharing)


def run_app(
    store: Store,
    settings: Settings,
    desktop: bool = False,
    host: str = "127.0.0.1",
    port: int = 8550,
) -> None:
    """The web app on http://host:port (flet-web's client, no CDN, so it starts offline), or,
    with `desktop` (and inside a packaged phone app), Flet's native client.

    One sync runner for the app, started now (sync on app start) and stopped when the app
    ends: the pages (browser tabs) share it, so one store never has two syncs at once."""
    from flet.utils import is_embedded

    runner = SyncRunner(store, default_token_store(settings.data_dir))
    runner.start()
    sync = RunnerSync(store, runner)

    def main(page: ft.Page) -> None:
        start(page, store, settings, sync)

    try:
        if desktop or is_embedded():
            ft.run(main, view=ft.AppView.FLET_APP)
            return
        serve(main, store, host, port)
    finally:
        stop_all_sharing()  # the app's end closes the hotspot's port too
        runner.stop()
