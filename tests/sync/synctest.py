"""Helpers for the sync tests and benchmarks: the real central API under uvicorn on a loopback
port (restartable, on the same port), a team seeded through the server's own services, and
devices — real SQLite stores — enrolled through the real client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select
from support import demo, liveserver

from app.db import Store
from app.services import areas, guides
from content.manifest import load_manifest
from server.core.config import Settings
from server.core.db import make_engine, session_scope
from server.main import create_app
from server.models import Area, HelpSession, Household, HouseholdErasure, Team
from server.services import enrolment
from sync.enrol import enrol
from sync.retry import Backoff
from sync.tokens import FileTokenStore

FAST = Backoff(base=0.01, cap=0.05, attempts=8)  # retries without the waiting, for tests


class LiveServer(liveserver.LiveServer):
    """The central API of `settings`; a restart serves a new app (new engine, no memory of the
    last one)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(lambda: create_app(settings, run_migrations=False))
        self.settings = settings


@dataclass
class Team_:
    id: int
    commune_id: str


def seed_team(settings: Settings, name: str = "Tổ CNSCĐ Quảng La") -> Team_:
    """The demo commune's places (the same ids the app's demo uses) and a team there."""
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        for area in (demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES):
            if s.get(Area, area.id) is None:
                s.add(Area(id=area.id, parent_id=area.parent_id, level=area.level, name=area.name))
                s.flush()
        team = Team(commune_id=demo.COMMUNE.id, name=name)
        s.add(team)
        s.flush()
        made = Team_(team.id, team.commune_id)
    engine.dispose()
    return made


def enrolment_code(settings: Settings, team_id: int) -> str:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        code = enrolment.issue_code(s, s.get(Team, team_id), timedelta(hours=1), "cli", None).code
    engine.dispose()
    return code


@dataclass
class Device:
    store: Store
    tokens: FileTokenStore
    folder: Path

    def close(self) -> None:
        self.store.close()


def new_device(
    folder: Path, settings: Settings, team_id: int, server_url: str, name: str = "Máy thử"
) -> Device:
    """A device store like a fresh install (bundled guides, the demo commune's places),
    enrolled with the team through the real client."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / "cnscd.sqlite3")
    guides.import_manifest(store, load_manifest())
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    tokens = FileTokenStore(folder / "device-token")
    enrol(store, tokens, name, code=enrolment_code(settings, team_id), server_url=server_url)
    return Device(store, tokens, folder)


def server_rows(engine, model) -> list:
    with Session(engine) as s:
        return list(s.exec(select(model)))


def server_counts(engine) -> tuple[int, int, int]:
    return tuple(len(server_rows(engine, m)) for m in (Household, HelpSession, HouseholdErasure))  # type: ignore[return-value]


def publish_media_bundle(
    settings: Settings,
    root: Path,
    video_size: int = 3 * 1024 * 1024,
    seed: int = 1,
    version: int = 1,
    captions: str = "",
) -> dict[str, str]:
    """Publish the real guides with media: a small infographic each and, for the first guide,
    a video of `video_size` incompressible bytes (and, given `captions`, that WebVTT text as
    its captions), all as version `version` past the bundled one (a new version needs a new
    seed: other bytes). Answers {guide code: video sha256}."""
    import hashlib
    import random
    from dataclasses import replace

    from content.manifest import MediaFile
    from server.services.content import publish_bundle

    manifest = load_manifest()
    (root / "media").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    media, guides_, videos = [], [], {}
    for index, guide in enumerate(manifest.guides):
        files = {"infographic": (f"{guide.code}.png", rng.randbytes(20_000 + index), "image/png")}
        if index == 0:
            files["video"] = (f"{guide.code}.mp4", rng.randbytes(video_size), "video/mp4")
            if captions:
                files["captions"] = (f"{guide.code}.vtt", captions.encode("utf-8"), "text/vtt")
        roles = {}
        for role, (name, data, mime) in files.items():
            (root / "media" / name).write_bytes(data)
            sha = hashlib.sha256(data).hexdigest()
            media.append(MediaFile(sha256=sha, path=f"media/{name}", size=len(data), mime=mime))
            roles[role] = sha
        videos[guide.code] = roles.get("video", "")
        guides_.append(replace(guide, version=guide.version + version, media=roles))
    bundle = replace(
        manifest, guides=guides_, media=media, root=root, content_version=f"test-{seed}"
    )
    (root / "manifest.json").write_text(bundle.to_json(), encoding="utf-8")
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        publish_bundle(s, settings.media_dir, root, "cli")
    engine.dispose()
    return videos
