"""Liveness and readiness: the process answers and the database does too."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from server.api.deps import ReadDbDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(db: ReadDbDep) -> dict[str, str]:
    db.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
