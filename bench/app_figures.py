"""Field app figures on a well-used phone's data: 200 guides and 10,000 households (with
20,000 help sessions) in the device store.

    .venv/bin/python bench/app_figures.py

- cold start: a fresh Python process opens the store, checks the content and builds the
  library screen's controls (the Python side of the app's start, as launcher.cli does it, without
  a Flutter client); measured from the parent, so interpreter start and imports count. The
  operating system's file cache is warm after the first run, as on a phone used every day.
- household search: households.search with what a volunteer types (a few letters of the
  head's name, without diacritics), and the households screen answering the same.
- recording a session: sessions.record (validation, the record and its outbox entry in one
  transaction) and the whole record form's save.

The data are made through the services in a temporary folder (about a minute, once per run).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support import demo  # tests/support/demo.py: the demo commune's places and names

from app.config import Settings
from app.db import Store
from app.services import areas, guides, households, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from app.text import fold
from content.manifest import Manifest, load_manifest
from wire.clock import utcnow

GUIDES = 200
HOUSEHOLDS = 10_000
SESSIONS_EACH = 2
COLD_STARTS = 7
SEARCHES = 300
RECORDS = 500

# What the child process does: the app's start up to the library screen's controls, on a Flet
# page with no client (tests/support/fletpage.py).
COLD_START = """
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from support.fletpage import PageWithoutClient
from app.config import Settings
from app.db import Store
from app.services import guides
from content.manifest import load_manifest
from launcher.device import HotspotSharing, RunnerSync
from sync.runner import SyncRunner
from sync.tokens import default_token_store
from views.shell import Shell
folder = Path(sys.argv[1])
store = Store(folder / "cnscd.sqlite3")
guides.import_manifest(store, load_manifest(folder / "manifest.json"))
page = PageWithoutClient()
sync = RunnerSync(store, SyncRunner(store, default_token_store(folder)))
shell = Shell(store, Settings(data_dir=folder, public_base_url="https://huongdan.quangninh.gov.vn"),
              page.page, sync, HotspotSharing(store))
