"""UUIDv7 ids: time-ordered, so records sort by creation and index well; made on the device."""

from __future__ import annotations

import os
import time
import uuid


def uuid7() -> str:
    """A RFC 9562 version-7 UUID as a string: 48-bit Unix milliseconds, then random bits."""
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # variant 10xx
    return str(uuid.UUID(int=value))
