"""Rate limits per client address: in this process's memory (SQLite, one process), or shared by
every process through PostgreSQL (SharedRateLimiter).

The address is the connection's peer, or, when the connection comes from one of the configured
reverse proxies (CNSCD_TRUSTED_PROXIES, none by default), the address the proxy forwarded in
X-Forwarded-For: uvicorn's proxy-headers middleware sets it so (server.core.serving). A client
can never choose its key by sending the header itself.

Each limit is a token bucket: up to `burst` requests at once (by default `per_minute`), then
`per_minute` a minute. Public guide pages get a large burst and rate, since many households
share one address behind a carrier's NAT and a page is cheap; login and enrolment stay strict."""

from __future__ import annotations

import math
import threading
import time

from sqlalchemy import Engine, text

from server.core.errors import ApiError

_MAX_KEYS = 100_000  # past this, keys whose bucket has refilled are forgotten


class RateLimiter:
    def __init__(self, per_minute: int, burst: int | None = None) -> None:
        self.per_minute = per_minute
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens left, when)
        self._lock = threading.Lock()

    @property
    def capacity(self) -> float:
        return float(self.burst or self.per_minute)

    def hit(self, key: str) -> None:
        """Count one request of `key`, or refuse it with a 429 and when to try again."""
        now, rate, capacity = time.monotonic(), self.per_minute / 60, self.capacity
        with self._lock:
            tokens, then = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - then) * rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                retry = math.ceil((1 - tokens) / rate) if rate > 0 else 60
                raise ApiError(429, "rate_limited", retry_after=retry)
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > _MAX_KEYS:
                self._buckets = {
                    k: (t, w)
                    for k, (t, w) in self._buckets.items()
                    if t + (now - w) * rate < capacity
                }


class SharedRateLimiter(RateLimiter):
    """The same token bucket, kept in PostgreSQL (table rate_buckets) so that every process on
    every machine counts against one bucket per address: with two workers, or two machines
    behind nginx, a client gets the limit once, not once per process. Each hit is one atomic
    upsert (INSERT ... ON CONFLICT DO UPDATE) in its own short transaction; the row lock it
    takes orders simultaneous hits of one address. Buckets that have refilled are deleted now
    and then, so the table holds only the addresses seen in the last minutes."""

    # The refilled bucket, written out once per use (ON CONFLICT's UPDATE takes no FROM).
    # now() is the transaction's start: a hit that waited for another's row lock may be a
    # little older than the bucket, hence the GREATESTs.
    _REFILLED = (
        "LEAST(:capacity, rate_buckets.tokens + :rate"
        " * GREATEST(0, EXTRACT(EPOCH FROM now() - rate_buckets.at)))"
    )
    _HIT = text(f"""
        INSERT INTO rate_buckets (name, key, tokens, at, refused)
        VALUES (:name, :key, :capacity - 1, now(), false)
        ON CONFLICT (name, key) DO UPDATE SET
            tokens = CASE WHEN {_REFILLED} >= 1 THEN {_REFILLED} - 1 ELSE {_REFILLED} END,
            refused = {_REFILLED} < 1,
            at = GREATEST(rate_buckets.at, now())
        RETURNING tokens, refused
    """)

    def __init__(
        self, engine: Engine, name: str, per_minute: int, burst: int | None = None
    ) -> None:
        super().__init__(per_minute, burst)
        self.engine, self.name = engine, name
        self._next_sweep = 0.0

    def hit(self, key: str) -> None:
        rate, capacity = self.per_minute / 60, self.capacity
        with self.engine.begin() as connection:
            tokens, refused = connection.execute(
                self._HIT, {"name": self.name, "key": key[:64], "capacity": capacity, "rate": rate}
            ).one()
        if time.monotonic() >= self._next_sweep:
            self._sweep(capacity / rate if rate > 0 else 3600)
        if refused:
            retry = math.ceil((1 - tokens) / rate) if rate > 0 else 60
            raise ApiError(429, "rate_limited", retry_after=retry)

    def _sweep(self, refill_seconds: float) -> None:
        """Forget the buckets that are full again (idle for longer than a refill)."""
        self._next_sweep = time.monotonic() + 60
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "DELETE FROM rate_buckets WHERE name = :name"
                    " AND at < now() - make_interval(secs => :seconds)"
                ),
                {"name": self.name, "seconds": refill_seconds + 1},
            )


def limiter(engine: Engine, name: str, per_minute: int, burst: int | None = None) -> RateLimiter:
    """The limiter for a database: shared through PostgreSQL, or in this process's memory on
    SQLite (one machine, one process: nothing to share)."""
    if engine.dialect.name == "postgresql":
        return SharedRateLimiter(engine, name, per_minute, burst)
    return RateLimiter(per_minute, burst)
