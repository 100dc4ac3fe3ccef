"""The OpenAPI document as the API behaves: every route lists the 4xx answers it can send, all
in the one error shape ({"error": {"code", "message", "message_en", ...}}, wire.api's
ErrorResponse), FastAPI's own validation-error shape (which the API never sends) replaced by it,
and the push body's schema, which FastAPI cannot see since the route reads the body by hand."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from wire.api import ErrorResponse, PushRequest

_REF = "#/components/schemas/{model}"

WHAT = {
    400: "Malformed: not JSON, broken gzip, a bad cursor, hash or Range "
    "(malformed_json, malformed_gzip, invalid_cursor, invalid_sha256, malformed_range)",
    401: "No valid login or device token (missing_token, invalid_token, device_revoked)",
    403: "Not yours to do or to touch (forbidden, forbidden_record)",
    404: "Not found (unknown_team, unknown_device, unknown_media, invalid_code, unknown_guide)",
    408: "The request body stopped arriving (request_timeout); the connection is closed",
    409: "In conflict with what is held (code_used, username_taken, version_not_newer)",
    410: "Expired (code_expired)",
    413: "The body is too large (body_too_large; limit: the limit in bytes)",
    415: "Not JSON, or an encoding other than gzip (unsupported_media_type, unsupported_encoding)",
    416: "The Range asked for lies outside the file (range_not_satisfiable)",
    422: "A value refused, at `field` (invalid_value, missing_field, unknown_field, duplicate_key, "
    "control_character, markup_not_allowed, date_out_of_range, date_in_future, "
    "clock_out_of_range, too_many_records, invalid_period, weak_password, ...)",
    429: "Too many requests from this address (rate_limited; retry_after: seconds, also in the "
    "Retry-After header)",
}

# What any request with a body can meet before its route: too large, or too slow.
BODY = (408, 413)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: these statuses, each in the one error shape (JSON, also on
    routes that answer HTML or CSV otherwise)."""
    shape = {"application/json": {"schema": {"$ref": _REF.format(model="ErrorResponse")}}}
    answers: dict[int | str, dict[str, Any]] = {}
    for status in sorted(set(statuses)):
        answers[status] = {"description": WHAT[status], "content": shape}
        if status == 429:
            answers[status]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return answers


def document(app: FastAPI) -> None:
    """Make app.openapi() answer the document described above."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (PushRequest, ErrorResponse):
                defs = model.model_json_schema(ref_template=_REF)
                for name, part in {**defs.pop("$defs", {}), model.__name__: defs}.items():
                    schemas.setdefault(name, part)
            _validation_errors_as_ours(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _validation_errors_as_ours(schema: dict) -> None:
    """FastAPI adds a 422 of its own shape (HTTPValidationError) to routes that did not list
    one; the API answers those in its own shape."""
    ours = {"$ref": _REF.format(model="ErrorResponse")}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422")
            if answer and "HTTPValidationError" in str(answer):
                operation["responses"]["422"] = {
                    "description": WHAT[422],
                    "content": {"application/json": {"schema": ours}},
                }
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
