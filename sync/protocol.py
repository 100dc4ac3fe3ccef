"""The wire protocol between the devices and the central API (version 1, under /api/v1).

Shared by the server and the app's sync client. Every model is strict: unknown fields are
refused, types are not coerced, datetimes must carry their UTC offset. Record payloads are
exactly what the app's outbox holds (app/services/households.py and sessions.py `payload()`).
Validation errors carry a stable code as their pydantic error type (see `ERROR_CODES`).

Households carry, per field, the hybrid-logical-clock timestamp of its last write
(app/hlc.py: `PPPPPPPPPPPPP-CCCC-NNNNNNNN`); server and devices merge them field by field, the
later timestamp winning (the rule is written out in app/services/households.py).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

API_PREFIX = "/api/v1"
MAX_BATCH_RECORDS = 500
RECORD_TYPES = ("household", "help_session", "household_erasure", "guide_opens")

# Codes our own validators raise; the server answers them as they are.
ERROR_CODES = {
    "markup_not_allowed": "Không được ghi thẻ HTML trong nội dung.",
    "control_character": "Nội dung có ký tự điều khiển không hợp lệ.",
    "date_out_of_range": "Ngày giờ nằm ngoài khoảng hợp lệ (2020–2100).",
    "identity_number_in_note": "Không ghi số căn cước hay số CMND vào ghi chú.",
    "follow_up_date_required": "Kết quả 'hẹn quay lại' cần có ngày hẹn.",
    "follow_up_date_unexpected": "Chỉ kết quả 'hẹn quay lại' mới có ngày hẹn.",
    "not_uuid": "Mã bản ghi không phải UUID.",
}

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID_NUMBER = re.compile(r"(?<!\d)(\d{9}|\d{12})(?!\d)")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _plain_text(value: str) -> str:
    """Free text is kept as typed, but markup and control characters never get in: whatever
    shows it later, a household's note stays text."""
    if _TAG.search(value):
        raise PydanticCustomError("markup_not_allowed", ERROR_CODES["markup_not_allowed"])
    if _CONTROL.search(value):
        raise PydanticCustomError("control_character", ERROR_CODES["control_character"])
    return value


def _sane_moment(value: datetime) -> datetime:
    if not _EARLIEST <= value < _LATEST:
        raise PydanticCustomError("date_out_of_range", ERROR_CODES["date_out_of_range"])
    return value.astimezone(UTC)


def _sane_day(value: date) -> date:
    if not _EARLIEST.date() <= value < _LATEST.date():
        raise PydanticCustomError("date_out_of_range", ERROR_CODES["date_out_of_range"])
    return value


def _uuid(value: str) -> str:
    if not _UUID.match(value):
        raise PydanticCustomError("not_uuid", ERROR_CODES["not_uuid"])
    return value


RecordId = Annotated[str, AfterValidator(_uuid)]
Moment = Annotated[AwareDatetime, AfterValidator(_sane_moment)]
Day = Annotated[date, AfterValidator(_sane_day)]
Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
Clock = Annotated[str, Field(pattern=r"^\d{13}-[0-9a-f]{4}-[0-9a-f]{8}$")]
AreaId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- Records pushed by devices -------------------------------------------------------------


class HouseholdClocks(Strict):
    """When each merged field of a household was last written (HLC timestamps)."""

    head_name: Clock
    village_id: Clock
    phone: Clock

    def millis(self) -> int:
        """The latest physical time among the clocks, in Unix milliseconds."""
        return max(int(c[:13]) for c in (self.head_name, self.village_id, self.phone))


class HouseholdPayload(Strict):
    id: RecordId
    village_id: AreaId
    head_name: Annotated[str, Field(min_length=2, max_length=80), AfterValidator(_plain_text)]
    phone: Annotated[str, Field(pattern=r"^0\d{9}$")] | None
    consent_at: Moment
    updated_at: Moment
    clocks: HouseholdClocks