assert len(shell.top.results.controls) > {guides}
"""


def big_manifest(folder: Path) -> Manifest:
    """The bundled guides, copied under new codes until there are GUIDES of them (same
    categories, services, steps and media), written beside the store."""
    bundled = load_manifest()
    made = []
    for n in range(GUIDES):
        g = bundled.guides[n % len(bundled.guides)]
        made.append(
            replace(
                g,
                code=f"{g.code}-{n:03d}",
                title=f"{g.title} ({n})",
                title_en=f"{g.title_en} ({n})",
            )
        )
    manifest = replace(bundled, guides=made, content_version="bench-200", root=folder)
    (folder / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    # The media stay where the content build put them.
    for item in bundled.media:
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(bundled.root / item.path)
    return manifest


def fill(folder: Path) -> Store:
    store = Store(folder / "cnscd.sqlite3")
    guides.import_manifest(store, big_manifest(folder))
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    rng = random.Random(10)
    services = [s.code for s in guides.services(store)]
    codes = [g.code for g in guides.all_guides(store)]
    now = utcnow()
    started = time.perf_counter()
    for n in range(HOUSEHOLDS):
        name = f"{rng.choice(demo.FAMILY)} {rng.choice(demo.MIDDLE)} {rng.choice(demo.GIVEN)}"
        household = households.create(
            store, HouseholdInput(name, rng.choice(demo.VILLAGES).id, consent=True)
        )
        for _ in range(SESSIONS_EACH):
            outcome = rng.choice(["done_online", "done_online", "follow_up", "referred"])
            sessions.record(
                store,
                SessionInput(
                    household_id=household.id,
                    services=rng.sample(services, rng.randint(1, 2)),
                    guides=rng.sample(codes, rng.randint(0, 2)),
                    outcome=outcome,
                    minutes=rng.choice([5, 10, 15, 20]),
                    follow_up_on=(now + timedelta(days=rng.randint(0, 20))).date()
                    if outcome == "follow_up"
                    else None,
                    occurred_at=now
                    - timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600)),
                ),
            )
        if n % 2000 == 1999:
            print(f"  … {n + 1} households", flush=True)
    print(f"data made through the services in {time.perf_counter() - started:.0f} s")
    return store


def ms(seconds: list[float]) -> str:
    cut = sorted(seconds)
    return (
        f"median {statistics.median(cut) * 1000:.1f} ms, p95 {cut[int(len(cut) * 0.95)] * 1000:.1f} ms, "
        f"max {cut[-1] * 1000:.1f} ms"
    )


def bench_cold_start(folder: Path) -> list[float]:
    times = []
    for _ in range(COLD_STARTS):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", COLD_START.format(guides=GUIDES), str(folder)],
            cwd=ROOT,
            check=True,
        )
        times.append(time.perf_counter() - started)
    return times


def app_shell(store: Store, folder: Path) -> tuple[object, object]:
    """The app's Shell as launcher.web starts it for a page, on a page with no client; and that
    page, to keep while the Shell is used (the page holds its session weakly)."""
    from support.fletpage import PageWithoutClient

    from launcher.device import HotspotSharing, RunnerSync
    from sync.runner import SyncRunner
    from sync.tokens import default_token_store
    from views.shell import Shell

    page = PageWithoutClient()
    sync = RunnerSync(store, SyncRunner(store, default_token_store(folder)))
    shell = Shell(
        store,
        Settings(data_dir=folder, public_base_url="https://huongdan.quangninh.gov.vn"),
        page.page,
        sync,
        HotspotSharing(store),
    )
    return shell, page


def bench_search(store: Store, folder: Path) -> tuple[list[float], list[float], list[int]]:
    from views.households import HouseholdsScreen

    rng = random.Random(11)
    queries = []  # a family and middle name, a given name, the first letters of a name
    for _ in range(SEARCHES // 3):
        queries += [
            f"{rng.choice(demo.FAMILY)} {rng.choice(demo.MIDDLE)}",
            rng.choice(demo.GIVEN),
            f"{rng.choice(demo.MIDDLE)} {rng.choice(demo.GIVEN)}"[:6],
        ]

    service, found = [], []
    for query in queries:
        typed = fold(query)  # typed without diacritics
        started = time.perf_counter()
        result = households.search(store, typed)
        service.append(time.perf_counter() - started)
        found.append(len(result))
    shell, _page = app_shell(store, folder)
    shell.go("households")
    screen = shell.top
    assert isinstance(screen, HouseholdsScreen)
    view = []
    for query in queries:
        screen.search.value = fold(query)
        started = time.perf_counter()
        screen.on_search()
        view.append(time.perf_counter() - started)
    return service, view, found


def bench_record(store: Store, folder: Path) -> tuple[list[float], list[float]]:
    from views.session import SessionScreen

    rng = random.Random(12)
    services = [s.code for s in guides.services(store)]
    targets = households.search(store, "", limit=RECORDS)
    service = []
    for household in targets:
        data = SessionInput(
            household_id=household.id,
            services=rng.sample(services, 2),
            outcome="done_online",
            minutes=10,
            guides=[],
            note="Đã hướng dẫn cài VNeID.",
        )
        started = time.perf_counter()
        sessions.record(store, data)
        service.append(time.perf_counter() - started)
    shell, _page = app_shell(store, folder)
    form_save = []
    for household in targets[:100]:
        shell.go("session")
        form = shell.top
        assert isinstance(form, SessionScreen)
        form.choose_household(household.id)
        form.toggle_service(services[0])
        form.choose_outcome("done_online")
        started = time.perf_counter()
        form.save()
        form_save.append(time.perf_counter() - started)
        assert form.saved_id
    return service, form_save


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cnscd-bench-") as tmp:
        folder = (
            Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp)
        )  # a folder to keep the data in
        if (folder / "cnscd.sqlite3").exists():
            print(f"Using the data in {folder}")
            store = Store(folder / "cnscd.sqlite3")
        else:
            print(
                f"Making {GUIDES} guides, {HOUSEHOLDS} households and {HOUSEHOLDS * SESSIONS_EACH} sessions …",
                flush=True,
            )
            folder.mkdir(parents=True, exist_ok=True)
            store = fill(folder)
        size = (folder / "cnscd.sqlite3").stat().st_size / 1e6
        store.close()
        cold = bench_cold_start(folder)
        print(
            f"cold start to the library's controls ({GUIDES} guides, {HOUSEHOLDS} households, "
            f"{size:.1f} MB store), {COLD_STARTS} runs: median {statistics.median(cold):.2f} s, "
            f"max {max(cold):.2f} s (target < 1 s)"
        )
        store = Store(folder / "cnscd.sqlite3")
        service, view, found = bench_search(store, folder)
        print(
            f"household search, {len(service)} queries over {HOUSEHOLDS} households "
            f"(median {statistics.median(found):.0f} found): {ms(service)} (target median < 20 ms)"
        )
        print(f"households screen answering the same queries: {ms(view)}")
        recorded, saved = bench_record(store, folder)
        print(
            f"recording a session (sessions.record with its outbox entry), {len(recorded)} runs: "
            f"{ms(recorded)} (target median < 5 ms)"
        )
        print(f"the record form's save, {len(saved)} runs: {ms(saved)}")
        store.close()
        print(
            json.dumps(
                {
                    "cold_start_s": statistics.median(cold),
                    "search_ms": statistics.median(service) * 1000,
                    "record_ms": statistics.median(recorded) * 1000,
                }
            )
        )


if __name__ == "__main__":
    main()
