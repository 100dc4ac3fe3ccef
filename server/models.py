"""The server's tables (SQLModel). The schema itself is made by Alembic (server/alembic); a test
checks that the migrated database and these classes agree, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from server.core.bitset import Households
from wire.clock import utcnow
from wire.guides import Guide as WireGuide

AwareDateTime = DateTime(timezone=True)


class ServerModel(SQLModel, registry=registry()):
    """The server's own metadata: its tables never mix with the device's (app.models), even
    when both are imported in one process."""


metadata = ServerModel.metadata


class Role(str, Enum):
    PROVINCE_ADMIN = "province_admin"  # publishes guides, creates teams and accounts
    COMMUNE_STAFF = "commune_staff"  # sees the figures of one commune
    TEAM_LEADER = "team_leader"  # enrols and revokes the devices of one team
    CONTENT_STAFF = "content_staff"  # writes and approves the province's guides (the editor)
    NATIONAL_ADMIN = "national_admin"  # the ministry: sees the reports of every province


class AreaLevel(str, Enum):
    PROVINCE = "province"
    COMMUNE = "commune"
    VILLAGE = "village"


class Area(ServerModel, table=True):
    """Province → commune → village; ids are the same short strings the devices use."""

    __tablename__ = "areas"
    id: str = Field(primary_key=True, max_length=64)
    parent_id: str | None = Field(default=None, foreign_key="areas.id", index=True, max_length=64)
    level: str = Field(max_length=16)
    name: str = Field(max_length=120)
    # The content change number of its last change (added, renamed, retired): devices pull the
    # places of their commune changed after their cursor, as they pull guides.
    seq: int = Field(
        default=0, sa_type=BigInteger, index=True, sa_column_kwargs={"server_default": "0"}
    )
    # A place taken out of use: its households keep it, no new household may be placed in it.
    retired_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class Team(ServerModel, table=True):
    """A commune's tổ CNSCĐ. `change_seq` numbers the changes its devices can pull; it is
    raised under the team row's lock, so numbers are handed out in commit order."""

    __tablename__ = "teams"
    id: int | None = Field(default=None, primary_key=True)
    commune_id: str = Field(foreign_key="areas.id", index=True, max_length=64)
    name: str = Field(max_length=120)
    change_seq: int = Field(default=0, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    # Households numbered so far (Household.reach_index), raised under the same lock.
    households_numbered: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class StaffUser(ServerModel, table=True):
    __tablename__ = "staff_users"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=32)  # a Role value
    area_id: str | None = Field(
        default=None, foreign_key="areas.id", max_length=64
    )  # province or commune
    team_id: int | None = Field(default=None, foreign_key="teams.id")  # a team leader's team
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class StaffToken(ServerModel, table=True):
    """A staff member's login, for the API (bearer) and later the HTML pages (cookie)."""

    __tablename__ = "staff_tokens"
    token_hash: str = Field(primary_key=True, max_length=64)
    staff_id: int = Field(foreign_key="staff_users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    expires_at: datetime = Field(sa_type=AwareDateTime)


class Device(ServerModel, table=True):
    __tablename__ = "devices"
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="teams.id", index=True)
    name: str = Field(max_length=80)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    last_seen_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    # How many records the device holds set aside (the server refused them; the volunteer is
    # to fix or discard them), as it last reported.
    set_aside: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class EnrolmentCode(ServerModel, table=True):
    """One code enrols one device, before it expires."""

    __tablename__ = "enrolment_codes"
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="teams.id", index=True)
    code_hash: str = Field(unique=True, max_length=64)
    created_by: int | None = Field(default=None, foreign_key="staff_users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    expires_at: datetime = Field(sa_type=AwareDateTime)
    used_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    device_id: int | None = Field(default=None, foreign_key="devices.id")


class Household(ServerModel, table=True):
    """As the devices keep it: only what a follow-up needs. `seq` is the team's change number;
    `clocks` the HLC timestamp of each merged field's last write (see server/services/ingest.py)."""

    __tablename__ = "households"
    __table_args__ = (
        Index("ix_households_team_seq", "team_id", "seq"),
        Index("ix_households_team_follow_up_due", "team_id", "follow_up_due"),
    )
    id: str = Field(primary_key=True, max_length=36)
    team_id: int = Field(foreign_key="teams.id")
    village_id: str = Field(foreign_key="areas.id", index=True, max_length=64)
    head_name: str = Field(max_length=80)
    phone: str | None = Field(default=None, max_length=10)
    consent_at: datetime = Field(sa_type=AwareDateTime)
    updated_at: datetime = Field(sa_type=AwareDateTime)
    received_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    seq: int = Field(default=0, sa_type=BigInteger)
    clocks: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Kept by the ingest in the same transaction as the sessions (server.reports.summaries):
    # its latest session (by when it happened, then by id), and the day that session asked to
    # come back on (None unless its outcome is a follow-up).
    latest_session_id: str | None = Field(default=None, max_length=36)
    follow_up_due: date | None = None
    # Its number within the team: its bit in the report_reach rows.
    reach_index: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class HelpSession(ServerModel, table=True):
    """`seq`: the team's change number, so the team's other devices pull it."""

    __tablename__ = "help_sessions"
    __table_args__ = (Index("ix_help_sessions_team_seq", "team_id", "seq"),)
    id: str = Field(primary_key=True, max_length=36)
    team_id: int = Field(foreign_key="teams.id", index=True)
    household_id: str = Field(foreign_key="households.id", index=True, max_length=36)
    device_id: int | None = Field(default=None, foreign_key="devices.id")
    occurred_at: datetime = Field(sa_type=AwareDateTime, index=True)
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    guides: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    outcome: str = Field(max_length=16)
    follow_up_on: date | None = None
    minutes: int
    note: str = Field(default="", max_length=500)
    updated_at: datetime = Field(sa_type=AwareDateTime)
    received_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    seq: int = Field(default=0, sa_type=BigInteger)
    # The HLC timestamp of the version held (wire.hlc): a version with a later clock replaces it.
    clock: str = Field(default="", max_length=27, sa_column_kwargs={"server_default": ""})


class HouseholdErasure(ServerModel, table=True):
    """What is left of a household erased on its request: its id, so no device brings it back."""

    __tablename__ = "household_erasures"
    __table_args__ = (Index("ix_household_erasures_team_seq", "team_id", "seq"),)
    id: str = Field(primary_key=True, max_length=36)
    team_id: int = Field(foreign_key="teams.id")
    erased_at: datetime = Field(sa_type=AwareDateTime)
    received_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    seq: int = Field(default=0, sa_type=BigInteger)


class MediaFile(ServerModel, table=True):
    """A file addressed by its SHA-256, kept under media_dir/<sha[:2]>/<sha>."""

    __tablename__ = "media"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=BigInteger)
    mime: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class Guide(ServerModel, table=True):
    """The published version of a guide; `data` is its manifest entry (a wire.guides.Guide as
    JSON, read back by `published()`); `seq` the content change number devices pull after."""

    __tablename__ = "guides"
    code: str = Field(primary_key=True, max_length=64)
    version: int
    data: dict = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    seq: int = Field(default=0, sa_type=BigInteger, index=True)
    # A commune's own guide (written in the editor by its staff): only its teams' devices pull
    # it and only QR codes of that commune open it. None: the province's, for everyone.
    commune_id: str | None = Field(default=None, max_length=64)
    # The day its sources were last checked (the editor's); None for a bundle's guide, whose
    # `updated_on` stands in. Older than six months, the guide is flagged as stale.
    checked_on: date | None = None

    def published(self) -> WireGuide:
        return WireGuide(**self.data)


