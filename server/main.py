"""The FastAPI application: `create_app()` wires settings, database, routes, limits and the
error format {"error": {"code", "message", "message_en", ...}}."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api import openapi
from server.api.body import validation_error
from server.api.deps import AppState
from server.api.limits import limiter
from server.api.routes import (
    accounts,
    auth,
    content,
    devices,
    enrolment,
    health,
    media,
    public,
    reports,
    sync,
)
from server.core import logs, security
from server.core.config import Settings
from server.core.db import make_engine, migrate
from server.core.errors import ApiError
from server.core.media import open_store
from server.web import pages
from server.web.routes import admin as admin_pages
from server.web.routes import content as content_pages
from server.web.routes import devices as device_pages
from server.web.routes import editor as editor_pages
from server.web.routes import login as login_pages
from server.web.routes import report as report_pages
from wire import messages

log = logging.getLogger("cnscd.server.http")
_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    400: "bad_request",
    413: "body_too_large",
    415: "unsupported_media_type",
}


class BodyLimit:
    """Refuse bodies over the limit before any route reads them (the bundle upload has its own,
    larger, limit). A body without Content-Length is counted as it streams; past the limit the
    app is told the client went away and the client gets the 413.

    A body that stops arriving for `timeout` seconds (a slow-body attack, or a phone that lost
    its signal mid-upload) is cut the same way: the client gets a 408 and the connection
    closes, instead of being held open for as long as the client likes."""

    def __init__(
        self, app: ASGIApp, limit: int, large_paths: dict[str, int], timeout: float = 30
    ) -> None:
        self.app, self.limit, self.large_paths, self.timeout = app, limit, large_paths, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large_paths.get(scope["path"], self.limit)
        error = ApiError(413, "body_too_large", limit=limit)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _send_error(send, error)
            return
        seen, over, late, whole, started = 0, False, False, False, False

        async def counted() -> Message:
            nonlocal seen, over, late, whole
            if whole:  # the body is in: from now on the app waits for the client to go away
                return await receive()
            with anyio.move_on_after(self.timeout) as waited:
                message = await receive()
            if waited.cancelled_caught:
                late = True
                return {"type": "http.disconnect"}
            whole = message["type"] != "http.request" or not message.get("more_body", False)
            seen += len(message.get("body", b""))
            if seen > limit:
                over = True
                return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if (over or late) and not started:
                return  # the 413 or 408 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not (over or late):
                raise
        if over and not started:
            await _send_error(send, error)
        elif late and not started:
            await _send_error(
                send, ApiError(408, "request_timeout", timeout=self.timeout), close=True
            )


class RequestLog:
    """One structured line per request: method, route template, status, time; no query string,
    no body, no client address. A client that goes away before its request's body is in (a
    phone losing its signal mid-upload) is logged so, at info: nothing is answered, and it is
    no server error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, body_in, gone = time.perf_counter(), 500, False, False

        async def listened() -> Message:
            nonlocal body_in, gone
            message = await receive()
            if message["type"] == "http.disconnect":
                gone = gone or not body_in
            elif not message.get("more_body", False):
                body_in = True
            return message

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, listened, watched)
        except ClientDisconnect:
            if not gone:
                raise
        finally:
            route = getattr(scope.get("route"), "path", "?")
            fields = {
                "method": scope["method"],
                "route": route,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            if gone:
                log.info("client disconnected", extra=fields)
            else:
                log.info("request", extra={**fields, "status": status})


async def _send_error(send: Send, error: ApiError, close: bool = False) -> None:
    response = JSONResponse(
        error.body(), status_code=error.status, headers={"Connection": "close"} if close else None
    )
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _error_response(error: ApiError) -> JSONResponse:
    headers = dict(error.headers)
    if "retry_after" in error.details:
        headers["Retry-After"] = str(error.details["retry_after"])
    return JSONResponse(error.body(), status_code=error.status, headers=headers or None)


def create_app(settings: Settings | None = None, run_migrations: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.check()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if run_migrations:
        migrate(settings.url)
    engine = make_engine(settings.url, settings.pool_size, settings.pool_overflow)
    security.dummy_hash()  # made now, not during the first login for an unknown username

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.cnscd.dispose()

    app = FastAPI(
        title=messages.text("api_title"),
        summary=messages.text("api_summary", "en"),
        version="1",
        lifespan=lifespan,
        # No Swagger UI or ReDoc: both load their scripts from a CDN, and this server serves no
        # script anywhere. The document is at /openapi.json, for any viewer one runs oneself.
        docs_url=None,
        redoc_url=None,
    )
    app.state.cnscd = AppState(
        settings=settings,
        engine=engine,
        limiters={
            "enrol": limiter(engine, "enrol", settings.enrol_rate_per_minute),
            "login": limiter(engine, "login", settings.login_rate_per_minute),
            "public": limiter(
                engine, "public", settings.public_rate_per_minute, settings.public_burst
            ),
        },
        media=open_store(settings),
    )
    for module in (
        health,
        auth,
        accounts,
        enrolment,
        devices,
        sync,
        media,
        content,
        reports,
        public,
    ):
        app.include_router(module.router)
    for module in (
        login_pages,
        report_pages,
        device_pages,
        admin_pages,
        content_pages,
        editor_pages,
    ):
        app.include_router(module.router)
    openapi.document(app)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return pages.error_page(exc) if pages.wants_html(request) else _error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError) -> Response:
        error = validation_error(list(exc.errors()))
        return pages.error_page(error) if pages.wants_html(request) else _error_response(error)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and request.url.path.startswith("/g/"):
            return public.not_found_page(request.url.path.removeprefix("/g/"))
        # Starlette's own refusals, in the catalogue's words for their codes (a status without
        # a code of ours is a bad request).
        error = ApiError(exc.status_code, _HTTP_CODES.get(exc.status_code, "bad_request"))
        if pages.wants_html(request):
            return pages.error_page(error)
        return JSONResponse(
            error.body(), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)
        return JSONResponse(ApiError(500, "internal_error").body(), status_code=500)

    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        large_paths={
            "/api/v1/content/bundles": settings.max_bundle_bytes,
            content_pages.UPLOAD_PATH: settings.max_bundle_bytes,
            editor_pages.STEP_PATH: editor_pages.STEP_BODY_BYTES,
        },
        timeout=settings.body_timeout,
    )
    app.add_middleware(RequestLog)
    return app


def create_worker_app() -> FastAPI:
    """The factory each `python -m server --workers N` process calls: the worker is a fresh
    interpreter, so it sets up its own JSON log lines on stdout before building the app (the
    schema was migrated once, by the parent, before the workers started)."""
    logs.setup()
    return create_app(run_migrations=False)
