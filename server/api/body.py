"""Request bodies read by hand: a size limit per request (before and after gzip), gzip
accepted, and JSON validated against our strict wire types with stable error codes. Only a
body declared application/json is read, and an object that repeats a key is refused (a JSON
parser keeps the last, silently; another reader might keep the first)."""

from __future__ import annotations

import json
import zlib
from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from server.core.errors import ApiError
from wire.fields import broken_of

Model = TypeVar("Model", bound=BaseModel)


def too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", limit=limit)


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
        raise ApiError(415, "unsupported_encoding")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)  # stop early: a small bomb stays small
        if len(data) > limit or inflater.unconsumed_tail:
            raise too_large(limit)
        if not inflater.eof:
            raise ApiError(400, "malformed_gzip")
    except zlib.error as exc:
        raise ApiError(400, "malformed_gzip") from exc
    return data


def validation_error(errors: list) -> ApiError:
    """The first of pydantic's (or FastAPI's) errors -> our stable code (wire.fields.broken_of),
    with where it happened; its texts are the catalogue's (wire.messages)."""
    first = errors[0]
    loc = tuple(first["loc"])
    loc = loc[1:] if loc[:1] in {("body",), ("query",), ("path",)} else loc
    if first["type"] == "too_long" and loc == ("records",):
        return ApiError(422, "too_many_records")
    broken = broken_of({**first, "loc": loc})
    if broken.code == "malformed_json":
        return ApiError(400, broken.code, **broken.params)
    return ApiError(422, broken.code, field=broken.field, **broken.params)


def require_json(content_type: str | None) -> None:
    """application/json (a charset may follow); text, forms, XML or nothing are refused."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type")


class _Repeated(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _once_each(pairs: list[tuple[str, object]]) -> None:
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise _Repeated(key)
        seen.add(key)
    # Nothing is kept: this pass only looks for repeated keys; pydantic reads the body after.


def refuse_repeated_keys(body: bytes) -> None:
    """422 duplicate_key when any object of the JSON body repeats a key. A body that is not
    JSON passes here: the model's validation says what is wrong with it."""
    try:
        json.loads(body, object_pairs_hook=_once_each)
    except _Repeated as repeated:
        key = repeated.key[:64]
        raise ApiError(422, "duplicate_key", field=key) from None
    except (ValueError, RecursionError):
        return


async def read_model(request: Request, model: type[Model], limit: int) -> Model:
    require_json(request.headers.get("content-type"))
    body = decode(
        await read_limited(request, limit), request.headers.get("content-encoding"), limit
    )
    refuse_repeated_keys(body)
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc.errors(include_url=False)) from exc
