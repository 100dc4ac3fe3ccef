"""The device's local guide server (sharing over its hotspot, no internet), on loopback:
throughput serving a 10 MB video to 12 phones at once, and time to first byte of a guide page.

    .venv/bin/python bench/share_local.py
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "share"))

import mediafiles

from app.db import Store
from app.services import guides, opens
from content.manifest import MediaFile, load_manifest
from share.server import GuideShare

PHONES = 12
VIDEO_BYTES = 10 * 1024 * 1024
PAGE_REQUESTS = 200


def store_with_video(folder: Path) -> tuple[Store, str, str]:
    """The bundled guides, the first one's video replaced by a 10 MB MP4."""
    manifest = load_manifest()
    video = mediafiles.mp4(folder / "video.mp4", VIDEO_BYTES)
    sha = mediafiles.sha256(video)
    first = replace(
        manifest.guides[0], media={**manifest.guides[0].media, "video": sha}, version=99
    )
    media = [
        *(replace(m, path=str(manifest.root / m.path)) for m in manifest.media),
        MediaFile(sha256=sha, path=str(video), size=video.stat().st_size, mime="video/mp4"),
    ]
    bundle = replace(
        manifest,
        guides=[first, *manifest.guides[1:]],
        media=media,
        root=folder,
        content_version="bench-share",
    )
    store = Store(folder / "device.sqlite3")
    guides.import_manifest(store, bundle)
    return store, first.code, sha


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        store, code, sha = store_with_video(Path(temporary))
        size = guides.media_file(store, sha).stat().st_size
        with GuideShare(
            store, lambda c: opens.count_open(store, c), host="127.0.0.1", port=0
        ) as share:
            base = f"http://127.0.0.1:{share.port}"

            def download(_: int) -> str:
                digest = hashlib.sha256()
                with httpx.stream("GET", f"{base}/m/{sha}", timeout=60) as answer:
                    for chunk in answer.iter_bytes(65536):
                        digest.update(chunk)
                return digest.hexdigest()

            started = time.perf_counter()
            with ThreadPoolExecutor(PHONES) as pool:
                digests = list(pool.map(download, range(PHONES)))
            seconds = time.perf_counter() - started
            assert digests == [sha] * PHONES, "a phone got a different file"
            total = size * PHONES
            print(
                f"video {size / 1e6:.1f} MB to {PHONES} phones at once: {seconds:.2f} s, "
                f"{total / seconds / 1e6:.0f} MB/s in all ({total * 8 / seconds / 1e6:.0f} Mbit/s), every copy whole"
            )

            with httpx.Client(base_url=base) as client:
                first_bytes = []
                for _ in range(PAGE_REQUESTS):
                    started = time.perf_counter()
                    with client.stream("GET", f"/g/{code}") as answer:
                        for number, _chunk in enumerate(answer.iter_raw()):
                            if number == 0:
                                first_bytes.append(time.perf_counter() - started)
            ms = sorted(1000 * t for t in first_bytes)
            print(
                f"guide page, time to first byte over {PAGE_REQUESTS} requests: median {statistics.median(ms):.2f} ms, "
                f"p95 {ms[int(0.95 * len(ms)) - 1]:.2f} ms"
            )
        store.close()


if __name__ == "__main__":
    main()
