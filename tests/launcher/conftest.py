"""The launcher's tests use the view tests' helpers (viewtest) for the bundled guides' media."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "views"))
