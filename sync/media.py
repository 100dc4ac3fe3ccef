"""Media downloads by SHA-256: written to `<sha>.part` beside the target, resumed with an HTTP
Range from where the last try broke off, checked against the hash, and renamed into place only
when whole — so a file at its final name is always complete and correct."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from sync.client import ApiClient
from sync.errors import MediaCorrupt, NetworkError


def part_path(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def fetch(
    client: ApiClient,
    sha256: str,
    size: int,
    target: Path,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """Bring the file to `target`, resuming a partial download. Raises NetworkError (the part
    stays, the next try resumes) or MediaCorrupt (the part is thrown away)."""
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(target)
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        have = 0
    if have < size:
        with client.media(sha256, have) as response:
            if response.status_code == 200 and have:
                have = 0  # the server sent the whole file instead of the rest: start again
            elif response.status_code == 206 and not response.headers.get(
                "content-range", ""
            ).startswith(f"bytes {have}-"):
                raise NetworkError("unexpected Content-Range")
            with part.open("r+b" if have else "wb") as out:
                out.seek(have)
                out.truncate()
                try:
                    for chunk in response.iter_raw():  # as it arrives: a cut loses nothing received
                        out.write(chunk)
                        if on_bytes:
                            on_bytes(len(chunk))
                finally:
                    out.flush()
                    os.fsync(out.fileno())
        if part.stat().st_size < size:
            raise NetworkError("the download stopped before the end")
    if _sha256(part) != sha256:
        part.unlink()
        raise MediaCorrupt(sha256)
    os.replace(part, target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
