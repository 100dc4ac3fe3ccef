"""What a device pushes: households, help sessions, household erasures and counts of guide
opens, each as a strict model (see wire.fields) whose limits and checks are wire.rules'. A
device builds them from its rows and its outbox keeps their JSON; the server validates them
from the pushed JSON and answers them back in its pull (households and sessions).

Households carry, per field, the hybrid-logical-clock timestamp of its last write; devices
and server merge two versions with wire.hlc.merge. A help session carries the timestamp of its
version: of two versions, the one with the later clock is kept (`newer`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, ClassVar, Literal, Protocol

from pydantic import Field, model_validator

from wire import rules
from wire.clock import VIETNAM, as_utc
from wire.fields import (
    AreaId,
    Clock,
    Code,
    Day,
    Moment,
    RecordId,
    Strict,
    as_pydantic,
    checking,
    kept,
)


class HouseholdClocks(Strict):
    """When each merged field of a household was last written (HLC timestamps). Its fields
    are the household's clocked fields (wire.hlc.CLOCKED)."""

    head_name: Clock
    village_id: Clock
    phone: Clock

    def millis(self) -> int:
        """The latest physical time among the clocks, in Unix milliseconds."""
        return max(int(getattr(self, name)[:13]) for name in type(self).model_fields)


class HeldHousehold(Protocol):
    """A household as a store keeps it: a row of the device's or of the server's table."""

    id: str
    village_id: str
    head_name: str
    phone: str | None
    consent_at: datetime
    updated_at: datetime
    clocks: dict


class HouseholdPayload(Strict):
    record_type: ClassVar[str] = "household"

    id: RecordId
    village_id: AreaId
    head_name: Annotated[
        str,
        Field(min_length=rules.MIN_HEAD_NAME, max_length=rules.MAX_HEAD_NAME),
        kept(rules.plain_text),
    ]
    phone: Annotated[str, Field(pattern=r"^0\d{9}$")] | None
    consent_at: Moment
    updated_at: Moment
    clocks: HouseholdClocks

    @classmethod
    def held(cls, row: HeldHousehold) -> HouseholdPayload:
        """The household of a store's row, built without checking it again (it was checked on
        its way in): what a merge reads. `.checked()` checks it."""
        clocks = {name: row.clocks.get(name, "") for name in HouseholdClocks.model_fields}
        return cls.model_construct(
            id=row.id,
            village_id=row.village_id,
            head_name=row.head_name,
            phone=row.phone,
            consent_at=as_utc(row.consent_at),
            updated_at=as_utc(row.updated_at),
            clocks=HouseholdClocks.model_construct(**clocks),
        )


class HelpSessionPayload(Strict):
    record_type: ClassVar[str] = "help_session"

    id: RecordId
    household_id: RecordId
    occurred_at: Moment
    # The upper limits are rules of their own (with their own codes and words), so the schema
    # says them beside the field.
    services: Annotated[
        list[Code],
        Field(min_length=rules.MIN_SERVICES, json_schema_extra={"maxItems": rules.MAX_SERVICES}),
        kept(rules.services_chosen),
    ]
    guides: Annotated[
        list[Code],
        Field(json_schema_extra={"maxItems": rules.MAX_GUIDES}),
        kept(rules.guides_shared),
    ]
    outcome: Literal["done_online", "follow_up", "referred"]
    follow_up_on: Day | None
    minutes: Annotated[int, Field(ge=rules.MIN_MINUTES, le=rules.MAX_MINUTES)]
    note: Annotated[str, Field(max_length=rules.MAX_NOTE), kept(rules.plain_text)]
    updated_at: Moment
    # The HLC timestamp of this version (wire.hlc): of two versions the later clock wins, never
    # the later wall time. Left out only by apps older than it (their versions are ordered by
    # updated_at, and the server gives them a clock made from it).
    clock: Clock = ""

    @model_validator(mode="after")
    def _follow_up_and_note(self) -> HelpSessionPayload:
        try:
            rules.follow_up_matches(self.outcome, self.follow_up_on)
            rules.no_identity_number("note", self.note)
        except rules.RuleBroken as broken:
            raise as_pydantic(broken) from None
        return self


def session_version(session: HelpSessionPayload) -> tuple[str, datetime]:
    """How versions of one help session are ordered: by clock, then (for versions from apps
    that sent none) by updated_at."""
    return session.clock, as_utc(session.updated_at)


class HouseholdErasurePayload(Strict):
    record_type: ClassVar[str] = "household_erasure"

    id: RecordId
    erased_at: Moment


class GuideOpensPayload(Strict):
    """How many times the device's local guide server (sharing over its hotspot, with no
    internet) served one guide's page on one Vietnam day. The count only grows; the server keeps
    the largest it was sent, so a retried or older push changes nothing."""

    record_type: ClassVar[str] = "guide_opens"

    id: RecordId  # one per device, guide and day
    guide_code: Code
    day: Day
    count: Annotated[int, Field(ge=1, le=rules.MAX_OPENS)]


Payload = HouseholdPayload | HelpSessionPayload | HouseholdErasurePayload | GuideOpensPayload


def moments(payload: Payload) -> list[datetime]:
    """Every moment a record carries, the physical time of its clocks included (a guide-opens
    day from its start in Vietnam): what the server holds against its own clock, refusing a
    record dated more than rules.CLOCK_AHEAD ahead."""
    if isinstance(payload, HouseholdPayload):
        clocks = [getattr(payload.clocks, name) for name in HouseholdClocks.model_fields]
        return [payload.updated_at, payload.consent_at, *(_clock_moment(c) for c in clocks if c)]
    if isinstance(payload, HelpSessionPayload):
        clock = [_clock_moment(payload.clock)] if payload.clock else []
        return [payload.occurred_at, payload.updated_at, *clock]
    if isinstance(payload, HouseholdErasurePayload):
        return [payload.erased_at]
    return [datetime.combine(payload.day, datetime.min.time(), tzinfo=VIETNAM)]


def _clock_moment(clock: str) -> datetime:
    return datetime.fromtimestamp(int(clock[:13]) / 1000, tz=UTC)


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


PushRecord = Annotated[
    HouseholdRecord | HelpSessionRecord | HouseholdErasureRecord | GuideOpensRecord,
    Field(discriminator="type"),
]
_KINDS: tuple[tuple[type[Strict], type[Strict]], ...] = (
    (HouseholdPayload, HouseholdRecord),
    (HelpSessionPayload, HelpSessionRecord),
    (HouseholdErasurePayload, HouseholdErasureRecord),
    (GuideOpensPayload, GuideOpensRecord),
)
_PAYLOADS = {payload.record_type: payload for payload, _ in _KINDS}  # type: ignore[attr-defined]
_RECORDS = {payload.record_type: record for payload, record in _KINDS}  # type: ignore[attr-defined]
RECORD_TYPES = tuple(_PAYLOADS)


def push_record(payload: Payload) -> PushRecord:
    """The payload as it is pushed: {"type", "payload"}."""
    wrapper = _RECORDS[payload.record_type]
    return wrapper(type=payload.record_type, payload=payload)  # type: ignore[return-value]


def read_record(record_type: str, payload_json: str | bytes) -> PushRecord:
    """A record from its type and its payload's JSON (as an outbox keeps it), checked as the
    server checks it; raises RuleBroken, its field a place in the payload."""
    if record_type not in _PAYLOADS:
        raise rules.RuleBroken("type", "invalid_value", detail=f"no record type {record_type!r}")
    with checking():
        payload = _PAYLOADS[record_type].model_validate_json(payload_json)
    return push_record(payload)  # type: ignore[arg-type]
