"""Trying again: exponential backoff with full jitter (AWS Architecture Blog, "Exponential
Backoff and Jitter"), at least as long as the server's Retry-After asks."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar

from sync.errors import SyncError

T = TypeVar("T")


@dataclass
class Backoff:
    """Attempt n (from 0) waits a random time in [0, min(cap, base * 2**n)] before the next."""

    base: float = 0.5
    cap: float = 30.0
    attempts: int = 6  # tries in all, the first included
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wait = self.rng.uniform(0, min(self.cap, self.base * 2**attempt))
        return max(wait, retry_after or 0.0)


def parse_retry_after(value: str | None, now_epoch: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (now_epoch if now_epoch is not None else time.time()))


@dataclass
class Patience:
    """How long one sync keeps trying on a bad link: it gives up after `backoff.attempts` tries
    in a row that got nothing through, or once `limit` seconds have passed in all. Progress (a
    call answered, bytes of a download received) starts the count of tries again, so a link
    that cuts often but carries something each time is used to the end."""

    limit: float = 30 * 60  # seconds, from the start of the sync
    failures: int = 0  # tries in a row that got nothing through
    started: float = field(default_factory=time.monotonic)

    def progressed(self) -> None:
        self.failures = 0

    def exhausted(self, backoff: Backoff) -> bool:
        return self.failures >= backoff.attempts or time.monotonic() - self.started >= self.limit


def with_retries(
    call: Callable[[], T],
    backoff: Backoff,
    stop: threading.Event | None = None,
    on_retry: Callable[[SyncError, float], None] | None = None,
    patience: Patience | None = None,
) -> T:
    """Run `call`; on a retryable SyncError wait and try again, up to `backoff.attempts` tries,
    or, with `patience`, as long as it allows (progress reported to it while `call` runs starts
    its count again). A set `stop` event ends the waiting early and raises the last error."""
    stop = stop or threading.Event()
    patience = patience or Patience(limit=float("inf"))
    patience.progressed()  # a new call: the count is its own
    while True:
        try:
            answer = call()
        except SyncError as error:
            patience.failures += 1
            if not error.retryable or patience.exhausted(backoff):
                raise
            wait = backoff.delay(patience.failures - 1, error.retry_after)
            if on_retry:
                on_retry(error, wait)
            if stop.wait(wait):
                raise
        else:
            patience.progressed()
            return answer
