"""Extra bytes spent fetching a 20 MB video whose download is cut off five times: each try
resumes with an HTTP Range from the bytes already on the device. Measured through our proxy,
requests and responses with their HTTP headers (target: under 5 % over the file's size).

    .venv/bin/python bench/sync_resume.py
"""

from __future__ import annotations

from sync_common import FAST, Fault, bench, publish_media_bundle

from app.services import media_store
from sync.client import ApiClient
from sync.engine import Sync
from sync.media import fetch
from sync.retry import with_retries

SIZE = 20 * 1024 * 1024
CUTS = 5


def main() -> None:
    with bench() as b:
        videos = publish_media_bundle(b.settings, b.folder / "bundle", SIZE)
        video = next(sha for sha in videos.values() if sha)
        device = b.device()
        with ApiClient(b.proxy.url, device.tokens.read()) as client:
            assert (
                Sync(device.store, client, media=False).run().ok
            )  # the media list comes with the pull
            # Cut at uneven points across the file, as a weak signal would.
            for n in range(CUTS):
                b.proxy.inject(
                    Fault(
                        "cut_response",
                        f"/api/v1/media/{video}",
                        after_bytes=SIZE // (CUTS + 2) + n * 997,
                    )
                )
            b.proxy.reset_counters()
            target = media_store.file_path(device.store, video)
            with_retries(lambda: fetch(client, video, SIZE, target), FAST)
        c = b.proxy.counters
        assert target.stat().st_size == SIZE and b.proxy.pending_faults() == 0
        extra = c.total - SIZE
        print(f"video: {SIZE} bytes, cut off {CUTS} times, {c.requests} requests")
        print(f"on the wire: {c.total} bytes (up {c.bytes_up}, down {c.bytes_down})")
        print(
            f"extra: {extra} bytes = {100 * extra / SIZE:.3f} % over the file's size - target < 5 %"
        )


if __name__ == "__main__":
    main()