class GuideVersion(ServerModel, table=True):
    """Every version ever published, kept for the record."""

    __tablename__ = "guide_versions"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64)
    version: int
    data: dict = Field(sa_column=Column(JSON, nullable=False))
    published_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    published_by: str = Field(default="", max_length=80)


class GuideDraft(ServerModel, table=True):
    """A guide being written in the staff pages' editor (server.services.editor): its texts as
    the form holds them (`data`), the state of its preview build and who approved it. It
    becomes a published Guide only through approval by a second staff member."""

    __tablename__ = "guide_drafts"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    commune_id: str | None = Field(default=None, foreign_key="areas.id", max_length=64)
    author_id: int = Field(foreign_key="staff_users.id")
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # editing → building → built (or failed) → published
    status: str = Field(default="editing", max_length=16)
    progress: int = 0  # percent of the preview build done
    build_error: str = Field(default="", max_length=2000)  # why it failed, in Vietnamese
    built_version: int = 0  # the version its preview was built as
    approved_by: int | None = Field(default=None, foreign_key="staff_users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


class ContentState(ServerModel, table=True):
    """One row: the content change counter, raised under its row lock when guides change;
    the services of the content published last (code, name, ...), which reports name."""

    __tablename__ = "content_state"
    id: int = Field(default=1, primary_key=True)
    change_seq: int = Field(default=0, sa_type=BigInteger)
    content_version: str = Field(default="", max_length=64)
    services: list = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class QrOpen(ServerModel, table=True):
    """Opens of a public guide page per guide, Vietnam day and commune ('' when the QR carries
    none). Nothing about the person is kept."""

    __tablename__ = "qr_opens"
    guide_code: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    commune_id: str = Field(default="", primary_key=True, max_length=64)
    count: int = Field(default=0, sa_type=BigInteger)


class SharedOpen(ServerModel, table=True):
    """Opens of a guide page served by a device's own guide server (shared over its hotspot where
    there is no internet), as the device counted them per guide and Vietnam day; the commune is
    the device's team's. Nothing about the person is kept."""

    __tablename__ = "shared_opens"
    id: str = Field(primary_key=True, max_length=36)  # the device's record id
    team_id: int = Field(foreign_key="teams.id", index=True)
    device_id: int | None = Field(default=None, foreign_key="devices.id")
    guide_code: str = Field(max_length=64)
    day: date = Field(index=True)
    commune_id: str = Field(max_length=64)
    count: int = Field(sa_type=BigInteger)
    received_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime)


