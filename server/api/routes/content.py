"""Content publishing over the API: a province admin uploads the content build's output
(manifest.json + media, as .tar.gz); `?guide=<code>` publishes just that guide's new version."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from server.api.body import read_limited
from server.api.deps import StaffDep, StateDep
from server.api.openapi import BODY, errors
from server.api.params import Text
from server.services import accounts, content
from wire.api import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/content", tags=["content"])


class PublishResponse(BaseModel):
    published: list[str]
    unchanged: list[str]
    media_added: int


@router.post(
    "/bundles",
    responses=errors(401, 403, 404, 409, 422, *BODY),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/gzip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def publish(
    request: Request,
    staff: StaffDep,
    state: StateDep,
    guide: Annotated[Text | None, Query(max_length=64)] = None,
) -> PublishResponse:
    accounts.require_province_admin(staff)
    limit = state.settings.max_bundle_bytes
    body = await read_limited(request, limit)
    with tempfile.TemporaryDirectory(prefix="cnscd-upload-") as work:
        archive = Path(work) / "bundle.tar.gz"
        archive.write_bytes(body)
        del body
        result = await run_in_threadpool(
            content.publish_archive,
            state.engine,
            state.media,
            archive,
            f"staff:{staff.id}",
            guide,
            limit,
        )
    return PublishResponse(
        published=result.published, unchanged=result.unchanged, media_added=result.media_added
    )
