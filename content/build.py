"""The content build: guide sources in, content/dist/ out (manifest first; media renderers
are added per kind). Run: python -m content.build"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import asdict
from pathlib import Path

from content.catalog import Catalog, ContentError, load_catalog
from content.manifest import DIST_DIR, Manifest, ManifestGuide


def content_version(catalog: Catalog) -> str:
    """Changes whenever any guide's text, version or media would change."""
    digest = hashlib.sha256(repr(catalog).encode("utf-8")).hexdigest()
    return digest[:16]


def build(dist: Path = DIST_DIR) -> Manifest:
    catalog = load_catalog()
    dist.mkdir(parents=True, exist_ok=True)
    guides = [
        ManifestGuide(
            code=g.code,
            category=g.category,
            title=g.title,
            title_en=g.title_en,
            summary=g.summary,
            services=list(g.services),
            version=g.version,
            updated_on=g.updated.isoformat(),
            source=g.source,
            varies_by_province=g.varies_by_province,
            steps=[asdict(step) for step in g.steps],
        )
        for g in catalog.guides
    ]
    manifest = Manifest(
        content_version=content_version(catalog),
        categories=[asdict(c) for c in catalog.categories],
        services=[asdict(s) for s in catalog.services],
        guides=guides,
        media=[],
        root=dist,
    )
    (dist / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def main() -> int:
    try:
        manifest = build()
    except ContentError as exc:
        print(f"content build failed: {exc}", file=sys.stderr)
        return 1
    print(f"built {len(manifest.guides)} guides, content version {manifest.content_version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
