"""One settings object: environment variables with the CNSCD_ prefix, sane defaults."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from content.site import load_site


def _default_data_dir() -> Path:
    # On a phone, Flet tells us where the app may keep its files.
    flet_dir = os.environ.get("FLET_APP_STORAGE_DATA")
    if flet_dir:
        return Path(flet_dir)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "cnscd"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "cnscd"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "cnscd"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    public_base_url: str  # what the guides' QR codes hold; "" until a province sets it
    # The hotspot guide server's port (CNSCD_SHARE_PORT); None: its own stable default.
    share_port: int | None = None
    # The demo: its QR codes may hold this machine's LAN address over http (content.site).
    demo: bool = False

    @property
    def database_path(self) -> Path:
        return self.data_dir / "cnscd.sqlite3"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """The guides' public address defaults to the one the published content was built for
        (content/site.toml), so the QR on the screen opens the same page as the printed one.
        Left unset there, the QR screen and the sheets say so instead of drawing a code."""
        values: dict[str, object] = {
            "data_dir": Path(os.environ.get("CNSCD_DATA_DIR") or _default_data_dir()),
            "public_base_url": os.environ.get("CNSCD_PUBLIC_BASE_URL") or load_site().public_base_url,
            "share_port": int(port) if (port := os.environ.get("CNSCD_SHARE_PORT")) else None,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
