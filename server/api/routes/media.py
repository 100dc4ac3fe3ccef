"""Media by SHA-256: the address is the content, so it never changes — ETag is the hash, caches
may keep it for a year, and Range requests let a broken download resume."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from server.api.deps import DbDep, StateDep
from server.core.errors import ApiError, not_found
from server.services import content
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["media"])
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CACHE_FOREVER = "public, max-age=31536000, immutable"


@router.head("/media/{sha256}", include_in_schema=False)
@router.get("/media/{sha256}", response_class=FileResponse,
            responses={206: {"description": "Part of the file (Range)"}, 304: {"description": "Not modified"}})
def get_media(sha256: str, request: Request, db: DbDep, state: StateDep) -> Response:
    if not _SHA256.match(sha256):
        raise ApiError(400, "invalid_sha256", "Mã SHA-256 không hợp lệ.", "Not a SHA-256 hex digest.")
    row = content.media_file(db, sha256)
    path = content.media_path(state.settings.media_dir, sha256)
    if row is None or not path.is_file():
        raise not_found("unknown_media")
    etag = f'"{sha256}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_FOREVER}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=row.mime, headers=headers)
