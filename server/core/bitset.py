"""Households reached, as bit sets (for server.reports.summaries): each household has a number within its team
(`Household.reach_index`, handed out under the team row's lock), and a summary row holds one bit
per household of a chunk of `CHUNK` numbers. Distinct households over any months and days are
then the OR of their rows, counted: exact, and its cost grows with teams and days, not with
sessions (a province's year is about 1,473 teams x 12 months of 64-byte rows).

PostgreSQL has it all: `bit(512)`, `bitor`, `bitand`, the `bit_or` aggregate and `bit_count`.
SQLite gets functions of the same names over 64-byte BLOBs (`register_sqlite`), so the reports'
SQL is one text for both."""

from __future__ import annotations

import sqlite3

from sqlalchemy import LargeBinary, TypeDecorator
from sqlalchemy.dialects.postgresql import BIT

CHUNK = 512  # households per row: most teams have fewer (a province averages ~400 a team)
_BYTES = CHUNK // 8
FULL = (1 << CHUNK) - 1


def place(reach_index: int) -> tuple[int, int]:
    """A household's number within its team -> (its chunk, its bit within the chunk)."""
    return divmod(reach_index, CHUNK)


class Households(TypeDecorator):
    """A chunk's households as a Python int (bit i = the chunk's i-th household): `bit(512)` on
    PostgreSQL (bit i the i-th from the left, as set_bit counts), a little-endian BLOB on
    SQLite."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(BIT(CHUNK))
        return dialect.type_descriptor(LargeBinary(_BYTES))

    def process_bind_param(self, value: int | None, dialect):
        if value is None:
            return None
        if dialect.name == "postgresql":
            return format(value, f"0{CHUNK}b")[::-1]
        return value.to_bytes(_BYTES, "little")

    def process_result_value(self, value, dialect) -> int | None:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return int(value[::-1], 2)
        return int.from_bytes(value, "little")


def _int(blob: bytes | None) -> int:
    return int.from_bytes(blob, "little") if blob is not None else 0


def _blob(value: int) -> bytes:
    return value.to_bytes(_BYTES, "little")


class _Union:
    """SQLite's `bit_or` over BLOBs."""

    def __init__(self) -> None:
        self.value = 0
        self.seen = False

    def step(self, blob: bytes | None) -> None:
        if blob is not None:
            self.value |= _int(blob)
            self.seen = True

    def finalize(self) -> bytes | None:
        return _blob(self.value) if self.seen else None


def register_sqlite(connection: sqlite3.Connection) -> None:
    """PostgreSQL's bit-string functions, over BLOBs, on one SQLite connection."""
    connection.create_function(
        "bitor", 2, lambda a, b: _blob(_int(a) | _int(b)), deterministic=True
    )
    connection.create_function(
        "bitand", 2, lambda a, b: _blob(_int(a) & _int(b)), deterministic=True
    )
    connection.create_function(
        "bit_count", 1, lambda a: None if a is None else _int(a).bit_count(), deterministic=True
    )
    connection.create_aggregate("bit_or", 1, _Union)
