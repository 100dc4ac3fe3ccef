"""The FastAPI application: `create_app()` wires settings, database, routes, limits and the
error format {"error": {"code", "message", "message_en", ...}}."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.body import validation_error
from server.api.deps import AppState
from server.api.limits import RateLimiter
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
from server.core.config import Settings
from server.core.db import make_engine, migrate
from server.core.errors import ApiError
from server.web import pages
from server.web.routes import admin as admin_pages
from server.web.routes import content as content_pages
from server.web.routes import devices as device_pages
from server.web.routes import login as login_pages
from server.web.routes import report as report_pages
from wire.api import PushRequest

log = logging.getLogger("cnscd.server.http")
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 413: "body_too_large", 415: "unsupported_media_type"}


class BodyLimit:
    """Refuse bodies over the limit before any route reads them (the bundle upload has its own,
    larger, limit). A body without Content-Length is counted as it streams; past the limit the
    app is told the client went away and the client gets the 413."""

    def __init__(self, app: ASGIApp, limit: int, large_paths: dict[str, int]) -> None:
        self.app, self.limit, self.large_paths = app, limit, large_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large_paths.get(scope["path"], self.limit)
        error = ApiError(413, "body_too_large", "Nội dung gửi lên quá lớn.", "The request body is too large.", limit=limit)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _send_error(send, error)
            return
        seen, over, started = 0, False, False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                over = True
                return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the 413 below answers instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _send_error(send, error)


class RequestLog:
    """One structured line per request: method, route template, status, time; no query string,
    no body, no client address."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def watched(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        finally:
            route = getattr(scope.get("route"), "path", "?")
            log.info("request", extra={"method": scope["method"], "route": route, "status": status,
                                       "ms": round((time.perf_counter() - started) * 1000, 1)})


async def _send_error(send: Send, error: ApiError) -> None:
    response = JSONResponse(error.body(), status_code=error.status)
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _error_response(error: ApiError) -> JSONResponse:
    headers = {"Retry-After": str(error.details["retry_after"])} if "retry_after" in error.details else None
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


def _document_raw_bodies(app: FastAPI) -> None:
    """The push body is read by hand (size limit, gzip); put its schema in the OpenAPI anyway."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            defs = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(defs.pop("$defs", {}))
            schemas["PushRequest"] = defs
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None, run_migrations: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if run_migrations:
        migrate(settings.url)
    engine = make_engine(settings.url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Tổ CNSCĐ — API trung tâm",
        summary="Central API of the community digital-technology teams: enrolment, sync, media, public guide pages.",
        version="1",
        lifespan=lifespan,
    )
    app.state.cnscd = AppState(
        settings=settings,
        engine=engine,
        limiters={
            "enrol": RateLimiter(settings.enrol_rate_per_minute),
            "login": RateLimiter(settings.login_rate_per_minute),
            "public": RateLimiter(settings.public_rate_per_minute),
        },
    )
    for module in (health, auth, accounts, enrolment, devices, sync, media, content, reports, public):
        app.include_router(module.router)
    for module in (login_pages, report_pages, device_pages, admin_pages, content_pages):
        app.include_router(module.router)
    _document_raw_bodies(app)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return pages.error_page(exc) if pages.wants_html(request) else _error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError) -> Response:
        error = validation_error(list(exc.errors()))
        return pages.error_page(error) if pages.wants_html(request) else _error_response(error)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        if pages.wants_html(request):
            return pages.error_page(ApiError(exc.status_code, code, "Không tìm thấy trang này." if exc.status_code == 404
                                             else "Yêu cầu không hợp lệ.", str(exc.detail)))
        return JSONResponse({"error": {"code": code, "message": str(exc.detail), "message_en": str(exc.detail)}},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)
        return JSONResponse({"error": {"code": "internal_error", "message": "Lỗi máy chủ, hãy thử lại sau.",
                                       "message_en": "Server error; try again later."}}, status_code=500)

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes,
                       large_paths={"/api/v1/content/bundles": settings.max_bundle_bytes,
                                    content_pages.UPLOAD_PATH: settings.max_bundle_bytes})
    app.add_middleware(RequestLog)
    return app
