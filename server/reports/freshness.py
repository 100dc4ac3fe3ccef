"""How fresh a report's figures are: live on the primary, or on a streaming replica as of the
commit moment of the last change it has replayed (pg_last_xact_replay_timestamp)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session


@dataclass(frozen=True)
class Freshness:
    replica: bool  # read on a streaming replica, not on the primary
    as_of: datetime | None  # a replica's last replayed commit (None: nothing replayed yet)


def freshness(session: Session) -> Freshness:
    if session.get_bind().dialect.name != "postgresql":
        return Freshness(False, None)
    replica, replayed = session.execute(
        text("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()")
    ).one()
    return Freshness(bool(replica), replayed if replica else None)
