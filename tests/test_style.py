"""The code keeps one shape: `ruff format` (100 columns, pyproject's [tool.ruff]) and `ruff check`
hold for every file, so a change shows only what it changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_every_file_is_formatted() -> None:
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_file_passes_the_linter() -> None:
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr
