"""Rate limits per client address, kept in memory (per server process).

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
                raise ApiError(429, "rate_limited", "Quá nhiều yêu cầu, hãy thử lại sau ít phút.",
                               "Too many requests; try again in a little while.", retry_after=retry)
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > _MAX_KEYS:
                self._buckets = {k: (t, w) for k, (t, w) in self._buckets.items()
                                 if t + (now - w) * rate < capacity}
