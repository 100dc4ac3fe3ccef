"""Media by SHA-256: the address is the content, so it never changes — ETag is the hash, caches
may keep it for a year, and Range requests let a broken download resume."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.responses import MalformedRangeHeader, RangeNotSatisfiable

from server.api.deps import ReadDbDep, StateDep
from server.api.openapi import errors
from server.api.params import Text
from server.core.errors import ApiError, not_found
from server.services import content
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["media"])
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CACHE_FOREVER = "public, max-age=31536000, immutable"


_ANY_FILE = {"*/*": {"schema": {"type": "string", "format": "binary"}}}


@router.head("/media/{sha256}", include_in_schema=False)
@router.get("/media/{sha256}", response_class=FileResponse,
            responses={200: {"description": "The file", "content": _ANY_FILE},
                       206: {"description": "Part of the file (Range)", "content": _ANY_FILE},
                       304: {"description": "Not modified"}, **errors(400, 404, 416, 422)})
def get_media(sha256: Text, request: Request, db: ReadDbDep, state: StateDep) -> Response:
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
    _check_range(request, etag, row.size)
    # The lookup's transaction ends as this returns (ReadDbDep): a slow reader of a large file
    # holds no database connection while the file goes out.
    return FileResponse(path, media_type=row.mime, headers=headers)


def _check_range(request: Request, etag: str, size: int) -> None:
    """A Range that FileResponse would refuse is refused here, in the API's own error shape
    (FileResponse answers those in plain text), by FileResponse's own parser."""
    asked, if_range = request.headers.get("range"), request.headers.get("if-range")
    if asked is None or (if_range is not None and if_range != etag):
        return
    try:
        FileResponse._parse_range_header(asked, size)
    except MalformedRangeHeader as exc:
        raise ApiError(400, "malformed_range", "Yêu cầu một phần tệp (Range) không hợp lệ.",
                       f"Malformed Range header: {exc.content}") from None
    except RangeNotSatisfiable:
        error = ApiError(416, "range_not_satisfiable", "Phần tệp yêu cầu nằm ngoài tệp.",
                         "The Range asked for lies outside the file.", size=size)
        error.headers = {"Content-Range": f"bytes */{size}"}
        raise error from None
