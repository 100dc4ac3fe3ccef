"""Where the device token is kept.

The token is the device's key to the team's households, so it never goes in the database or a
log. Flet 1.0.5 itself has no secure storage (its SharedPreferences is plain text); the
separate flet-secure-storage extension wraps Android's Keystore and iOS's Keychain but needs a
connected page and a Flutter client rebuilt with the plugin. The sync worker runs in a thread
beside the UI, so it reads the token through this small interface: on web and desktop (no
platform keystore reachable from the Python side) `FileTokenStore` keeps it in the app's data
folder in a file only the app's user can read (mode 0600), written atomically. A phone build
can hand the runner any other object with the same three methods.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol


class TokenStore(Protocol):
    def read(self) -> str | None: ...
    def write(self, token: str) -> None: ...
    def clear(self) -> None: ...


class FileTokenStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> str | None:
        try:
            token = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return token or None

    def write(self, token: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(token)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)  # also when the file existed with looser bits
        os.replace(temporary, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def default_token_store(data_dir: Path) -> FileTokenStore:
    return FileTokenStore(Path(data_dir) / "device-token")
