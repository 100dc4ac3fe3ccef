"""One settings object: environment variables with the CNSCD_ prefix, sane defaults."""

from __future__ import annotations

import hashlib
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


def _default_install_root() -> Path:
    """A folder the system does not back up with the app's data (app/services/installation.py):
    on a phone the app's cache folder, elsewhere the user's state folder."""
    flet_cache = os.environ.get("FLET_APP_STORAGE_TEMP")
    if flet_cache:
        return Path(flet_cache)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "cnscd-state"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cnscd"
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "cnscd"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    public_base_url: str  # what the guides' QR codes hold; "" until a province sets it
    # The hotspot guide server's port (CNSCD_SHARE_PORT); None: its own stable default.
    share_port: int | None = None
    # The demo: its QR codes may hold this machine's LAN address over http (content.site).
    demo: bool = False
    # Where this installation's marker lives, outside the data folder (CNSCD_INSTALL_DIR); by
    # default a folder of its own per data folder in a place the system does not back up.
    install_root: Path | None = None

    @property
    def database_path(self) -> Path:
        return self.data_dir / "cnscd.sqlite3"

    @property
    def install_dir(self) -> Path:
        key = hashlib.sha256(str(Path(self.data_dir).resolve()).encode()).hexdigest()[:16]
        return (self.install_root or _default_install_root()) / "installations" / key

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """The guides' public address defaults to the one the published content was built for
        (content/site.toml), so the QR on the screen opens the same page as the printed one.
        Left unset there, the QR screen and the sheets say so instead of drawing a code."""
        values: dict[str, object] = {
            "data_dir": Path(os.environ.get("CNSCD_DATA_DIR") or _default_data_dir()),
            "public_base_url": os.environ.get("CNSCD_PUBLIC_BASE_URL")
            or load_site().public_base_url,
            "share_port": int(port) if (port := os.environ.get("CNSCD_SHARE_PORT")) else None,
            "install_root": Path(found) if (found := os.environ.get("CNSCD_INSTALL_DIR")) else None,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
