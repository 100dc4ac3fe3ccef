"""The device's tables (SQLModel). The schema itself is made by app/migrations; a test checks
that the migrated database and these classes agree column by column."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from wire.clock import utcnow


class AreaLevel(str, Enum):
    PROVINCE = "province"
    COMMUNE = "commune"
    VILLAGE = "village"


class Outcome(str, Enum):
    DONE_ONLINE = "done_online"  # the household finished the service online
    FOLLOW_UP = "follow_up"  # someone comes back on a set date
    REFERRED = "referred"  # sent to the commune's one-stop office (bộ phận một cửa)


class Area(SQLModel, table=True):
    """Province → commune → village (thôn, bản, khu): the two-level administration since 7/2025."""

    __tablename__ = "areas"
    id: str = Field(primary_key=True)
    parent_id: str | None = Field(default=None, foreign_key="areas.id", index=True)
    level: str  # an AreaLevel value
    name: str
    # Retired by the server (schema version 7): kept for the households that lie in it, never
    # offered for a new one.
    retired: bool = False


class Household(SQLModel, table=True):
    """Only what a follow-up needs: the head's name, the village, an optional phone, consent."""

    __tablename__ = "households"
    id: str = Field(primary_key=True)
    village_id: str = Field(foreign_key="areas.id", index=True)
    head_name: str
    phone: str | None = None
    consent_at: datetime
    search_key: str = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # The hybrid-logical-clock timestamp (wire.hlc) of each field's last write, for the
    # field-level merge between the team's devices (schema version 3).
    clocks: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class HelpSession(SQLModel, table=True):
    __tablename__ = "help_sessions"
    id: str = Field(primary_key=True)
    household_id: str = Field(foreign_key="households.id", index=True)
    occurred_at: datetime = Field(index=True)
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    guides: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    outcome: str  # an Outcome value
    follow_up_on: date | None = None
    minutes: int
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    synced_at: datetime | None = None
    # False for a session another device of the team recorded (pulled, read-only here).
    recorded_here: bool = True
    # The HLC timestamp (wire.hlc) of this version: versions are ordered by it (schema version 7).
    clock: str = ""


class Category(SQLModel, table=True):
    __tablename__ = "categories"
    code: str = Field(primary_key=True)
    name: str
    name_en: str
    position: int


class Service(SQLModel, table=True):
    """A public service a household can be helped with (e.g. one of Project 06's 25)."""

    __tablename__ = "services"
    code: str = Field(primary_key=True)
    name: str
    name_en: str
    category: str = Field(foreign_key="categories.code")


class Guide(SQLModel, table=True):
    __tablename__ = "guides"
    code: str = Field(primary_key=True)
    category: str = Field(foreign_key="categories.code", index=True)
    title: str
    title_en: str
    summary: str
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    steps: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int
    updated_on: date
    source: str
    varies_by_province: str = ""
    # In English (schema version 5); empty where the guide has none.
    summary_en: str = ""
    source_en: str = ""
    varies_by_province_en: str = ""
    infographic_sha256: str | None = Field(default=None, foreign_key="media_assets.sha256")
    video_sha256: str | None = Field(default=None, foreign_key="media_assets.sha256")
    search_key: str
    # The video's WebVTT captions. Added in schema version 5.
    captions_sha256: str | None = Field(default=None, foreign_key="media_assets.sha256")


class MediaAsset(SQLModel, table=True):
    """A file addressed by its SHA-256; `path` is where it lies on this device, once whole."""

    __tablename__ = "media_assets"
    sha256: str = Field(primary_key=True)
    mime: str
    size: int
    path: str | None = None


class OutboxEntry(SQLModel, table=True):
    """A record waiting to go up. One row per record; an edit bumps `version` so a push that
    was in flight when the edit happened does not remove the newer version."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    record_type: str
    record_id: str
    payload: dict = Field(sa_column=Column(JSON, nullable=False))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SetAside(SQLModel, table=True):
    """A record the server refused (or that no longer keeps the wire's rules), taken out of the
    outbox so that everything else goes up: why (`code`, the `field` it is about, the figures
    its words name, and the server's own words), until the volunteer fixes it (a new version
    goes to the outbox and this row goes) or discards it. Added in schema version 7."""

    __tablename__ = "set_aside"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    record_type: str
    record_id: str
    payload: dict = Field(sa_column=Column(JSON, nullable=False))
    code: str
    field: str = ""
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    message: str = ""
    message_en: str = ""
    set_aside_at: datetime = Field(default_factory=utcnow)


class AppSetting(SQLModel, table=True):
    """Small preferences kept on the device: language, the last village used, and so on.
    Added in schema version 2."""

    __tablename__ = "app_settings"
    key: str = Field(primary_key=True)
    value: str


class SyncState(SQLModel, table=True):
    """One row (id 1): where and as whom this device syncs, and how the last sync went.
    The device token is not here: it lives in the platform's secure storage (sync/tokens.py).
    Added in schema version 3."""

    __tablename__ = "sync_state"
    id: int = Field(default=1, primary_key=True)
    server_url: str = ""
    device_id: int | None = None
    device_name: str = ""
    team_id: int | None = None
    team_name: str = ""
    commune_id: str = ""
    cursor: str = ""
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error_code: str = ""
    last_error_message: str = ""  # plain Vietnamese, for the sync screen
    revoked_at: datetime | None = None


class GuideUsage(SQLModel, table=True):
    """How often a guide was opened or shared on this device: the least used lose their videos
    first when space is short. Added in schema version 3."""

    __tablename__ = "guide_usage"
    code: str = Field(primary_key=True)
    uses: int = 0
    last_used_at: datetime | None = None


class GuideOpens(SQLModel, table=True):
    """Opens of one guide's page on one Vietnam day, served by this device's local guide server
    to households' phones on its hotspot. Pushed as a count that only grows. Added in schema
    version 4."""

    __tablename__ = "guide_opens"
    __table_args__ = (UniqueConstraint("guide_code", "day"),)
    id: str = Field(primary_key=True)
    guide_code: str
    day: date
    count: int
