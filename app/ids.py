"""UUIDv7 ids: time-ordered, so records sort by creation and index well; made on the device."""

from __future__ import annotations

import os
import threading
import time
import uuid

_RAND_BITS = 74  # rand_a (12 bits) and rand_b (62 bits) of RFC 9562's layout
_lock = threading.Lock()
_last = (0, 0)  # (millis, random part) of the id made last


def uuid7() -> str:
    """A RFC 9562 version-7 UUID as a string: 48-bit Unix milliseconds, then random bits.

    Ids made in the same millisecond (or after the clock stepped back) increase the previous
    random part instead (RFC 9562 §6.2, method 2), so ids made here always sort in the order
    they were made."""
    global _last
    millis = time.time_ns() // 1_000_000
    # A fresh random part leaves its top bit clear: room to count up within one millisecond.
    rand = int.from_bytes(os.urandom(10), "big") & ((1 << (_RAND_BITS - 1)) - 1)
    with _lock:
        last_millis, last_rand = _last
        if millis <= last_millis:
            millis, rand = last_millis, last_rand + 1 + (rand & 0xFFFF)
            if rand >> _RAND_BITS:
                millis, rand = last_millis + 1, rand & ((1 << (_RAND_BITS - 1)) - 1)
        _last = (millis, rand)
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= (rand >> 62) << 64  # rand_a
    value |= 0x2 << 62  # variant 10xx
    value |= rand & ((1 << 62) - 1)  # rand_b
    return str(uuid.UUID(int=value))
