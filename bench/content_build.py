"""Content figures: the full build of every guide, household sheets for a village of 200
households, and the size of every published file: for each guide what a household's phone
fetches to see it all (the public page's HTML, the infographic, the narrated video and its
captions), and how much of that the narration is (the video's AAC track and the captions).

    .venv/bin/python bench/content_build.py [--no-sheets]

`--no-sheets` leaves out the sheets (where both QR decoders are installed, each page is read
back at 150 dpi, about 3 s a page, so the batch of 200 takes half an hour).

The build runs into a temporary folder (content/dist is left as it is); the sheets come from a
real device store in a temporary folder, through the app's sheets service."""

from __future__ import annotations

import io
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
from content import build, public_page
from content.manifest import load_manifest
from wire.clock import utcnow

HOUSEHOLDS = 200
TEAM = sheets.TeamContact("Tổ công nghệ số cộng đồng thôn 1, xã Quảng La", "0203 3123 456")
BASE_URL = "https://huongdan.quangninh.gov.vn"


def bench_build(folder: Path) -> tuple[float, Path]:
    dist = folder / "dist"
    started = time.perf_counter()
    manifest = build.build(dist, base_url=BASE_URL)  # as a province builds it, QR codes and all
    seconds = time.perf_counter() - started
    print(
        f"full content build: {len(manifest.guides)} guides, {len(manifest.media)} files in {seconds:.1f} s "
        f"({seconds / len(manifest.guides):.2f} s a guide)"
    )
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
        household = households.create(
            store, HouseholdInput(f"Hộ thử số {n + 1}", demo.VILLAGES[0].id, None, consent=True)
        )
        for visit in range(rng.randint(1, 2)):
            sessions.record(
                store,
                SessionInput(
                    household_id=household.id,
                    services=["vneid_muc_2"],
                    outcome="done_online",
                    minutes=10,
                    guides=rng.sample(codes, rng.randint(1, 3)),
                    occurred_at=now - timedelta(days=visit + 1),
                ),
            )
    return store


def bench_sheets(store: Store, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        pdf = sheets.village_sheets(store, demo.VILLAGES[0].id, TEAM, BASE_URL)
        times.append(time.perf_counter() - started)
    best = statistics.median(times)
    print(
        f"village batch of {HOUSEHOLDS} household sheets: {best:.2f} s, {best / HOUSEHOLDS * 1000:.1f} ms a page "
        f"(median of {rounds}; target under 100 ms), PDF {len(pdf) / 1e6:.2f} MB"
    )
    started = time.perf_counter()
    poster = sheets.village_poster(store, demo.VILLAGES[0].id, TEAM, BASE_URL)
    print(
        f"village poster: {(time.perf_counter() - started) * 1000:.0f} ms, {len(poster) / 1000:.0f} KB"
    )
    return best / HOUSEHOLDS


def _voice_bytes(video: bytes) -> int:
    """The bytes of an MP4's sound track (its AAC packets)."""
    import av

    with av.open(io.BytesIO(video)) as container:
        return sum(p.size for p in container.demux(audio=0) if p.size)


def _spread(values: list[int], unit: float = 1000, suffix: str = "KB") -> str:
    places = 1 if unit > 1 else 0
    return (
        f"{min(values) / unit:,.{places}f}–{max(values) / unit:,.{places}f} {suffix} "
        f"(mean {statistics.mean(values) / unit:,.{places}f})"
    )


def sizes(dist: Path) -> None:
    manifest = load_manifest(dist / "manifest.json")
    size_of = {m.sha256: m.size for m in manifest.media}
    rows: dict[str, dict[str, int]] = defaultdict(dict)
    for guide in manifest.guides:
        row = rows[guide.code]
        for role, sha in guide.media.items():
            row[role] = size_of[sha]
        video = manifest.media_path(guide.media["video"]).read_bytes()
        row["voice"] = _voice_bytes(video)
        page = public_page.page_from_manifest(guide, lambda sha: f"/api/v1/media/{sha}")
        row["html"] = len(public_page.render_guide(page).encode("utf-8"))
        row["page"] = row["html"] + row["infographic"] + row["video"] + row.get("captions", 0)
    print(
        f"\n{'guide':<18}{'page':>10}{'html':>8}{'infographic':>13}{'video':>10}{'voice':>10}"
        f"{'captions':>10}{'qr':>7}"
    )
    for code in sorted(rows):
        r = rows[code]
        print(
            f"{code:<18}{r['page'] / 1000:>7.0f} KB{r['html']:>7} B{r['infographic'] / 1000:>10.1f} KB"
            f"{r['video'] / 1000:>7.0f} KB{r['voice'] / 1000:>7.0f} KB{r.get('captions', 0):>8} B"
            f"{r['qr']:>5} B"
        )
    column = {
        key: [r.get(key, 0) for r in rows.values()]
        for key in ("page", "html", "infographic", "video", "voice", "captions", "qr")
    }
    print(f"\nper guide, min–max (mean), {len(rows)} guides:")
    print(
        f"  a guide's page in all (HTML + infographic + video + captions): {_spread(column['page'])}"
    )
    print(
        f"  HTML {_spread(column['html'], 1, 'B')}; infographic {_spread(column['infographic'])}; "
        f"video {_spread(column['video'])}; QR < {max(column['qr']) / 1000:.1f} KB"
    )
    narration = [v + c for v, c in zip(column["voice"], column["captions"], strict=True)]
    share = [n / p for n, p in zip(narration, column["page"], strict=True)]
    print(
        f"  narration adds {_spread(narration)}: the voice {_spread(column['voice'])} and the "
        f"captions {_spread(column['captions'], 1, 'B')}; {min(share):.0%}–{max(share):.0%} "
        f"(mean {statistics.mean(share):.0%}) of a page"
    )
    total = sum(m.size for m in manifest.media)
    manifest_size = (dist / "manifest.json").stat().st_size
    print(
        f"total content: {total / 1e6:.2f} MB of media + {manifest_size / 1000:.0f} KB manifest "
        f"= {(total + manifest_size) / 1e6:.2f} MB"
    )


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, dist = bench_build(folder)
        if "--no-sheets" not in argv:
            store = village_store(folder)
            try:
                bench_sheets(store)
            finally:
                store.close()
        sizes(dist)


if __name__ == "__main__":
    main(sys.argv[1:])
