"""What routes take from a path, a query, a form or a JSON body of their own, typed once for all
of them: text holds no control character (PostgreSQL cannot store a NUL, and none means
anything in a name, a code or a password), and ids fit the database's id columns. A bad
value is a 422 with a stable code (control_character, invalid_value) before a route or the
database sees it. Records pushed by devices have their own, fuller rules (wire.rules)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from annotated_types import Ge, Le
from pydantic import AfterValidator, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from server.core.errors import ApiError
from wire import messages, rules
from wire.clock import as_utc
from wire.fields import kept

MAX_ID = 2**31 - 1  # ids are PostgreSQL "integer" columns (32-bit); SQLite's hold 64 bits
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def has_control(value: str) -> bool:
    return _CONTROL.search(value) is not None


def _single_line(value: str) -> str:
    if has_control(value):
        raise PydanticCustomError("control_character", messages.text("control_character"))
    return value


Text = Annotated[str, AfterValidator(_single_line)]
"""Text on one line with no control character: every str a route takes."""

Name = Annotated[str, AfterValidator(_single_line), kept(rules.plain_text)]
"""A name people give something (a team): Text, and no markup (wire.rules.plain_text, the rule
of the records' free text)."""

Id = Annotated[int, Ge(1), Le(MAX_ID)]
"""A row id (a team, a device, a staff member): every int id a route takes. (Past 2^31 it was
a 500 on PostgreSQL, past 2^63 on SQLite too.)"""

Moment = Annotated[datetime, AfterValidator(as_utc)]
"""A moment in an answer, always with its UTC offset (SQLite hands stored datetimes back
naive, which is no RFC 3339 date-time)."""

_ID = TypeAdapter(Id)


def control_character(field: str) -> ApiError:
    return ApiError(422, "control_character", field=field)


def invalid_value(field: str, detail: str = "not accepted") -> ApiError:
    return ApiError(422, "invalid_value", field=field, detail=detail)


def free_text(value: str, field: str) -> str:
    """A form's free text (a team's name) under the records' rule: no markup, no control
    character."""
    try:
        return rules.plain_text(field, value)
    except rules.RuleBroken as broken:
        raise ApiError(422, broken.code, field=field, **broken.params) from None


def parse_id(raw: str, field: str) -> int:
    """An id typed into a form field: ASCII digits within MAX_ID, else invalid_value."""
    if not (raw.isascii() and raw.isdigit()):
        raise invalid_value(field)
    try:
        return _ID.validate_python(int(raw))
    except (PydanticValidationError, ValueError) as exc:
        raise invalid_value(field) from exc
