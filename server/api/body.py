"""Request bodies read by hand: a size limit per request (before and after gzip), gzip
accepted, and JSON validated against our strict wire types with stable error codes."""

from __future__ import annotations

import zlib
from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from server.core.errors import ApiError
from wire import messages
from wire.fields import broken_of

Model = TypeVar("Model", bound=BaseModel)


def too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", f"Nội dung gửi lên quá lớn (tối đa {limit} byte).",
                    f"The request body is too large (limit {limit} bytes).", limit=limit)


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def decode(body: bytes, encoding: str | None, limit: int) -> bytes:
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return body
    if encoding != "gzip":
        raise ApiError(415, "unsupported_encoding", "Chỉ nhận nội dung nén gzip.", "Only gzip content encoding is accepted.")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)  # stop early: a small bomb stays small
        if len(data) > limit or inflater.unconsumed_tail:
            raise too_large(limit)
        if not inflater.eof:
            raise ApiError(400, "malformed_gzip", "Nội dung nén gzip bị hỏng.", "The gzip body is truncated.")
    except zlib.error as exc:
        raise ApiError(400, "malformed_gzip", "Nội dung nén gzip bị hỏng.", "The gzip body is corrupt.") from exc
    return data


def validation_error(errors: list) -> ApiError:
    """The first of pydantic's (or FastAPI's) errors -> our stable code (wire.fields.broken_of),
    with where it happened; its texts are the catalogue's (wire.messages)."""
    first = errors[0]
    loc = tuple(first["loc"])
    loc = loc[1:] if loc[:1] in {("body",), ("query",), ("path",)} else loc
    if first["type"] == "too_long" and loc == ("records",):
        return ApiError(422, "too_many_records", *texts("too_many_records"))
    broken = broken_of({**first, "loc": loc})
    if broken.code == "malformed_json":
        return ApiError(400, broken.code, broken.text("vi"), broken.text("en"))
    return ApiError(422, broken.code, broken.text("vi"), broken.text("en"), field=broken.field)


def texts(code: str, **params: object) -> tuple[str, str]:
    """The Vietnamese and English texts of `code`, for an ApiError."""
    return messages.text(code, "vi", **params), messages.text(code, "en", **params)


async def read_model(request: Request, model: type[Model], limit: int) -> Model:
    body = decode(await read_limited(request, limit), request.headers.get("content-encoding"), limit)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc.errors(include_url=False)) from exc
