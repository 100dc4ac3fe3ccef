"""Ids made on the device (UUIDv7) and what 'today' means to a volunteer (Vietnam's day)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, date, datetime

from app.ids import uuid7
from wire.clock import VIETNAM, as_utc, today_local


def test_ids_are_version_7_with_the_rfc_variant() -> None:
    for _ in range(200):
        parsed = uuid.UUID(uuid7())
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122  # the 10xx variant that RFC 9562 keeps


def test_ids_carry_the_time_they_were_made() -> None:
    before = time.time_ns() // 1_000_000
    made = uuid.UUID(uuid7())
    after = time.time_ns() // 1_000_000
    assert before <= made.int >> 80 <= after


def test_ids_sort_in_the_order_they_were_made_and_never_repeat() -> None:
    # Thousands of ids fall in the same millisecond: they must still increase.
    made = [uuid7() for _ in range(20_000)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_ids_made_across_milliseconds_stay_ordered() -> None:
    made = []
    for _ in range(5):
        made.append(uuid7())
        time.sleep(0.002)
    assert made == sorted(made)
    assert len({uuid.UUID(i).int >> 80 for i in made}) == 5


def test_today_is_the_vietnamese_calendar_day() -> None:
    # 17:00 UTC is midnight in Hà Nội (UTC+7, no daylight saving).
    assert today_local(datetime(2026, 3, 1, 16, 59, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert today_local(datetime(2026, 3, 1, 17, 0, tzinfo=UTC)) == date(2026, 3, 2)
    assert today_local(datetime(2025, 12, 31, 18, 30, tzinfo=UTC)) == date(2026, 1, 1)
    # A naive datetime is one read back from SQLite: it is UTC.
    assert today_local(datetime(2026, 3, 1, 17, 30)) == date(2026, 3, 2)
    assert today_local(datetime(2026, 3, 2, 0, 30, tzinfo=VIETNAM)) == date(2026, 3, 2)


def test_as_utc_reads_naive_values_as_utc_and_converts_aware_ones() -> None:
    assert as_utc(datetime(2026, 1, 1, 5)) == datetime(2026, 1, 1, 5, tzinfo=UTC)
    assert as_utc(datetime(2026, 1, 1, 7, tzinfo=VIETNAM)) == datetime(2026, 1, 1, 0, tzinfo=UTC)
