"""Bad parameters against the live server: a NUL byte (or another control character) in a
path, a query, a form or a JSON string, and integers past 64 bits, are each a 4xx with a stable
code; nothing is stored and the server logs one line (the request), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterator
from datetime import date

import httpx
from apitest import PASSWORD, World, captured_logs, make_bundle
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from sqlmodel import Session
from webtest import Page

from server.cli import main as cli
from server.models import AuditEntry, Device, EnrolmentCode, QrOpen, StaffToken, StaffUser, Team
from server.web.session import COOKIE, csrf_for

HUGE = "99999999999999999999"  # past 64 bits
JUST_PAST = str(2**63)  # one past the largest 64-bit signed integer
PAST_INT4 = str(2**31)  # one past PostgreSQL's "integer", the type of the id columns
# What a route may answer a bad parameter with: the parameter's own fault; a refusal before it
# is looked at (a device route asked with a staff token, a form without its CSRF token); or no
# route at all (a path segment with a newline in it matches none).
ACCEPTED = {
    "control_character",
    "invalid_value",
    "csrf_failed",
    "invalid_token",
    "login_required",
    "not_found",
}
STORED = (AuditEntry, Device, EnrolmentCode, QrOpen, StaffToken, StaffUser, Team)


def _counts(app) -> dict[str, int]:
    with Session(app.state.cnscd.engine) as s:
        return {m.__name__: s.exec(select(func.count()).select_from(m)).one()[0] for m in STORED}


def _staff(live, token: str) -> httpx.Client:
    """A browser of the staff pages, logged in with `token` (the cookie holds a staff token)."""
    http = httpx.Client(base_url=live.url, timeout=60)
    http.cookies.set(COOKIE, token, path="/staff")
    return http


def _code(answer: httpx.Response) -> str:
    """The stable code of an error, from the JSON body or the staff error page."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        return answer.json()["error"]["code"]
    found = re.search(r"\(([a-z_]+)\)</p>", answer.text)
    if found is None and answer.status_code == 404:
        return "not_found"  # the public pages' friendly 404
    return found[1] if found else answer.text[:200]


def _kind(field) -> type:
    """int, str or something else, under Annotated and Optional."""
    annotation = field.field_info.annotation
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    base = args[0]
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    return base


def _good(field, world: World) -> str:
    kind = _kind(field)
    if kind is int:
        return str(world.team_a)
    if kind is date:
        return "2026-01-01"
    return "vneid-m2"


def _seen(world: World, guide: str, device: dict[str, str], login_csrf: str) -> list[tuple]:
    """(who asks, method, path, request arguments, the code expected): the cases seen live."""
    admin, csrf = World.auth(world.admin), csrf_for(world.admin)
    leader = {"password": PASSWORD, "role": "team_leader"}
    form = {"csrf": csrf, "role": "team_leader", "username": "tt.moi", "password": PASSWORD}
    nul, big = "control_character", "invalid_value"
    return [
        ("api", "GET", "/g/%00", {}, nul),
        ("api", "GET", f"/g/{guide}?c=%00", {}, nul),
        ("api", "GET", f"/g/{guide}?c=qn%00", {}, nul),
        ("api", "GET", "/api/v1/reports/figures?commune=%00", {"headers": admin}, nul),
        ("api", "GET", "/api/v1/reports/figures.csv?commune=qn%01", {"headers": admin}, nul),
        ("staff", "GET", "/staff/report?commune=%00", {}, nul),
        (
            "api",
            "POST",
            "/api/v1/auth/login",
            {"json": {"username": "totruong\u0000", "password": PASSWORD}},
            nul,
        ),
        (
            "api",
            "POST",
            "/api/v1/teams",
            {"json": {"commune_id": world.commune_a, "name": "Tổ\u0000 mới"}, "headers": admin},
            nul,
        ),
        (
            "api",
            "POST",
            "/api/v1/teams",
            {"json": {"commune_id": "qn\u0000", "name": "Tổ"}, "headers": admin},
            nul,
        ),
        (
            "api",
            "POST",
            "/api/v1/staff",
            {
                "json": {**leader, "username": "ab\u0000c", "team_id": world.team_a},
                "headers": admin,
            },
            nul,
        ),
        ("api", "GET", "/api/v1/sync/pull?cursor=1.2%00", {"headers": device}, nul),
        (
            "staff",
            "POST",
            "/staff/login",
            {"data": {"csrf": login_csrf, "username": "totruong\x00", "password": PASSWORD}},
            nul,
        ),
        (
            "staff",
            "POST",
            "/staff/admin/teams",
            {"data": {"csrf": csrf, "commune": world.commune_a, "name": "Tổ\x00"}},
            nul,
        ),
        (
            "staff",
            "POST",
            "/staff/admin/teams",
            {"data": {"csrf": csrf, "commune": "qn\x00", "name": "Tổ"}},
            nul,
        ),
        ("api", "GET", f"/api/v1/teams/{HUGE}/devices", {"headers": admin}, big),
        ("api", "POST", f"/api/v1/teams/{HUGE}/enrolment-codes", {"headers": admin}, big),
        ("api", "POST", f"/api/v1/devices/{JUST_PAST}/revoke", {"headers": admin}, big),
        ("api", "POST", f"/api/v1/devices/{PAST_INT4}/revoke", {"headers": admin}, big),
        ("api", "GET", f"/api/v1/teams/{PAST_INT4}/devices", {"headers": admin}, big),
        ("api", "GET", f"/api/v1/reports/figures?team={JUST_PAST}", {"headers": admin}, big),
        ("api", "GET", f"/api/v1/reports/figures.csv?team=-{JUST_PAST}0", {"headers": admin}, big),
        (
            "api",
            "POST",
            "/api/v1/staff",
            {"json": {**leader, "username": "tt.moi", "team_id": 2**64}, "headers": admin},
            big,
        ),
        ("staff", "GET", f"/staff/teams/{HUGE}/devices", {}, big),
        ("staff", "GET", f"/staff/report?team={JUST_PAST}", {}, big),
        ("staff", "POST", f"/staff/teams/{HUGE}/enrolment-codes", {"data": {"csrf": csrf}}, big),
        ("staff", "POST", f"/staff/devices/{HUGE}/revoke", {"data": {"csrf": csrf}}, big),
        ("staff", "POST", "/staff/admin/staff", {"data": {**form, "team": HUGE}}, big),
        ("staff", "POST", "/staff/admin/staff", {"data": {**form, "team": "²"}}, big),
    ]


