"""The demo's central API world: the field app's demo commune (xã Quảng La, Quảng Ninh, with the
places as the device's demo, both read from content/demo/quang-la.toml), its team, a team leader and
a province admin who can log in to the staff pages, and the content build published. Made on
the demo's first run; running it again changes nothing but publishes newer guides."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from content.demo import load_demo
from content.manifest import DIST_DIR
from server.core.config import Settings
from server.core.media import open_store
from server.models import Area, Role, StaffUser, Team
from server.services import accounts, content, enrolment

ACTOR = "demo"
TEAM_NAME = "Tổ CNSCĐ xã Quảng La"
LEADER = "totruong"
ADMIN = "quantri"
PASSWORD = "demo-quang-la"  # the demo's only; a real server's accounts are made with add-staff


@dataclass(frozen=True)
class DemoWorld:
    team_id: int
    published: list[str]


def seed(session: Session, settings: Settings) -> DemoWorld:
    demo = load_demo()
    for place in demo.places:
        if session.get(Area, place.id) is None:
            accounts.add_area(session, place.id, place.level, place.name, place.parent_id, ACTOR)
            session.flush()
    commune_id = demo.commune.id
    team = session.exec(
        select(Team).where(Team.commune_id == commune_id, Team.name == TEAM_NAME)
    ).first()
    if team is None:
        team = accounts.add_team(session, commune_id, TEAM_NAME, ACTOR)
    for username, role in ((LEADER, Role.TEAM_LEADER), (ADMIN, Role.PROVINCE_ADMIN)):
        if session.exec(select(StaffUser).where(StaffUser.username == username)).first() is None:
            accounts.add_staff(
                session,
                username,
                PASSWORD,
                role.value,
                ACTOR,
                area_id=demo.province.id if role is Role.PROVINCE_ADMIN else None,
                team_id=team.id if role is Role.TEAM_LEADER else None,
            )
    result = content.publish_bundle(session, open_store(settings), DIST_DIR, ACTOR)
    return DemoWorld(team.id, result.published)


def enrolment_qr(session: Session, settings: Settings, team_id: int) -> str:
    """A fresh one-device enrolment code for the demo team, as its QR's text."""
    issued = enrolment.issue_code(
        session, session.get(Team, team_id), settings.enrolment_code_ttl, ACTOR, None
    )
    return issued.qr_text(settings.public_base_url)
