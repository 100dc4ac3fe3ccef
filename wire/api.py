"""The central API's wire protocol (version 1, under API_PREFIX): what each endpoint takes and
answers. Every model is strict (see wire.fields); a refused value comes back with a stable
code (wire.rules, wire.messages) in an ErrorResponse."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from wire import rules
from wire.fields import Strict, kept
from wire.guides import Guide
from wire.records import HelpSessionPayload, HouseholdPayload, PushRecord

API_PREFIX = "/api/v1"
MAX_BATCH_RECORDS = 500


# --- Push ----------------------------------------------------------------------------------


class PushRequest(Strict):
    """A batch of outbox entries, oldest first. Stored all together or not at all."""

    records: Annotated[list[PushRecord], Field(min_length=1, max_length=MAX_BATCH_RECORDS)]


class PushResponse(Strict):
    """`stored`: the ids the server now holds settled (written, or already there in the same
    version, or erased, or merged field by field); each may leave the device's outbox.
    `superseded`: the ids whose version the server did not keep because it holds a later one
    (by its clock); the device's version is not the server's, and no longer goes up."""

    stored: list[str]
    superseded: Annotated[list[str], Field(default_factory=list)]


# --- Pull ----------------------------------------------------------------------------------


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
    retired: bool = False  # no longer used: its households keep it, no new one is placed in it


class PullResponse(Strict):
    """Changes after `cursor` (opaque; send it back as is). `more`: ask again at once.

    `households`: the team's households changed after the cursor, merged as the server holds
    them, plus those the page's help sessions belong to. `help_sessions`: the team's sessions
    recorded or changed after the cursor by its other devices. `areas`: the places of the
    team's commune changed after the cursor, and those the page's households lie in (on a pull
    from the start: every village of the team's commune)."""

    cursor: str
    more: bool
    guides: list[Guide]
    media: list[PulledMedia]
    areas: list[PulledArea]
    households: list[HouseholdPayload]
    help_sessions: list[HelpSessionPayload]
    erased_households: list[str]


# --- Enrolment -------------------------------------------------------------------------------


class EnrolRequest(Strict):
    """`team_id`: enrol only if the code is this team's (else 409 `code_of_other_team`, and the
    code stays unused): a device still holding records of its team asks so, because they can go
    up only to that team."""

    code: Annotated[str, Field(min_length=rules.MIN_ENROL_CODE, max_length=rules.MAX_ENROL_CODE)]
    device_name: Annotated[
        str, Field(min_length=1, max_length=rules.MAX_DEVICE_NAME), kept(rules.plain_text)
    ]
    team_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None


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


class DeviceReport(Strict):
    """What a device tells the server of itself: how many records it holds set aside (refused,
    waiting for the volunteer to fix or discard them)."""

    set_aside: Annotated[int, Field(ge=0, le=1_000_000)]


# --- Errors --------------------------------------------------------------------------------


class ErrorBody(Strict):
    """A refusal: a stable `code` (what a program reads), its message in Vietnamese and in
    English, and, as the code needs, where and which figures (`field`, `limit`, ...)."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    message_en: str
    field: str | None = None  # where in the request: a dotted place, a parameter, a form field
    record_id: str | None = None  # the pushed record at fault
    limit: int | None = None  # the limit passed (bytes, records)
    retry_after: int | None = None  # seconds to wait (rate limits), as the Retry-After header


class ErrorResponse(Strict):
    """Every 4xx and 5xx the API answers in JSON."""

    error: ErrorBody
