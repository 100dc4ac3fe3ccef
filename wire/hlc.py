"""A hybrid logical clock (HLC) and the one rule that merges two versions of a household.

HLC timestamps follow real time, never go backwards on one device (not even across restarts
or when the phone's clock is set back), and are always later than anything the device has
already seen from the others. A timestamp is a string that sorts as it compares:
`PPPPPPPPPPPPP-CCCC-NNNNNNNN`
- P: 13 decimal digits, physical Unix milliseconds (good until the year 2286);
- C: 4 hex digits, a counter for events within one millisecond;
- N: the device part, 8 hex digits drawn once per installation, so two devices never make
  the same timestamp and ties are broken the same way everywhere.
The empty string is older than every timestamp ("never written").

Rules (Kulkarni et al., "Logical Physical Clocks", 2014):
- send/local event: l' = max(l, now); c' = c + 1 if l' == l else 0;
- receive(m): l' = max(l, m.l, now); c' = max(c, m.c) + 1 if l' == l == m.l, c + 1 if l' == l,
  m.c + 1 if l' == m.l, else 0.
Pure functions here; a device keeps its clock in its store (app/services/device_clock.py).

The merge (`merge`), the same on the devices and on the server, field-level last writer wins:
- each clocked field (CLOCKED) carries the timestamp of its last write; an edit stamps only
  the fields it changed, and a merge keeps, field by field, the value with the later stamp.
  So edits of different fields on two devices both survive, and for one field the later edit
  wins everywhere, whatever order the versions arrive in;
- consent_at is the moment the household first agreed, written once: the earliest is kept;
- updated_at: the latest is kept.
What else settles a household (an erasure wins over every edit; follow-ups live in help
sessions, never merged) is said where it is done: app/services/pulled.py, server ingest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from wire.records import HouseholdClocks, HouseholdPayload

NEVER = ""  # older than any timestamp
MAX_COUNTER = 0xFFFF
# The household fields merged by their clocks: those of HouseholdClocks.
CLOCKED: tuple[str, ...] = tuple(HouseholdClocks.model_fields)


@dataclass(frozen=True, order=True)
class Timestamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:013d}-{self.counter:04x}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        """Raises ValueError when `text` is not a timestamp of this format."""
        millis, counter, node = text.split("-")
        if len(millis) != 13 or not millis.isdigit() or len(counter) != 4 or len(node) != 8:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        int(node, 16)
        return cls(int(millis), int(counter, 16), node)


def is_timestamp(text: str) -> bool:
    try:
        Timestamp.parse(text)
    except ValueError:
        return False
    return True


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


def tick(last: Timestamp, now_millis: int) -> Timestamp:
    """The next local timestamp after `last`."""
    if now_millis > last.millis:
        return Timestamp(now_millis, 0, last.node)
    return _bumped(last.millis, last.counter, last.node)


def receive(last: Timestamp, remote: Timestamp, now_millis: int) -> Timestamp:
    """The local clock after seeing `remote`: later than both."""
    millis = max(last.millis, remote.millis, now_millis)
    if millis == last.millis == remote.millis:
        return _bumped(millis, max(last.counter, remote.counter), last.node)
    if millis == last.millis:
        return _bumped(millis, last.counter, last.node)
    if millis == remote.millis:
        return _bumped(millis, remote.counter, last.node)
    return Timestamp(millis, 0, last.node)


def _bumped(millis: int, counter: int, node: str) -> Timestamp:
    # 65,536 events in one millisecond: borrow the next millisecond rather than overflow.
    if counter >= MAX_COUNTER:
        return Timestamp(millis + 1, 0, node)
    return Timestamp(millis, counter + 1, node)


def merge(held: HouseholdPayload, incoming: HouseholdPayload) -> HouseholdPayload:
    """`held` after `incoming` (two versions of one household, both checked already): each
    clocked field of `incoming` whose clock is later than the held one replaces it; equal
    clocks are the same write, so the held value stays. consent_at: the earliest; updated_at:
    the latest. Commutative, associative and idempotent, so every replica converges."""
    values: dict[str, object] = {}
    clocks: dict[str, str] = {}
    for name in CLOCKED:
        clock = getattr(incoming.clocks, name)
        if clock > getattr(held.clocks, name):
            values[name], clocks[name] = getattr(incoming, name), clock
    return held.model_copy(
        update={
            **values,
            "clocks": held.clocks.model_copy(update=clocks),
            "consent_at": min(held.consent_at, incoming.consent_at),
            "updated_at": max(held.updated_at, incoming.updated_at),
        }
    )
