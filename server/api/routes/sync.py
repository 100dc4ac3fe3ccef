"""The sync endpoints devices call: push a batch of records, pull changes after a cursor.
Answers are gzipped for clients that accept it: on a village's 2G link every byte counts."""

from __future__ import annotations

import gzip
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from server.api.body import read_model
from server.api.deps import DeviceDep, ReadDbDep, StateDep
from server.api.openapi import BODY, errors
from server.api.params import Text
from server.core.errors import ApiError
from server.services import changes, ingest
from wire.api import API_PREFIX, PullResponse, PushRequest, PushResponse

router = APIRouter(prefix=f"{API_PREFIX}/sync", tags=["sync"])

_PUSH_BODY = {
    "requestBody": {
        "required": True,
        "description": "JSON, optionally with Content-Encoding: gzip. All records are stored or none.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


_GZIP_FROM = 512  # bytes; smaller answers are not worth the gzip header


def json_answer(request: Request, answer: BaseModel) -> Response:
    # Fields at their defaults are left out: an app older than a field still reads the answer.
    body = answer.model_dump_json(exclude_defaults=True).encode("utf-8")
    headers = {"Vary": "Accept-Encoding"}
    if len(body) >= _GZIP_FROM and "gzip" in request.headers.get("accept-encoding", "").lower():
        body = gzip.compress(body, 6, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    "/push",
    openapi_extra=_PUSH_BODY,
    response_model=PushResponse,
    responses=errors(400, 401, 403, 415, 422, *BODY),
)
async def push(request: Request, device: DeviceDep, state: StateDep) -> Response:
    batch = await read_model(request, PushRequest, state.settings.max_body_bytes)
    if len(batch.records) > state.settings.max_batch_records:
        raise ApiError(422, "too_many_records", limit=state.settings.max_batch_records)
    return json_answer(request, await run_in_threadpool(ingest.push, state.engine, device, batch))


@router.get("/pull", response_model=PullResponse, responses=errors(400, 401, 422))
def pull(
    request: Request,
    device: DeviceDep,
    db: ReadDbDep,
    state: StateDep,
    cursor: Annotated[Text | None, Query(max_length=40)] = None,
) -> Response:
    return json_answer(request, changes.pull(db, device, cursor, state.settings.max_pull_records))
