"""Pull: what changed for a device after its cursor — guides and their media (everyone's),
households and erasures (its team's only).

The cursor is '<content seq>.<team seq>': two counters, each raised under a row lock, so a
change is numbered only when it commits in order and no device can skip over one."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from server.core.clock import as_utc
from server.core.errors import ApiError
from server.models import Device, Guide, Household, HouseholdErasure, MediaFile
from sync.protocol import API_PREFIX, PulledGuide, PulledHousehold, PulledMedia, PullResponse

_CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})$")


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    match = _CURSOR.match(cursor)
    if match is None:
        raise ApiError(400, "invalid_cursor", "Con trỏ đồng bộ không hợp lệ.", "The sync cursor is not valid.")
    return int(match[1]), int(match[2])


def pull(session: Session, device: Device, cursor: str | None, limit: int) -> PullResponse:
    content_seq, team_seq = parse_cursor(cursor)
    guides = list(session.exec(select(Guide).where(Guide.seq > content_seq).order_by(Guide.seq).limit(limit + 1)))
    more = len(guides) > limit
    guides = guides[:limit]
    if guides:
        content_seq = guides[-1].seq

    households = list(session.exec(
        select(Household).where(Household.team_id == device.team_id, Household.seq > team_seq)
        .order_by(Household.seq).limit(limit + 1)
    ))
    erasures = list(session.exec(
        select(HouseholdErasure).where(HouseholdErasure.team_id == device.team_id, HouseholdErasure.seq > team_seq)
        .order_by(HouseholdErasure.seq).limit(limit + 1)
    ))
    team_changes = sorted([*households, *erasures], key=lambda row: row.seq)
    more = more or len(team_changes) > limit
    team_changes = team_changes[:limit]
    if team_changes:
        team_seq = team_changes[-1].seq

    shas = sorted({sha for guide in guides for sha in guide.data.get("media", {}).values()})
    media = list(session.exec(select(MediaFile).where(col(MediaFile.sha256).in_(shas)))) if shas else []
    return PullResponse(
        cursor=f"{content_seq}.{team_seq}",
        more=more,
        guides=[PulledGuide.model_validate(guide.data, strict=False) for guide in guides],
        media=[PulledMedia(sha256=m.sha256, size=m.size, mime=m.mime, url=f"{API_PREFIX}/media/{m.sha256}") for m in media],
        households=[
            PulledHousehold(id=h.id, village_id=h.village_id, head_name=h.head_name, phone=h.phone,
                            consent_at=as_utc(h.consent_at), updated_at=as_utc(h.updated_at))
            for h in team_changes if isinstance(h, Household)
        ],
        erased_households=[e.id for e in team_changes if isinstance(e, HouseholdErasure)],
    )
