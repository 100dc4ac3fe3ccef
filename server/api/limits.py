"""Rate limits per client address, kept in memory (one server process; behind a proxy that
sets X-Forwarded-For, run uvicorn with --forwarded-allow-ips so the client address is right)."""

from __future__ import annotations

import threading
import time
from collections import deque

from server.core.errors import ApiError


class RateLimiter:
    """At most `per_minute` requests in any sliding minute, per key."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry = int(hits[0] + 60 - now) + 1
                raise ApiError(429, "rate_limited", "Quá nhiều yêu cầu, hãy thử lại sau ít phút.",
                               "Too many requests; try again in a little while.", retry_after=retry)
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients rather than grow without end
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - 60}
