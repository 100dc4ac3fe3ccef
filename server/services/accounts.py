"""Areas, teams and staff accounts; staff logins (bearer tokens for the API, the same tokens in a
cookie for the HTML pages); who may manage what."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, col, or_, select

from server.core import security
from server.core.errors import ApiError, forbidden, not_found
from server.models import Area, AreaLevel, ContentState, Device, Role, StaffToken, StaffUser, Team
from server.services import audit
from wire.clock import as_utc, utcnow

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_PARENT_LEVEL = {
    AreaLevel.COMMUNE.value: AreaLevel.PROVINCE.value,
    AreaLevel.VILLAGE.value: AreaLevel.COMMUNE.value,
}


def add_area(
    session: Session, area_id: str, level: str, name: str, parent_id: str | None, actor: str
) -> Area:
    if level not in {lvl.value for lvl in AreaLevel}:
        raise ApiError(422, "invalid_level")
    wanted_parent = _PARENT_LEVEL.get(level)
    parent = session.get(Area, parent_id) if parent_id else None
    if (wanted_parent is None) != (parent is None) or (
        parent is not None and parent.level != wanted_parent
    ):
        raise ApiError(422, "invalid_parent")
    if session.get(Area, area_id) is not None:
        raise ApiError(409, "area_exists")
    area = Area(
        id=area_id, level=level, name=name, parent_id=parent_id, seq=_next_content_seq(session)
    )
    session.add(area)
    audit.record(session, actor, "area.add", area_id, level=level)
    return area


def retire_area(session: Session, area_id: str, actor: str) -> Area:
    """Take a village out of use (merged into another, renamed away): the households that lie
    in it keep it, no household may be placed in it any more, and the devices of its commune
    stop offering it at their next pull."""
    area = session.get(Area, area_id)
    if area is None or area.level != AreaLevel.VILLAGE.value:
        raise ApiError(404, "no_such_village", village_id=area_id)
    if area.retired_at is None:
        area.retired_at = utcnow()
        area.seq = _next_content_seq(session)
        session.add(area)
        audit.record(session, actor, "area.retire", area_id)
    return area


def _next_content_seq(session: Session) -> int:
    """A new content change number (places are pulled after a cursor, as guides are), raised
    under the content row's lock like a guide's."""
    state = session.exec(select(ContentState).where(ContentState.id == 1).with_for_update()).one()
    state.change_seq += 1
    session.add(state)
    return state.change_seq


def add_team(session: Session, commune_id: str, name: str, actor: str) -> Team:
    commune = session.get(Area, commune_id)
    if commune is None or commune.level != AreaLevel.COMMUNE.value:
        raise ApiError(422, "unknown_commune")
    team = Team(commune_id=commune_id, name=name)
    session.add(team)
    session.flush()
    audit.record(session, actor, "team.add", f"team:{team.id}", commune_id=commune_id)
    return team


def add_staff(
    session: Session,
    username: str,
    password: str,
    role: str,
    actor: str,
    area_id: str | None = None,
    team_id: int | None = None,
) -> StaffUser:
    if role not in {r.value for r in Role}:
        raise ApiError(422, "unknown_role")
    if len(password) < 10:
        raise ApiError(422, "weak_password")
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise ApiError(409, "username_taken")
    if role == Role.TEAM_LEADER.value:
        team = session.get(Team, team_id) if team_id is not None else None
        if team is None:
            raise ApiError(422, "unknown_team")
        area_id = team.commune_id
    elif role == Role.NATIONAL_ADMIN.value:  # the ministry: every province, no area of its own
        area_id = team_id = None
    else:
        wanted = (
            AreaLevel.PROVINCE.value
            if role in {Role.PROVINCE_ADMIN.value, Role.CONTENT_STAFF.value}
            else AreaLevel.COMMUNE.value
        )
        area = session.get(Area, area_id) if area_id else None
        if area is None or area.level != wanted:
            raise ApiError(422, "unknown_area", wanted=wanted)
        team_id = None
    user = StaffUser(
        username=username,
        password_hash=security.hash_password(password),
        role=role,
        area_id=area_id,
        team_id=team_id,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "staff.add", f"staff:{user.id}", role=role)
    return user


def login(
    session: Session, username: str, password: str, ttl: timedelta
) -> tuple[str, StaffToken, StaffUser]:
    user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
    # The same one scrypt when the user is unknown, so timing does not tell which usernames
    # exist (it was two: hashing a stand-in, then checking against it).
    stored = user.password_hash if user else security.dummy_hash()
    if (
        not security.verify_password(password, stored)
        or user is None
        or user.disabled_at is not None
    ):
        raise ApiError(401, "invalid_credentials")
    token = security.new_token()
    row = StaffToken(
        token_hash=security.token_hash(token), staff_id=user.id, expires_at=utcnow() + ttl
    )
    session.add(row)
    audit.record(session, f"staff:{user.id}", "staff.login")
    return token, row, user


def staff_for_token(session: Session, token: str) -> StaffUser | None:
    row = session.get(StaffToken, security.token_hash(token))
    if row is None or as_utc(row.expires_at) <= utcnow():
        return None
    user = session.get(StaffUser, row.staff_id)
    return user if user is not None and user.disabled_at is None else None


def province_of(session: Session, area_id: str) -> str | None:
    """The province an area lies in."""
    area = session.get(Area, area_id)
    while area is not None and area.level != AreaLevel.PROVINCE.value:
        area = session.get(Area, area.parent_id) if area.parent_id else None
    return area.id if area else None


def may_manage_team(session: Session, user: StaffUser, team: Team) -> bool:
    """A leader manages their team; a province admin every team of the province."""
    if user.role == Role.TEAM_LEADER.value:
        return user.team_id == team.id
    if user.role == Role.PROVINCE_ADMIN.value:
        return province_of(session, team.commune_id) == user.area_id
    return False


def logout(session: Session, token: str) -> None:
    """End a login: its token stops working at once."""
    row = session.get(StaffToken, security.token_hash(token))
    if row is not None:
        session.delete(row)
        audit.record(session, f"staff:{row.staff_id}", "staff.logout")


def managed_team(session: Session, user: StaffUser, team_id: int) -> Team:
    """The team, if `user` may manage it (enrol and revoke its devices)."""
    team = session.get(Team, team_id)
    if team is None:
        raise not_found("unknown_team")
    if not may_manage_team(session, user, team):
        raise forbidden()
    return team


def managed_device(session: Session, user: StaffUser, device_id: int) -> Device:
    """The device, if `user` may manage its team."""
    device = session.get(Device, device_id)
    if device is None:
        raise not_found("unknown_device")
    managed_team(session, user, device.team_id)
    return device


def require_province_admin(user: StaffUser) -> None:
    if user.role != Role.PROVINCE_ADMIN.value:
        raise forbidden()


def _require_admin_of(session: Session, user: StaffUser, area_id: str) -> None:
    if user.role != Role.PROVINCE_ADMIN.value or province_of(session, area_id) != user.area_id:
        raise forbidden()


def admin_add_team(session: Session, user: StaffUser, commune_id: str, name: str) -> Team:
    """A province admin adds a team to one of the province's communes."""
    name = name.strip()
    if not 2 <= len(name) <= 120:
        raise ApiError(422, "invalid_name")
    commune = session.get(Area, commune_id)
    if commune is None or commune.level != AreaLevel.COMMUNE.value:
        raise ApiError(422, "unknown_commune")
    _require_admin_of(session, user, commune_id)
    return add_team(session, commune_id, name, f"staff:{user.id}")