def _every_session_index(name: str) -> Index:
    """The rows that count every session (service ''), by team and span: the figures by month
    read only these, about one row in 36 of a province's period (migration 0010), and on
    PostgreSQL from the index alone, which holds their chunk, households and sessions too
    (migration 0012): the rows lie scattered among the services' rows, a page each."""
    where = text("service = ''")
    return Index(
        name,
        "team_id",
        "span",
        "first_day",
        postgresql_where=where,
        postgresql_include=["chunk", "households", "sessions"],
        sqlite_where=where,
    )


class ReportReach(ServerModel, table=True):
    """A team's sessions and households per span ('d' a Vietnam day, 'p' a part of a month, 'm' a
    month, 'q' a quarter: server.reports.summaries; `first_day` its first day), village (the
    household's, moved with it), service ('' for every session) and chunk of households: the
    households with a session there, one bit per household of the chunk (server.core.bitset),
    so distinct households over any period stay exact; and those households' sessions (a
    service counts each time a session names it). Kept by the ingest in the push's own
    transaction."""

    __tablename__ = "report_reach"
    __table_args__ = (_every_session_index("ix_report_reach_every"),)
    team_id: int = Field(primary_key=True)
    span: str = Field(primary_key=True, max_length=1)
    first_day: date = Field(primary_key=True)
    service: str = Field(primary_key=True, max_length=64)
    village_id: str = Field(primary_key=True, max_length=64)
    chunk: int = Field(primary_key=True)
    households: int = Field(sa_type=Households)
    sessions: int = Field(sa_type=BigInteger)


class ReportSharedOpen(ServerModel, table=True):
    """Opens counted by devices' own guide servers (SharedOpen) per commune, Vietnam day and
    guide, kept by the ingest in the push's transaction."""

    __tablename__ = "report_shared_opens"
    commune_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    guide_code: str = Field(primary_key=True, max_length=64)
    count: int = Field(default=0, sa_type=BigInteger)


class NationalReport(ServerModel, table=True):
    """The country's report made ahead for a period that ends today (server.reports.ahead):
    reading every team's rows takes tens of seconds at the country's size, so a timer makes
    it every few minutes and the ministry reads it here. Figures only, no household."""

    __tablename__ = "national_reports"
    today: date = Field(primary_key=True)  # the Vietnam day it was made for
    period_first: date = Field(primary_key=True)
    period_last: date = Field(primary_key=True)
    # The moment its figures are as of: when it was read on the primary, or the last change
    # a replica had replayed when it was read there.
    as_of: datetime = Field(sa_type=AwareDateTime)
    report: dict = Field(sa_column=Column(JSON, nullable=False))  # the Report, as the API's JSON


class AuditEntry(ServerModel, table=True):
    """Who did what, without personal data: actors are 'staff:<id>', 'device:<id>' or 'cli'."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, index=True)
    actor: str = Field(max_length=40)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=80)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RateBucket(ServerModel, table=True):
    """One rate limit's token bucket for one client address, shared by every server process
    on every machine (server.api.limits.SharedRateLimiter; PostgreSQL only). `refused` is
    whether the last hit was refused; rows of buckets that have refilled are deleted."""

    __tablename__ = "rate_buckets"
    name: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=64)
    tokens: float
    at: datetime = Field(sa_type=AwareDateTime, index=True)
    refused: bool = False
