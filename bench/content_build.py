"""Content figures: the full build of every guide, household sheets for a village of 200
households, and the size of every published file.

    .venv/bin/python bench/content_build.py

The build runs into a temporary folder (content/dist is left as it is); the sheets come from a
real device store in a temporary folder, through the app's sheets service."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support import demo  # tests/support/demo.py: the demo commune's places

from app.db import Store
from app.services import areas, guides, households, sessions, sheets
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content import build
from content.manifest import load_manifest
from wire.clock import utcnow

HOUSEHOLDS = 200
TEAM = sheets.TeamContact("Tổ công nghệ số cộng đồng thôn 1, xã Quảng La", "0203 3123 456")
BASE_URL = "https://cnscd.example.vn"


def bench_build(folder: Path) -> tuple[float, Path]:
    dist = folder / "dist"
    started = time.perf_counter()
    manifest = build.build(dist)
    seconds = time.perf_counter() - started
    print(f"full content build: {len(manifest.guides)} guides, {len(manifest.media)} files in {seconds:.1f} s "
          f"({seconds / len(manifest.guides):.2f} s a guide)")
    return seconds, dist


def village_store(folder: Path) -> Store:
    """A device store with the built guides and one village of 200 households, each shared one to
    six guides over one or two sessions."""
    store = Store(folder / "bench.sqlite3")
    guides.import_manifest(store, load_manifest())
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    codes = [g.code for g in guides.all_guides(store)]
    rng = random.Random(3)
    now = utcnow()
    for n in range(HOUSEHOLDS):
        household = households.create(store, HouseholdInput(f"Hộ thử số {n + 1}", demo.VILLAGES[0].id, None, consent=True))
        for visit in range(rng.randint(1, 2)):
            sessions.record(store, SessionInput(
                household_id=household.id, services=["vneid_muc_2"], outcome="done_online", minutes=10,
                guides=rng.sample(codes, rng.randint(1, 3)), occurred_at=now - timedelta(days=visit + 1),
            ))
    return store


def bench_sheets(store: Store, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        pdf = sheets.village_sheets(store, demo.VILLAGES[0].id, TEAM, BASE_URL)
        times.append(time.perf_counter() - started)
    best = statistics.median(times)
    print(f"village batch of {HOUSEHOLDS} household sheets: {best:.2f} s, {best / HOUSEHOLDS * 1000:.1f} ms a page "
          f"(median of {rounds}; target under 100 ms), PDF {len(pdf) / 1e6:.2f} MB")
    started = time.perf_counter()
    poster = sheets.village_poster(store, demo.VILLAGES[0].id, TEAM, BASE_URL)
    print(f"village poster: {(time.perf_counter() - started) * 1000:.0f} ms, {len(poster) / 1000:.0f} KB")
    return best / HOUSEHOLDS


def sizes(dist: Path) -> None:
    manifest = load_manifest(dist / "manifest.json")
    by_guide: dict[str, dict[str, int]] = defaultdict(dict)
    size_of = {m.sha256: m.size for m in manifest.media}
    for guide in manifest.guides:
        for role, sha in guide.media.items():
            by_guide[guide.code][role] = size_of[sha]
    print(f"\n{'guide':<18}{'infographic':>14}{'video':>12}{'qr':>8}")
    for code in sorted(by_guide):
        row = by_guide[code]
        print(f"{code:<18}{row['infographic'] / 1000:>11.1f} KB{row['video'] / 1000:>9.1f} KB{row['qr']:>6} B")
    total = sum(m.size for m in manifest.media)
    infographics = [r["infographic"] for r in by_guide.values()]
    videos = [r["video"] for r in by_guide.values()]
    print(f"{'mean':<18}{statistics.mean(infographics) / 1000:>11.1f} KB{statistics.mean(videos) / 1000:>9.1f} KB")
    manifest_size = (dist / "manifest.json").stat().st_size
    print(f"total content: {total / 1e6:.2f} MB of media + {manifest_size / 1000:.0f} KB manifest "
          f"= {(total + manifest_size) / 1e6:.2f} MB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, dist = bench_build(folder)
        store = village_store(folder)
        try:
            bench_sheets(store)
        finally:
            store.close()
        sizes(dist)


if __name__ == "__main__":
    main()
