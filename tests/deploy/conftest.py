"""The deployed layout, for real: PostgreSQL, SeaweedFS, API instances and Debian's nginx with
deploy/nginx.conf. tests/server's helpers (apitest: records as devices push them) are shared."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
