"""Pull: what changed for a device after its cursor — guides and their media and the places of
its commune (everyone's content), households, help sessions and erasures (its team's only).

The cursor is '<content seq>.<household seq>.<session seq>' (a device's older cursor
'<content>.<team>' reads as '<content>.<team>.<team>'): counters raised under a row lock, so a
change is numbered only when it commits in order and no device can skip over one. Guides and
places share the content counter; households, erasures and sessions the team's.

Households and erasures come first, then the help sessions: once the households are all
through, a page of sessions finds theirs on the device already, so each household is sent
once per pull. A page's sessions carry only the households not yet sent (one written while the
pull went on), so a device can still apply each page in one transaction without waiting for
the next."""

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

_CURSOR = re.compile(r"^(\d{1,18})\.(\d{1,18})(?:\.(\d{1,18}))?$")


def parse_cursor(cursor: str | None) -> tuple[int, int, int]:
    if not cursor:
        return 0, 0, 0
    match = _CURSOR.match(cursor)
    if match is None:
        raise ApiError(400, "invalid_cursor")
    return int(match[1]), int(match[2]), int(match[3] or match[2])


def pull(session: Session, device: Device, cursor: str | None, limit: int) -> PullResponse:
    content_seq, household_seq, session_seq = parse_cursor(cursor)
    commune_id = session.get(Team, device.team_id).commune_id

    content: list[Guide | Area] = list(
        session.exec(
            select(Guide)
            .where(
                Guide.seq > content_seq,
                # a commune's own guides go to its teams' devices only
                or_(col(Guide.commune_id).is_(None), Guide.commune_id == commune_id),
            )
            .order_by(Guide.seq)
            .limit(limit + 1)
        )
    )
    content += _places_changed(session, commune_id, content_seq, limit + 1)
    content.sort(key=lambda row: row.seq)
    more = len(content) > limit
    content = content[:limit]
    if content:
        content_seq = content[-1].seq
    guides = [row for row in content if isinstance(row, Guide)]
    places = [row for row in content if isinstance(row, Area)]

    firsts: list[Household | HouseholdErasure] = []
    for model in (Household, HouseholdErasure):
        changed = select(model).where(model.team_id == device.team_id, model.seq > household_seq)
        firsts += session.exec(changed.order_by(model.seq).limit(limit + 1)).all()
    firsts.sort(key=lambda row: row.seq)
    households_more = len(firsts) > limit
    firsts = firsts[:limit]
    if firsts:
        household_seq = firsts[-1].seq
    room = limit - len(firsts)
    sessions: list[HelpSession] = []
    if households_more or not room:
        more = True  # the sessions come once the households are through
    else:
        sessions = list(
            session.exec(
                select(HelpSession)
                .where(
                    HelpSession.team_id == device.team_id,
                    HelpSession.seq > session_seq,
                    # a device has its own sessions: they are not sent back
                    or_(col(HelpSession.device_id).is_(None), HelpSession.device_id != device.id),
                )
                .order_by(HelpSession.seq)
                .limit(room + 1)
            )
        )
        more = more or len(sessions) > room
        sessions = sessions[:room]
        if sessions:
            session_seq = sessions[-1].seq

    households = {h.id: h for h in firsts if isinstance(h, Household)}
    missing = sorted({s.household_id for s in sessions} - set(households))
    if missing:  # written after the households were through: not on the device yet
        households.update(
            (h.id, h)
            for h in session.exec(
                select(Household).where(
                    col(Household.id).in_(missing), Household.seq > household_seq
                )
            )
        )

    shas = sorted({sha for guide in guides for sha in guide.data.get("media", {}).values()})
    media = (
        list(session.exec(select(MediaFile).where(col(MediaFile.sha256).in_(shas)))) if shas else []
    )
    return PullResponse(
        cursor=f"{content_seq}.{household_seq}.{session_seq}",
        more=more,
        guides=[guide.published() for guide in guides],
        media=[
            PulledMedia(
                sha256=m.sha256, size=m.size, mime=m.mime, url=f"{API_PREFIX}/media/{m.sha256}"
            )
            for m in media
        ],
        areas=_areas(session, commune_id, households.values(), places, first=not cursor),
        households=[HouseholdPayload.held(h) for h in households.values()],
        help_sessions=[_session(s) for s in sessions],
        erased_households=[e.id for e in firsts if isinstance(e, HouseholdErasure)],
    )


def _places_changed(session: Session, commune_id: str, after: int, limit: int) -> list[Area]:
    """The places of the team's commune (its villages, itself, its province) changed after the
    content cursor: added, renamed or retired."""
    commune = session.get(Area, commune_id)
    ours = [commune_id, *([commune.parent_id] if commune is not None and commune.parent_id else [])]
    return list(
        session.exec(
            select(Area)
            .where(Area.seq > after, or_(Area.parent_id == commune_id, col(Area.id).in_(ours)))
            .order_by(Area.seq)
            .limit(limit)
        )
    )


def _areas(
    session: Session, commune_id: str, households, changed: list[Area], first: bool
) -> list[PulledArea]:
    """The places changed, and the villages of the page's households, with their commune and
    province; from the start, every village of the team's commune (retired ones too: households
    may lie in them)."""
    wanted = {h.village_id for h in households} | {a.id for a in changed}
    if first:
        wanted |= set(
            session.exec(
                select(Area.id).where(
                    Area.parent_id == commune_id, Area.level == AreaLevel.VILLAGE.value
                )
            )
        )
    found: dict[str, Area] = {}
    while wanted:
        rows = session.exec(select(Area).where(col(Area.id).in_(sorted(wanted)))).all()
        found.update((a.id, a) for a in rows)
        wanted = {a.parent_id for a in rows if a.parent_id and a.parent_id not in found}
    order = {AreaLevel.PROVINCE.value: 0, AreaLevel.COMMUNE.value: 1, AreaLevel.VILLAGE.value: 2}
    return [
        PulledArea(
            id=a.id,
            parent_id=a.parent_id,
            level=a.level,
            name=a.name,
            retired=a.retired_at is not None,
        )
        for a in sorted(found.values(), key=lambda a: (order.get(a.level, 3), a.id))
    ]


def _session(s: HelpSession) -> HelpSessionPayload:
    return HelpSessionPayload.model_construct(
        id=s.id,
        household_id=s.household_id,
        occurred_at=as_utc(s.occurred_at),
        services=list(s.services),
        guides=list(s.guides),
        outcome=s.outcome,
        follow_up_on=s.follow_up_on,
        minutes=s.minutes,
        note=s.note,
        updated_at=as_utc(s.updated_at),
        clock=s.clock,
    )
