"""Request bodies read by hand: a size limit per request (before and after gzip), gzip
accepted, and JSON validated against our strict wire types with stable error codes."""

from __future__ import annotations

import zlib
from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from server.core.errors import ApiError
from sync.protocol import ERROR_CODES

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
    """The first of pydantic's (or FastAPI's) errors -> our stable code, with where it happened."""
    first = errors[0]
    kind = first["type"]
    loc = tuple(first["loc"])
    loc = loc[1:] if loc[:1] in {("body",), ("query",), ("path",)} else loc
    where = ".".join(str(part) for part in loc)
    if kind == "json_invalid":
        return ApiError(400, "malformed_json", "Nội dung không phải JSON hợp lệ.", "The body is not valid JSON.")
    if kind == "extra_forbidden":
        return ApiError(422, "unknown_field", f"Trường không được phép: {where}.", f"Unknown field: {where}.", field=where)
    if kind == "too_long" and loc == ("records",):
        return ApiError(422, "too_many_records", "Quá nhiều bản ghi trong một lần gửi.", "Too many records in one batch.")
    if kind in ERROR_CODES:
        return ApiError(422, kind, ERROR_CODES[kind], str(first["msg"]), field=where)
    if kind == "missing":
        return ApiError(422, "missing_field", f"Thiếu trường: {where}.", f"Missing field: {where}.", field=where)
    return ApiError(422, "invalid_value", f"Giá trị không hợp lệ ở {where}.", f"Invalid value at {where}: {first['msg']}", field=where)


async def read_model(request: Request, model: type[Model], limit: int) -> Model:
    body = decode(await read_limited(request, limit), request.headers.get("content-encoding"), limit)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc.errors(include_url=False)) from exc
