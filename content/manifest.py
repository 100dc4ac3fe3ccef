"""The manifest: what the content build produced, read by the app and the server.

`content/dist/manifest.json` holds the content version, the categories and services, every
guide (wire.guides.Guide: its steps and the SHA-256 of its media) and every media file with its
SHA-256, size and MIME type (paths relative to the manifest's folder).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from wire.guides import OPTIONAL_TEXTS, Guide

DIST_DIR = Path(__file__).resolve().parent / "dist"
MANIFEST_PATH = DIST_DIR / "manifest.json"


@dataclass(frozen=True)
class MediaFile:
    sha256: str
    path: str
    size: int
    mime: str


@dataclass(frozen=True)
class Manifest:
    content_version: str
    categories: list[dict]
    services: list[dict]
    guides: list[Guide]
    media: list[MediaFile]
    root: Path = DIST_DIR

    def media_path(self, sha256: str) -> Path | None:
        for item in self.media:
            if item.sha256 == sha256:
                return self.root / item.path
        return None

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("root")
        for guide in data["guides"]:
            for name in OPTIONAL_TEXTS:
                if not guide.get(name):
                    guide.pop(name, None)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Manifest(
        content_version=data["content_version"],
        categories=data["categories"],
        services=data["services"],
        guides=[Guide(**g) for g in data["guides"]],
        media=[MediaFile(**m) for m in data["media"]],
        root=Path(path).parent,
    )
