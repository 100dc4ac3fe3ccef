"""Media by SHA-256: the address is the content, so it never changes — ETag is the hash, caches
may keep it for a year, and Range requests let a broken download resume. The file comes from
the app's media store (server.core.media): this machine's folder, or S3 shared by every
machine, streamed a chunk at a time."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.responses import MalformedRangeHeader, RangeNotSatisfiable

from server.api.deps import ReadDbDep, StateDep
from server.api.openapi import errors
from server.api.params import Text
from server.core.errors import ApiError, not_found
from server.services import content
from wire.api import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["media"])
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CACHE_FOREVER = "public, max-age=31536000, immutable"


_ANY_FILE = {"*/*": {"schema": {"type": "string", "format": "binary"}}}


def _range(header: str, size: int) -> tuple[int, int] | None:
    """The one byte range asked for (start, end inclusive), None for the whole file; a range
    past the end is a 416. Several ranges at once are answered with the whole file."""
    match = _RANGE.match(header.strip())
    if not match or not any(match.groups()):
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise ApiError(416, "range_not_satisfiable", size=size)
    return start, end


@router.head("/media/{sha256}", include_in_schema=False)
@router.get(
    "/media/{sha256}",
    response_class=FileResponse,
    responses={
        200: {"description": "The file", "content": _ANY_FILE},
        206: {"description": "Part of the file (Range)", "content": _ANY_FILE},
        304: {"description": "Not modified"},
        **errors(400, 404, 416, 422),
    },
)
def get_media(sha256: Text, request: Request, db: ReadDbDep, state: StateDep) -> Response:
    if not _SHA256.match(sha256):
        raise ApiError(400, "invalid_sha256")
    row = content.media_file(db, sha256)
    stored = state.media.stat(sha256) if row is not None else None
    if row is None or stored is None:
        raise not_found("unknown_media")
    etag = f'"{sha256}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_FOREVER}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    _check_range(request, etag, stored.size)
    # The lookup's transaction ends as this returns (ReadDbDep): a slow reader of a large file
    # holds no database connection while the file goes out.
    if stored.path is not None:
        return FileResponse(stored.path, media_type=row.mime, headers=headers)
    wanted = _range(request.headers.get("range", ""), stored.size)
    start, end = wanted or (0, stored.size - 1)
    headers.update({"Accept-Ranges": "bytes", "Content-Length": str(end - start + 1)})
    if wanted:
        headers["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
    status = 206 if wanted else 200
    if request.method == "HEAD" or stored.size == 0:
        return Response(status_code=status, headers=headers, media_type=row.mime)
    return StreamingResponse(
        state.media.read(sha256, start, end),
        status_code=status,
        headers=headers,
        media_type=row.mime,
    )


def _check_range(request: Request, etag: str, size: int) -> None:
    """A Range that FileResponse would refuse is refused here, in the API's own error shape
    (FileResponse answers those in plain text), by FileResponse's own parser."""
    asked, if_range = request.headers.get("range"), request.headers.get("if-range")
    if asked is None or (if_range is not None and if_range != etag):
        return
    try:
        FileResponse._parse_range_header(asked, size)
    except MalformedRangeHeader as exc:
        raise ApiError(400, "malformed_range", detail=exc.content) from None
    except RangeNotSatisfiable:
        error = ApiError(416, "range_not_satisfiable", size=size)
        error.headers = {"Content-Range": f"bytes */{size}"}
        raise error from None
