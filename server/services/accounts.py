"""Areas, teams and staff accounts; staff logins (bearer tokens, later cookies)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from server.core import security
from server.core.clock import as_utc, utcnow
from server.core.errors import ApiError
from server.models import Area, AreaLevel, Role, StaffToken, StaffUser, Team
from server.services import audit

_PARENT_LEVEL = {AreaLevel.COMMUNE.value: AreaLevel.PROVINCE.value, AreaLevel.VILLAGE.value: AreaLevel.COMMUNE.value}


def add_area(session: Session, area_id: str, level: str, name: str, parent_id: str | None, actor: str) -> Area:
    if level not in {lvl.value for lvl in AreaLevel}:
        raise ApiError(422, "invalid_level", "Cấp hành chính không hợp lệ.", "Unknown area level.")
    wanted_parent = _PARENT_LEVEL.get(level)
    parent = session.get(Area, parent_id) if parent_id else None
    if (wanted_parent is None) != (parent is None) or (parent is not None and parent.level != wanted_parent):
        raise ApiError(422, "invalid_parent", "Đơn vị cấp trên không đúng.", "The parent area is wrong for this level.")
    if session.get(Area, area_id) is not None:
        raise ApiError(409, "area_exists", "Mã đơn vị đã có.", "This area id exists already.")
    area = Area(id=area_id, level=level, name=name, parent_id=parent_id)
    session.add(area)
    audit.record(session, actor, "area.add", area_id, level=level)
    return area


def add_team(session: Session, commune_id: str, name: str, actor: str) -> Team:
    commune = session.get(Area, commune_id)
    if commune is None or commune.level != AreaLevel.COMMUNE.value:
        raise ApiError(422, "unknown_commune", "Không có xã/phường này.", "No such commune.")
    team = Team(commune_id=commune_id, name=name)
    session.add(team)
    session.flush()
    audit.record(session, actor, "team.add", f"team:{team.id}", commune_id=commune_id)
    return team


def add_staff(
    session: Session, username: str, password: str, role: str, actor: str,
    area_id: str | None = None, team_id: int | None = None,
) -> StaffUser:
    if role not in {r.value for r in Role}:
        raise ApiError(422, "invalid_role", "Vai trò không hợp lệ.", "Unknown role.")
    if len(password) < 10:
        raise ApiError(422, "weak_password", "Mật khẩu cần ít nhất 10 ký tự.", "The password needs at least 10 characters.")
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise ApiError(409, "username_taken", "Tên đăng nhập đã có người dùng.", "This username is taken.")
    if role == Role.TEAM_LEADER.value:
        team = session.get(Team, team_id) if team_id is not None else None
        if team is None:
            raise ApiError(422, "unknown_team", "Không có tổ này.", "No such team.")
        area_id = team.commune_id
    else:
        wanted = AreaLevel.PROVINCE.value if role == Role.PROVINCE_ADMIN.value else AreaLevel.COMMUNE.value
        area = session.get(Area, area_id) if area_id else None
        if area is None or area.level != wanted:
            raise ApiError(422, "unknown_area", f"Cần một đơn vị cấp {wanted}.", f"A {wanted} is needed.")
        team_id = None
    user = StaffUser(
        username=username, password_hash=security.hash_password(password), role=role, area_id=area_id, team_id=team_id
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "staff.add", f"staff:{user.id}", role=role)
    return user


def login(session: Session, username: str, password: str, ttl: timedelta) -> tuple[str, StaffToken, StaffUser]:
    user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
    # Hash even when the user is unknown, so timing does not tell which usernames exist.
    stored = user.password_hash if user else security.hash_password("not a real password")
    if not security.verify_password(password, stored) or user is None or user.disabled_at is not None:
        raise ApiError(401, "invalid_credentials", "Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password.")
    token = security.new_token()
    row = StaffToken(token_hash=security.token_hash(token), staff_id=user.id, expires_at=utcnow() + ttl)
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
