"""Rendering the staff pages: Jinja2 templates with autoescaping on (everything shown is
escaped unless a template says otherwise, and none does), their words from the catalogue
(`t(key, **params)` in a template, Vietnamese; wire.messages.server), Vietnamese number and
date formats, and the security headers of every staff page (no script may run at all)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from server.core.errors import ApiError
from server.models import Role
from server.web.session import CSRF_FIELD, StaffSession
from wire import messages
from wire.clock import VIETNAM, as_utc

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

ROLE_NAMES = {role.value: messages.text(f"staff_role_{role.value}") for role in Role}


def number(value: int) -> str:
    """12345 -> '12.345', as Vietnamese writes it."""
    return f"{value:,}".replace(",", ".")


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    """A stored UTC moment, shown in Vietnam's time."""
    return as_utc(value).astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") if value else ""


def month(value: str) -> str:
    """'2026-03' -> 'T3/2026'."""
    year, number_ = value.split("-")
    return f"T{int(number_)}/{year}"


_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(
    number=number, day=day, moment=moment, month=month, role=lambda r: ROLE_NAMES.get(r, r)
)
_env.globals.update(csrf_field=CSRF_FIELD, Role=Role, t=messages.text)


def render(
    template: str, staff: StaffSession | None = None, status: int = 200, **context: object
) -> HTMLResponse:
    context = {"message": None, "error": None, **context}
    html = _env.get_template(template).render(staff=staff, **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def wants_html(request: Request) -> bool:
    return request.url.path == "/staff" or request.url.path.startswith("/staff/")


def error_page(error: ApiError) -> Response:
    """An ApiError on a staff page: to the login page when not logged in, else a page saying why."""
    if error.status == 401:
        return RedirectResponse("/staff/login", status_code=303)
    response = render(
        "error.html",
        title=messages.text("staff_error_title"),
        problem=error.message,
        problem_en=error.message_en,
        code=error.code,
        status=error.status,
    )
    if "retry_after" in error.details:
        response.headers["Retry-After"] = str(error.details["retry_after"])
    return response
