"""Backoff with full jitter, Retry-After, and which failures are tried again."""

from __future__ import annotations

import random
import threading

import pytest

from sync.errors import NetworkError, Rejected, ServerBusy
from sync.retry import Backoff, parse_retry_after, with_retries


def test_delays_grow_exponentially_within_the_cap_with_jitter() -> None:
    backoff = Backoff(base=0.5, cap=8, rng=random.Random(1))
    for attempt in range(8):
        delays = [backoff.delay(attempt) for _ in range(200)]
        bound = min(8, 0.5 * 2**attempt)
        assert all(0 <= d <= bound for d in delays)
        assert (
            max(delays) > bound * 0.8 and min(delays) < bound * 0.2
        )  # spread: jitter, not a fixed step


def test_retry_after_is_honoured_as_a_floor() -> None:
    assert Backoff(base=0.01, cap=0.02).delay(0, retry_after=3) == 3
    assert parse_retry_after("7") == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now_epoch=1445412470) == 10
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_retryable_failures_are_tried_again_until_it_works() -> None:
    failures = [
        NetworkError("reset"),
        ServerBusy("http_500", status=500),
        ServerBusy("rate_limited", status=429, retry_after=0),
    ]
    waits: list[float] = []

    def call() -> str:
        if failures:
            raise failures.pop(0)
        return "xong"

    assert (
        with_retries(call, Backoff(base=0.001, cap=0.002), on_retry=lambda e, w: waits.append(w))
        == "xong"
    )
    assert len(waits) == 3


def test_a_refusal_is_not_retried_and_attempts_are_bounded() -> None:
    calls = []

    def refused() -> None:
        calls.append(1)
        raise Rejected(422, "unknown_village")

    with pytest.raises(Rejected):
        with_retries(refused, Backoff(base=0.001))
    assert len(calls) == 1

    def down() -> None:
        calls.append(1)
        raise NetworkError()

    calls.clear()
    with pytest.raises(NetworkError):
        with_retries(down, Backoff(base=0.001, cap=0.001, attempts=4))
    assert len(calls) == 4


def test_stopping_ends_the_wait_at_once() -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(NetworkError):
        with_retries(lambda: (_ for _ in ()).throw(NetworkError()), Backoff(base=60, cap=60), stop)
