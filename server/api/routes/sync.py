"""The sync endpoints devices call: push a batch of records, pull changes after a cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from server.api.body import read_model
from server.api.deps import DbDep, DeviceDep, StateDep
from server.core.errors import ApiError
from server.services import changes, ingest
from sync.protocol import API_PREFIX, PullResponse, PushRequest, PushResponse

router = APIRouter(prefix=f"{API_PREFIX}/sync", tags=["sync"])

_PUSH_BODY = {
    "requestBody": {
        "required": True,
        "description": "JSON, optionally with Content-Encoding: gzip. All records are stored or none.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


@router.post("/push", openapi_extra=_PUSH_BODY)
async def push(request: Request, device: DeviceDep, state: StateDep) -> PushResponse:
    batch = await read_model(request, PushRequest, state.settings.max_body_bytes)
    if len(batch.records) > state.settings.max_batch_records:
        raise ApiError(422, "too_many_records", "Quá nhiều bản ghi trong một lần gửi.", "Too many records in one batch.",
                       limit=state.settings.max_batch_records)
    return await run_in_threadpool(ingest.push, state.engine, device, batch)


@router.get("/pull")
def pull(device: DeviceDep, db: DbDep, state: StateDep,
         cursor: Annotated[str | None, Query(max_length=40)] = None) -> PullResponse:
    return changes.pull(db, device, cursor, state.settings.max_pull_records)
