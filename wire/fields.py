"""What the wire's models are made of: the strict base (unknown fields refused, no type
coercion, datetimes with their UTC offset), the field types that carry the rules of
wire.rules, and the way back from pydantic's faults to our RuleBroken and its stable code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Self, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from wire import messages, rules
from wire.rules import RuleBroken

Value = TypeVar("Value")


def obey(rule: Callable[[str, Value], Value], field: str, value: Value) -> Value:
    """Run one of wire.rules inside a pydantic validator: a broken rule becomes pydantic's
    error of the same code, so it comes out of validation with its place."""
    try:
        return rule(field, value)
    except RuleBroken as broken:
        raise as_pydantic(broken) from None


def as_pydantic(broken: RuleBroken) -> PydanticCustomError:
    """A broken rule as pydantic's error of the same code (its place is pydantic's to say)."""
    text = messages.text(broken.code, field=broken.field, **broken.params)
    return PydanticCustomError(broken.code, text, broken.params)


def kept(rule: Callable[[str, Value], Value]) -> AfterValidator:
    """One of wire.rules as a field's validator (the field's name is its `field`)."""

    def check(value: Value, info: ValidationInfo) -> Value:
        return obey(rule, info.field_name or "", value)

    return AfterValidator(check)


def broken_of(error: ErrorDetails) -> RuleBroken:
    """One of pydantic's faults as our RuleBroken: the field is its dotted place, the code one of
    the rules' or what kind of misfit it is (unknown_field, missing_field, invalid_value)."""
    field = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "json_invalid":
        return RuleBroken(field, "malformed_json")
    if kind == "extra_forbidden":
        return RuleBroken(field, "unknown_field")
    if kind in rules.CODES:
        return RuleBroken(field, kind, **error.get("ctx", {}))
    if kind == "missing":
        return RuleBroken(field, "missing_field")
    return RuleBroken(field, "invalid_value", detail=error["msg"])


def first_broken(exc: ValidationError) -> RuleBroken:
    return broken_of(exc.errors(include_url=False)[0])


@contextmanager
def checking() -> Iterator[None]:
    """Inside, a wire model that refuses what it is built from raises our RuleBroken (the first
    rule broken) instead of pydantic's error."""
    try:
        yield
    except ValidationError as exc:
        raise first_broken(exc) from None


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    def checked(self) -> Self:
        """This record checked by every rule of its model (for one built without checks, from
        a store's row); raises RuleBroken for the first rule it breaks."""
        with checking():
            return type(self).model_validate(self.model_dump())


RecordId = Annotated[str, kept(rules.record_id)]
Moment = Annotated[AwareDatetime, kept(rules.sane_moment)]
Day = Annotated[date, kept(rules.sane_day)]
Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]
# The text of a wire.hlc.Timestamp: PPPPPPPPPPPPP-CCCC-NNNNNNNN, of a time from 2020 to 2100.
Clock = Annotated[str, Field(pattern=r"^[0-9]{13}-[0-9a-f]{4}-[0-9a-f]{8}$"), kept(rules.clock)]
AreaId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
