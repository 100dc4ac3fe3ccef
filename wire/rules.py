"""The rules a record keeps wherever it is made or read — on a device before it is saved, on
the server when it arrives: its limits as named numbers and the checks of free text, dates,
ids and follow-ups. Standard library only. A check answers the value it accepts or raises
RuleBroken, whose code is stable (its texts are in wire.messages)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from wire import messages

# Limits of a household
MIN_HEAD_NAME, MAX_HEAD_NAME = 2, 80
# Limits of a help session
MIN_MINUTES, MAX_MINUTES = 1, 8 * 60
MAX_NOTE = 500
MIN_SERVICES, MAX_SERVICES = 1, 20
MAX_GUIDES = 20
FOLLOW_UP = "follow_up"  # the outcome that asks for a date to come back
# A day's count of one guide's opens on one device
MAX_OPENS = 1_000_000
# Enrolment
MIN_ENROL_CODE, MAX_ENROL_CODE = 4, 32
MAX_DEVICE_NAME = 80
# Any moment or day a record carries
EARLIEST = datetime(2020, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# How far ahead of the server's clock a record's moments may be (a phone's clock may run a
# little ahead); further ahead, the server refuses it (`date_in_future`).
CLOCK_AHEAD = timedelta(days=1)

# Markup: a "<" followed by a letter, "/", "!" or "?" opens a tag, an end tag, a comment or a
# declaration to an HTML parser, closed or not. Any other "<" (as in "< 5") is text.
_TAG = re.compile(r"<[A-Za-z/!?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A run of digits, possibly in groups joined by one space, dot or dash ("001 234 567 890").
_DIGITS = re.compile(r"(?<!\d)\d+(?:[ .\-]\d+)*")
_ID_LENGTHS = (9, 12)  # the old CMND, the căn cước (CCCD)
# An amount of money as written in Vietnam: "150.000.000" or "150 000 000", then maybe its unit.
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:([. ])\d{3})(?:\1\d{3})*$")
_CURRENCY = re.compile(r"^\s?(?:đ|₫|đồng|dong|vnđ|vnd|k\b|nghìn|ngàn|triệu|tỷ)", re.IGNORECASE)
# An HLC timestamp (wire.hlc): 13 digits of Unix milliseconds, a counter, a device part.
_CLOCK = re.compile(r"^([0-9]{13})-[0-9a-f]{4}-[0-9a-f]{8}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class RuleBroken(Exception):
    """A value breaks one of the wire's rules: where (`field`, a dotted path; empty for the
    record as a whole), which rule (`code`) and the figures its message names (`params`)."""

    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(f"{field or 'record'}: {code}")
        self.field = field
        self.code = code
        self.params = params

    def text(self, language: str = "vi") -> str:
        return messages.text(self.code, language, field=self.field, **self.params)


# The codes the checks below raise (as against those of a value that does not fit its type).
CODES = frozenset(
    {
        "markup_not_allowed",
        "control_character",
        "date_out_of_range",
        "clock_out_of_range",
        "identity_number_in_note",
        "not_uuid",
        "follow_up_date_required",
        "follow_up_date_unexpected",
        "too_many_services",
        "too_many_guides_shared",
    }
)


def plain_text(field: str, value: str) -> str:
    """Free text is kept as typed, but markup and control characters never get in: whatever
    shows it later, a household's note stays text. Markup is any "<" followed by a letter,
    "/", "!" or "?", with or without its ">"; everything else (quotes, "&", "< 5") is kept as
    typed, and every page, export and screen escapes it when it shows it."""
    if _TAG.search(value):
        raise RuleBroken(field, "markup_not_allowed")
    if _CONTROL.search(value):
        raise RuleBroken(field, "control_character")
    return value


def no_identity_number(field: str, text: str) -> str:
    """Notes must not carry identity-card numbers: we keep only what a follow-up needs. One is 9
    (CMND) or 12 (CCCD) digits, in a row or in groups of at least three joined by a space, a
    dot or a dash ("001 234 567 890", "001.234.567.890"). Left alone: phone numbers (10 or 11
    digits), dates and times (groups of two), and amounts of money ("150.000.000 đồng", or
    grouped by thousands and ending in 000)."""
    for found in _DIGITS.finditer(text):
        if _is_identity_number(found.group(), text[found.end() :]):
            raise RuleBroken(field, "identity_number_in_note")
    return text


def _is_identity_number(run: str, after: str) -> bool:
    groups = re.split(r"[ .\-]", run)
    if any(len(group) in _ID_LENGTHS for group in groups):
        return True
    digits = "".join(groups)
    if len(groups) == 1 or len(digits) not in _ID_LENGTHS:
        return False
    if min(len(group) for group in groups) < 3:
        return False  # a date, a time, a list of small numbers
    money = _THOUSANDS.match(run) and (digits.endswith("000") or _CURRENCY.match(after))
    return not money


def services_chosen(field: str, services: list[str]) -> list[str]:
    """A session names at most MAX_SERVICES services (the catalogue holds more)."""
    if len(services) > MAX_SERVICES:
        raise RuleBroken(field, "too_many_services", limit=MAX_SERVICES)
    return services


def guides_shared(field: str, guides: list[str]) -> list[str]:
    """A session names at most MAX_GUIDES guides shared (the library holds more)."""
    if len(guides) > MAX_GUIDES:
        raise RuleBroken(field, "too_many_guides_shared", limit=MAX_GUIDES)
    return guides


def sane_moment(field: str, value: datetime) -> datetime:
    """An aware moment between 2020 and 2100, answered in UTC."""
    if not EARLIEST <= value < LATEST:
        raise RuleBroken(field, "date_out_of_range")
    return value.astimezone(UTC)


def sane_day(field: str, value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise RuleBroken(field, "date_out_of_range")
    return value


def clock(field: str, value: str) -> str:
    """An HLC timestamp whose physical time lies between 2020 and 2100: a clock of 1970 (all
    zeros) or of the far future is a device's broken clock, and would win or lose every merge."""
    match = _CLOCK.match(value)
    if match is None:
        raise RuleBroken(field, "invalid_value", detail="not an HLC timestamp")
    if not EARLIEST.timestamp() * 1000 <= int(match[1]) < LATEST.timestamp() * 1000:
        raise RuleBroken(field, "clock_out_of_range")
    return value


def record_id(field: str, value: str) -> str:
    """Record ids are UUIDs in lower-case hex, as the devices make them (UUIDv7)."""
    if not _UUID.match(value):
        raise RuleBroken(field, "not_uuid")
    return value


def follow_up_matches(outcome: str, follow_up_on: date | None) -> None:
    """A follow-up outcome has a date to come back; no other outcome has one."""
    if outcome == FOLLOW_UP and follow_up_on is None:
        raise RuleBroken("follow_up_on", "follow_up_date_required")
    if outcome != FOLLOW_UP and follow_up_on is not None:
        raise RuleBroken("follow_up_on", "follow_up_date_unexpected")
