"""Pull: what changed for a device after its cursor — guides and their media (everyone's),
households, help sessions and erasures (its team's only).

The cursor is '<content seq>.<team seq>': two counters, each raised under a row lock, so a
change is numbered only when it commits in order and no device can skip over one.

Each page stands on its own: it carries the households its sessions belong to (even when
they changed earlier) and the places those households lie in, so a device can apply a page
in one transaction without waiting for the next."""

from __future__ import annotations

import re

from sqlalchemy import or_
from sqlmodel import Session, col, select

from server.core.errors import ApiError
from server.models import (
    Area,
    AreaLevel,
    Device,
    Guide,
    HelpSession,
    Household,
    HouseholdErasure,
    MediaFile,
    Team,
)
from wire.api import API_PREFIX, PulledArea, PulledMedia, PullResponse
from wire.clock import as_utc
from wire.records import HelpSessionPayload, HouseholdPayload

_CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})$")


def parse_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    match = _CURSOR.match(cursor)
    if match is None:
        raise ApiError(400, "invalid_cursor")
    return int(match[1]), int(match[2])


def pull(session: Session, device: Device, cursor: str | None, limit: int) -> PullResponse:
    content_seq, team_seq = parse_cursor(cursor)
    guides = list(session.exec(select(Guide).where(Guide.seq > content_seq).order_by(Guide.seq).limit(limit + 1)))
    more = len(guides) > limit
    guides = guides[:limit]
    if guides:
        content_seq = guides[-1].seq

    team_changes: list[Household | HouseholdErasure | HelpSession] = []
    for model in (Household, HouseholdErasure, HelpSession):
        statement = select(model).where(model.team_id == device.team_id, model.seq > team_seq)
        if model is HelpSession:  # a device has its own sessions: they are not sent back
            statement = statement.where(or_(col(HelpSession.device_id).is_(None), HelpSession.device_id != device.id))
        team_changes += session.exec(statement.order_by(model.seq).limit(limit + 1)).all()
    team_changes.sort(key=lambda row: row.seq)
    more = more or len(team_changes) > limit
    team_changes = team_changes[:limit]
    if team_changes:
        team_seq = team_changes[-1].seq

    households = {h.id: h for h in team_changes if isinstance(h, Household)}
    sessions = [s for s in team_changes if isinstance(s, HelpSession)]
    missing = sorted({s.household_id for s in sessions} - set(households))
    if missing:
        households.update((h.id, h) for h in session.exec(select(Household).where(col(Household.id).in_(missing))))

    shas = sorted({sha for guide in guides for sha in guide.data.get("media", {}).values()})
    media = list(session.exec(select(MediaFile).where(col(MediaFile.sha256).in_(shas)))) if shas else []
    return PullResponse(
        cursor=f"{content_seq}.{team_seq}",
        more=more,
        guides=[guide.published() for guide in guides],
        media=[PulledMedia(sha256=m.sha256, size=m.size, mime=m.mime, url=f"{API_PREFIX}/media/{m.sha256}") for m in media],
        areas=_areas(session, device, households.values(), first=not cursor),
        households=[HouseholdPayload.held(h) for h in households.values()],
        help_sessions=[_session(s) for s in sessions],
        erased_households=[e.id for e in team_changes if isinstance(e, HouseholdErasure)],
    )


def _areas(session: Session, device: Device, households, first: bool) -> list[PulledArea]:
    """The villages of the page's households with their commune and province; from the start,
    every village of the team's commune."""
    wanted = {h.village_id for h in households}
    if first:
        commune_id = session.get(Team, device.team_id).commune_id
        wanted |= set(session.exec(select(Area.id).where(Area.parent_id == commune_id,
                                                         Area.level == AreaLevel.VILLAGE.value)))
    found: dict[str, Area] = {}
    while wanted:
        rows = session.exec(select(Area).where(col(Area.id).in_(sorted(wanted)))).all()
        found.update((a.id, a) for a in rows)
        wanted = {a.parent_id for a in rows if a.parent_id and a.parent_id not in found}
    order = {AreaLevel.PROVINCE.value: 0, AreaLevel.COMMUNE.value: 1, AreaLevel.VILLAGE.value: 2}
    return [PulledArea(id=a.id, parent_id=a.parent_id, level=a.level, name=a.name)
            for a in sorted(found.values(), key=lambda a: (order.get(a.level, 3), a.id))]


def _session(s: HelpSession) -> HelpSessionPayload:
    return HelpSessionPayload.model_construct(
        id=s.id, household_id=s.household_id, occurred_at=as_utc(s.occurred_at), services=list(s.services),
        guides=list(s.guides), outcome=s.outcome, follow_up_on=s.follow_up_on, minutes=s.minutes, note=s.note,
        updated_at=as_utc(s.updated_at),
    )
