"""What a test does when a service it needs (PostgreSQL, SeaweedFS, nginx, Chromium) is not
installed: it is skipped with the reason, except in CI (CI=true), where that is a failure."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)
