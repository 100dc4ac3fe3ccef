"""Public guide pages for QR scans (/g/<code>) and the library (/g/): no login, no cookies,
nothing kept about who opened them; each open counted per guide, day and commune (?c=)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from content import public_page
from server.api.deps import ReadDbDep, StateDep, rate_limit
from server.api.openapi import errors
from server.api.params import Text
from server.core.db import session_scope
from server.services import public
from wire.api import API_PREFIX

router = APIRouter(prefix="/g", tags=["public"], dependencies=[rate_limit("public")])
_HEADERS = public_page.HEADERS


def _media_url(sha256: str) -> str:
    return f"{API_PREFIX}/media/{sha256}"


@router.get("/", response_class=HTMLResponse, responses=errors(429))
def library(db: ReadDbDep) -> HTMLResponse:
    entries = [
        public_page.LibraryEntry(g.code, g.data["title"], g.data["summary"], f"/g/{g.code}")
        for g in public.library(db)
    ]
    return HTMLResponse(public_page.render_library(public_page.Library(entries)), headers=_HEADERS)


@router.get(
    "/{code:path}",
    response_class=HTMLResponse,
    responses={
        **errors(422, 429),
        404: {"description": "No such guide: a friendly page", "content": {"text/html": {}}},
    },
)
def guide_page(
    code: Text, state: StateDep, c: Annotated[Text | None, Query(max_length=64)] = None
) -> HTMLResponse:
    # Read and render without the write lock; then count the open in a transaction of its own,
    # as short as it can be (on SQLite every page view would otherwise queue behind the last).
    with session_scope(state.reader) as db:
        guide = public.guide(db, code, c) if len(code) <= 64 else None
    if guide is None:
        return not_found_page(code)
    html = public_page.render_guide(public_page.page_from_manifest(guide.published(), _media_url))
    with session_scope(state.engine) as db:
        public.count_open(db, guide.code, c)
    return HTMLResponse(html, headers=_HEADERS)


def not_found_page(code: str) -> HTMLResponse:
    """The friendly 404 of an unknown guide, with a link to the library; also for an address
    under /g/ that no route takes (one with a newline in it, say)."""
    return HTMLResponse(public_page.render_not_found(code[:64]), status_code=404, headers=_HEADERS)
