"""The guide editor's preview build: how long the background job takes to render a three-step
guide (one step recorded, two said by espeak-ng) into its QR, infographic, narrated video and
captions, and how large the files are, on SQLite in a temporary folder.

    .venv/bin/python bench/editor_preview.py [--runs 3]

Each run builds a fresh draft through the editor's own service (server.services.editor), the
job waited for as the page waits for it; the median and the slowest run are printed."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server")]

from editortest import GUIDE, SERVICES, STEPS, record, staff

from server.core.db import make_engine, migrate, session_scope
from server.models import Area, GuideDraft
from server.services import editor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="cnscd-bench-editor-") as work:
        root = Path(work)
        url = f"sqlite:///{root / 'server.sqlite3'}"
        migrate(url)
        engine = make_engine(url)
        with session_scope(engine) as s:
            s.add(Area(id="qn", level="province", name="Tỉnh Quảng Ninh"))
            s.flush()
            writer = staff(s, "writer", "content_staff", "qn", "-")
        data = record(root / "buoc-1.ogg", 4.0).read_bytes()
        recording = editor.check_recording(data)
        editor.keep_recording(root, data, recording)
        seconds, sizes = [], 0
        for run in range(runs):
            with session_scope(engine) as s:
                draft = editor.create_draft(s, writer, f"bench-{run}", None, GUIDE, SERVICES)
                for number, step in enumerate(STEPS):
                    editor.save_step(
                        s, writer, draft, None, step, recording if number == 0 else None
                    )
                draft_id = draft.id
            started = time.perf_counter()
            editor.start_build(engine, root, "https://cnscd.tinh-thu.vn", writer, draft_id)
            editor._JOBS.submit(lambda: None).result()
            seconds.append(time.perf_counter() - started)
            with session_scope(engine) as s:
                built = s.get(GuideDraft, draft_id)
                if built.status != "built":
                    raise SystemExit(built.build_error)
            bundle = editor.build_dir(root, draft_id) / "bundle" / "media"
            sizes = sum(p.stat().st_size for p in bundle.iterdir())
        engine.dispose()
    print(
        f"editor preview build, three steps (one recorded): median {statistics.median(seconds):.1f} s, "
        f"slowest {max(seconds):.1f} s over {runs} runs; media {sizes / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