def test_the_cases_seen_on_the_live_server(
    app, live, settings, world: World, device_a, tmp_path
) -> None:
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    guide = json.loads((bundle / "manifest.json").read_text())["guides"][0]["code"]
    with httpx.Client(base_url=live.url, timeout=60) as api, _staff(live, world.admin) as staff:
        clients = {"api": api, "staff": staff}
        cases = _seen(world, guide, device_a, Page(staff.get("/staff/login").text).csrf)
        before = _counts(app)
        with captured_logs() as logs:
            answers = [
                (clients[who].request(method, path, **kwargs), expected)
                for who, method, path, kwargs, expected in cases
            ]
            # One line each (the request's), and no other: no traceback, no "unexpected error".
            logs.wait_for_requests(len(cases))
        for answer, expected in answers:
            request = answer.request
            assert 400 <= answer.status_code < 500 and _code(answer) == expected, (
                request.method,
                str(request.url),
                answer.status_code,
                answer.text[:300],
            )
        assert _counts(app) == before
    assert len(logs.requests()) == len(cases)
    assert [r.getMessage() for r in logs.others()] == []


def _params(dependant) -> tuple[list, list]:
    """A route's path and query parameters, its dependencies' included."""
    path, query = list(dependant.path_params), list(dependant.query_params)
    for sub in dependant.dependencies:
        more_path, more_query = _params(sub)
        path += [p for p in more_path if p.alias not in {f.alias for f in path}]
        query += more_query
    return path, query


def _routes(app) -> Iterator[APIRoute]:
    """Every route of the app, also those of included routers (which FastAPI keeps in their
    own router since 0.16x)."""
    for route in app.routes:
        if isinstance(route, APIRoute):
            yield route
        for context in getattr(route, "effective_route_contexts", list)():
            if isinstance(context.original_route, APIRoute):
                yield context.original_route


def _bad_requests(app, world: World) -> Iterator[tuple[str, str]]:
    """(method, url) for every path and query parameter of every route: one parameter bad (a
    NUL, a newline, an integer past 64 bits), the others good."""
    for route in _routes(app):
        path_params, query_params = _params(route.dependant)
        for method in sorted(route.methods - {"HEAD"}):
            for bad_field in path_params + query_params:
                kind = _kind(bad_field)
                for bad in [PAST_INT4] if kind is int else ["%00", "a%0Ab"] if kind is str else []:
                    path = route.path_format.replace(":path", "")
                    for field in path_params:
                        value = bad if field is bad_field else _good(field, world)
                        path = path.replace("{" + field.alias + "}", value)
                    query = f"?{bad_field.alias}={bad}" if bad_field in query_params else ""
                    yield method, path + query


def test_every_parameter_of_every_route_refuses_nul_and_huge_integers(
    app, live, world: World
) -> None:
    """Not route by route: whatever route is added later, its path and query parameters go
    through the same types (server.api.params)."""
    requests = list(_bad_requests(app, world))
    assert len(requests) > 20
    with _staff(live, world.admin) as http:
        http.headers.update(World.auth(world.admin))
        before = _counts(app)
        for method, url in requests:
            answer = http.request(method, url)
            assert 400 <= answer.status_code < 500, (method, url, answer.text)
            assert _code(answer) in ACCEPTED, (method, url, answer.text)
        assert _counts(app) == before