ADMIN_MADE_ROLES = (Role.TEAM_LEADER.value, Role.COMMUNE_STAFF.value)


def admin_add_staff(
    session: Session,
    user: StaffUser,
    username: str,
    password: str,
    role: str,
    commune_id: str | None = None,
    team_id: int | None = None,
) -> StaffUser:
    """A province admin adds a team leader (of a team) or commune staff (of a commune) of the
    province. Province admins themselves are added with the CLI."""
    if user.role != Role.PROVINCE_ADMIN.value:
        raise forbidden()
    if role not in ADMIN_MADE_ROLES:
        raise ApiError(422, "invalid_role")
    username = username.strip()
    if not _USERNAME.match(username):
        raise ApiError(422, "invalid_username")
    if role == Role.TEAM_LEADER.value:
        team = session.get(Team, team_id) if team_id is not None else None
        if team is None:
            raise ApiError(422, "unknown_team")
        _require_admin_of(session, user, team.commune_id)
        return add_staff(session, username, password, role, f"staff:{user.id}", team_id=team.id)
    commune = session.get(Area, commune_id) if commune_id else None
    if commune is None or commune.level != AreaLevel.COMMUNE.value:
        raise ApiError(422, "unknown_commune")
    _require_admin_of(session, user, commune.id)
    return add_staff(session, username, password, role, f"staff:{user.id}", area_id=commune.id)


def communes_of(session: Session, user: StaffUser) -> list[Area]:
    """The communes a staff member's area holds (a province admin's province, or their own)."""
    if user.role == Role.PROVINCE_ADMIN.value:
        return list(
            session.exec(
                select(Area)
                .where(Area.parent_id == user.area_id, Area.level == AreaLevel.COMMUNE.value)
                .order_by(Area.name, Area.id)
            )
        )
    area = session.get(Area, user.area_id) if user.area_id else None
    return [area] if area is not None and area.level == AreaLevel.COMMUNE.value else []


def teams_of(session: Session, user: StaffUser) -> list[Team]:
    """The teams a staff member may see: a leader their own, others those of their communes."""
    if user.role == Role.TEAM_LEADER.value:
        team = session.get(Team, user.team_id) if user.team_id is not None else None
        return [team] if team is not None else []
    communes = [a.id for a in communes_of(session, user)]
    return list(
        session.exec(
            select(Team)
            .where(col(Team.commune_id).in_(communes))
            .order_by(Team.commune_id, Team.name, Team.id)
        )
    )


def staff_of(session: Session, user: StaffUser) -> list[StaffUser]:
    """A province admin's view of the accounts of the province's communes and teams."""
    if user.role != Role.PROVINCE_ADMIN.value:
        raise forbidden()
    communes = [a.id for a in communes_of(session, user)]
    return list(
        session.exec(
            select(StaffUser)
            .where(or_(col(StaffUser.area_id).in_(communes), StaffUser.area_id == user.area_id))
            .order_by(StaffUser.username)
        )
    )