class HelpSessionPayload(Strict):
    id: RecordId
    household_id: RecordId
    occurred_at: Moment
    services: Annotated[list[Code], Field(min_length=1, max_length=20)]
    guides: Annotated[list[Code], Field(max_length=20)]
    outcome: Literal["done_online", "follow_up", "referred"]
    follow_up_on: Day | None
    minutes: Annotated[int, Field(ge=1, le=8 * 60)]
    note: Annotated[str, Field(max_length=500), AfterValidator(_plain_text)]
    updated_at: Moment

    @model_validator(mode="after")
    def _follow_up_matches_outcome(self) -> HelpSessionPayload:
        if self.outcome == "follow_up" and self.follow_up_on is None:
            raise PydanticCustomError("follow_up_date_required", ERROR_CODES["follow_up_date_required"])
        if self.outcome != "follow_up" and self.follow_up_on is not None:
            raise PydanticCustomError("follow_up_date_unexpected", ERROR_CODES["follow_up_date_unexpected"])
        if _ID_NUMBER.search(self.note):
            raise PydanticCustomError("identity_number_in_note", ERROR_CODES["identity_number_in_note"])
        return self


class HouseholdErasurePayload(Strict):
    id: RecordId
    erased_at: Moment


class GuideOpensPayload(Strict):
    """How many times the device's local guide server (sharing over its hotspot, with no
    internet) served one guide's page on one Vietnam day. The count only grows; the server keeps
    the largest it was sent, so a retried or older push changes nothing."""

    id: RecordId  # one per device, guide and day
    guide_code: Code
    day: Day
    count: Annotated[int, Field(ge=1, le=1_000_000)]


class HouseholdRecord(Strict):
    type: Literal["household"]
    payload: HouseholdPayload


class HelpSessionRecord(Strict):
    type: Literal["help_session"]
    payload: HelpSessionPayload


class HouseholdErasureRecord(Strict):
    type: Literal["household_erasure"]
    payload: HouseholdErasurePayload


class GuideOpensRecord(Strict):
    type: Literal["guide_opens"]
    payload: GuideOpensPayload


PushRecord = Annotated[HouseholdRecord | HelpSessionRecord | HouseholdErasureRecord | GuideOpensRecord,
                       Field(discriminator="type")]


class PushRequest(Strict):
    """A batch of outbox entries, oldest first. Stored all together or not at all."""

    records: Annotated[list[PushRecord], Field(min_length=1, max_length=MAX_BATCH_RECORDS)]


class PushResponse(Strict):
    """`stored`: the ids the server now holds settled (written, or already there in a version at
    least as new, or erased); each may leave the device's outbox."""

    stored: list[str]


# --- Changes pulled by devices -------------------------------------------------------------


class GuideStep(Strict):
    text: str
    text_en: str


class PulledGuide(Strict):
    code: str
    category: str
    title: str
    title_en: str
    summary: str
    services: list[str]
    version: int
    updated_on: str
    source: str
    varies_by_province: str
    steps: list[GuideStep]
    media: dict[str, str]  # role ("infographic", "video", "qr") -> sha256


class PulledMedia(Strict):
    sha256: str
    size: int
    mime: str
    url: str  # relative to the server, e.g. /api/v1/media/<sha256>


class PulledArea(Strict):
    id: str
    parent_id: str | None
    level: Literal["province", "commune", "village"]
    name: str


class PullResponse(Strict):
    """Changes after `cursor` (opaque; send it back as is). `more`: ask again at once.

    `households`: the team's households changed after the cursor, merged as the server holds
    them, plus those the page's help sessions belong to. `help_sessions`: the team's sessions
    recorded or changed after the cursor by its other devices. `areas`: the places those
    households lie in (on a pull from the start: every village of the team's commune)."""

    cursor: str
    more: bool
    guides: list[PulledGuide]
    media: list[PulledMedia]
    areas: list[PulledArea]
    households: list[HouseholdPayload]
    help_sessions: list[HelpSessionPayload]
    erased_households: list[str]


# --- Enrolment -------------------------------------------------------------------------------


class EnrolRequest(Strict):
    code: Annotated[str, Field(min_length=4, max_length=32)]
    device_name: Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_plain_text)]


class EnrolResponse(Strict):
    device_id: int
    token: str  # shown once; the server keeps only its hash
    team_id: int
    team_name: str
    commune_id: str


class EnrolmentQr(Strict):
    """What an enrolment QR holds (as compact JSON): the server to talk to and the code."""

    kind: Literal["cnscd-enrol"] = "cnscd-enrol"
    server: str
    code: str


class DeviceInfo(Strict):
    device_id: int
    device_name: str
    team_id: int
    team_name: str
    commune_id: str


class ErrorBody(Strict):
    code: str
    message: str
    message_en: str


class ErrorResponse(Strict):
    error: ErrorBody
