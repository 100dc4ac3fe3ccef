"""The hybrid logical clock and the field-level merge: pure rules, and the device's clock kept
across restarts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.db import Store
from app.services import device_clock, pulled
from server.services import ingest
from wire import hlc
from wire.hlc import Timestamp
from wire.records import HouseholdClocks, HouseholdPayload

stamps = st.builds(
    Timestamp,
    st.integers(0, 10**13 - 1),
    st.integers(0, 0xFFFF),
    st.sampled_from(["0000000a", "0000000b", "ffffffff"]),
)


@given(stamps, stamps)
def test_the_text_sorts_as_the_timestamps_compare(x: Timestamp, y: Timestamp) -> None:
    assert (str(x) < str(y)) == (x < y)
    assert Timestamp.parse(str(x)) == x


@given(stamps, st.integers(0, 10**13 - 1))
def test_a_local_event_is_always_later(last: Timestamp, now: int) -> None:
    assert hlc.tick(last, now) > last


@given(stamps, stamps, st.integers(0, 10**13 - 1))
def test_after_receiving_the_clock_is_later_than_both(
    last: Timestamp, remote: Timestamp, now: int
) -> None:
    after = hlc.receive(last, remote, now)
    assert after > last and (after.millis, after.counter) > (remote.millis, remote.counter)
    assert after.node == last.node


def test_the_clock_follows_real_time_when_it_can() -> None:
    assert hlc.tick(Timestamp(1000, 7, "0000000a"), 2000) == Timestamp(2000, 0, "0000000a")
    assert hlc.tick(Timestamp(3000, 7, "0000000a"), 2000) == Timestamp(
        3000, 8, "0000000a"
    )  # clock set back
    assert hlc.tick(Timestamp(3000, 0xFFFF, "0000000a"), 2000) == Timestamp(3001, 0, "0000000a")


def test_the_clock_never_goes_back_across_a_restart_with_the_phone_clock_set_back(
    tmp_path: Path, monkeypatch
) -> None:
    store = Store(tmp_path / "cnscd.sqlite3")
    with store.session() as s:
        before = [device_clock.now(s) for _ in range(5)]
        device_clock.forget(s)  # as if the app were closed
    store.close()
    monkeypatch.setattr(hlc, "wall_millis", lambda: 1_000)  # 1970: the phone's clock was reset
    again = Store(tmp_path / "cnscd.sqlite3")
    with again.session() as s:
        after = device_clock.now(s)
    assert before == sorted(before) and len(set(before)) == 5
    assert after > before[-1] and after[-8:] == before[0][-8:]  # same node, later stamp
    again.close()


FIELDS = ["head_name", "village_id", "phone"]
# A write is known by its clock, so one clock always carries one value.
writes = st.fixed_dictionaries({name: stamps.map(str) for name in FIELDS}).map(
    lambda c: ({name: f"value of {stamp}" for name, stamp in c.items()}, c)
)


@given(st.lists(writes, min_size=1, max_size=6), st.randoms())
@settings(max_examples=200)
def test_merging_converges_whatever_the_order_and_device_and_server_agree(versions, rng) -> None:
    def version(values, clocks) -> HouseholdPayload:
        """A household with these values and clocks (built unchecked: the values are not real)."""
        moment = datetime(2026, 1, 1, tzinfo=UTC)
        return HouseholdPayload.model_construct(
            id="h",
            consent_at=moment,
            updated_at=moment,
            clocks=HouseholdClocks.model_construct(**clocks),
            **values,
        )

    def fold(order, merge):
        held = None
        for v, c in order:
            held = version(v, c) if held is None else merge(held, version(v, c))
        return {name: getattr(held, name) for name in FIELDS}, held.clocks.model_dump()

    shuffled = list(versions)
    rng.shuffle(shuffled)
    device = fold(versions, pulled.merge)
    assert fold(shuffled, pulled.merge) == device  # commutative, associative: order does not matter
    assert fold(versions, ingest.merge) == device  # the server's rule is the same rule
    assert fold(versions + versions, pulled.merge) == device  # idempotent: a retry changes nothing
    for name in FIELDS:  # each field holds the value of its latest write
        latest = max(c[name] for _, c in versions)
        assert device[1][name] == latest
        assert device[0][name] == f"value of {latest}"
