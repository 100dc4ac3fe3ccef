"""Media files on the device: which ones to fetch, in what order, and which videos to leave
out when space is short.

A guide is usable as soon as its text and infographic are on the device, so infographics (and
the videos' captions, a few KB each) come first, always. Videos follow, most used guide first
(app/services/usage.py), as long as they fit the storage budget: the smaller of the
volunteer's setting and what the disk can spare (what our media already take plus the free
space, less a reserve for the phone itself).
Videos of the least used guides that no longer fit are removed, and so, after each sync, is
every file no guide uses any more (those of superseded guide versions, and broken-off parts of
them): a cheap phone's storage is small. Files that ship with the app (the bundled content)
are never removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import select

from app.db import Store
from app.models import Guide, GuideUsage, MediaAsset
from app.services import settings

BUDGET_KEY = "media_budget_bytes"
DEFAULT_BUDGET = 500 * 1024 * 1024
RESERVE = 200 * 1024 * 1024  # free space left for the phone's own needs


@dataclass(frozen=True)
class Planned:
    sha256: str
    size: int
    mime: str
    role: str  # "infographic", "captions" or "video"
    whole: bool  # already on the device


@dataclass(frozen=True)
class MediaPlan:
    keep: list[Planned] = field(default_factory=list)  # wanted, in fetch order
    left_out: list[Planned] = field(default_factory=list)  # videos that do not fit
    budget: int = 0

    @property
    def to_fetch(self) -> list[Planned]:
        return [p for p in self.keep if not p.whole]

    @property
    def to_remove(self) -> list[Planned]:
        return [p for p in self.left_out if p.whole]


def budget(store: Store) -> int:
    return int(settings.get(store, BUDGET_KEY) or DEFAULT_BUDGET)


def set_budget(store: Store, size: int) -> None:
    if size < 0:
        raise ValueError("a storage budget cannot be negative")
    settings.put(store, BUDGET_KEY, str(size))


def media_dir(store: Store) -> Path:
    """Where downloaded media live: beside the database."""
    return store.path.parent / "media"


def file_path(store: Store, sha256: str) -> Path:
    return media_dir(store) / sha256[:2] / sha256


def plan(store: Store, free_bytes: int) -> MediaPlan:
    """What to fetch and what to leave out, given the disk's free space now."""
    ours = media_dir(store)
    with store.session() as session:
        assets = {a.sha256: a for a in session.exec(select(MediaAsset))}
        guides = list(session.exec(select(Guide)))
        uses = {
            u.code: (u.uses, u.last_used_at.isoformat() if u.last_used_at else "")
            for u in session.exec(select(GuideUsage))
        }
    guides.sort(key=lambda g: (uses.get(g.code, (0, "")), g.code), reverse=True)  # most used first

    def planned(sha: str | None, role: str) -> Planned | None:
        asset = assets.get(sha) if sha else None
        if asset is None:
            return None
        return Planned(
            asset.sha256,
            asset.size,
            asset.mime,
            role,
            bool(asset.path) and Path(asset.path).is_file(),
        )

    def removable(item: Planned) -> bool:
        path = assets[item.sha256].path
        return bool(path) and Path(path).is_relative_to(ours)

    infographics = _unique(
        [
            *(planned(g.infographic_sha256, "infographic") for g in guides),
            *(planned(g.captions_sha256, "captions") for g in guides),
        ]
    )
    videos = _unique(planned(g.video_sha256, "video") for g in guides)

    def shipped(item: Planned) -> bool:  # part of the app: costs the budget nothing
        return item.whole and not removable(item)

    held = sum(p.size for p in [*infographics, *videos] if p.whole and removable(p))
    limit = min(budget(store), held + free_bytes - RESERVE)
    used = sum(p.size for p in infographics if not shipped(p))
    keep, left_out = list(infographics), []
    for video in videos:
        if shipped(video):
            keep.append(video)
        elif used + video.size <= limit:
            keep.append(video)
            used += video.size
        else:
            left_out.append(video)
    return MediaPlan(keep=keep, left_out=left_out, budget=max(limit, 0))


def _unique(items) -> list[Planned]:
    seen: dict[str, Planned] = {}
    for item in items:
        if item is not None and item.sha256 not in seen:
            seen[item.sha256] = item
    return list(seen.values())


def mark_whole(store: Store, sha256: str, path: Path) -> None:
    """The file is on the device, checked against its SHA-256."""
    with store.session() as session:
        asset = session.get(MediaAsset, sha256)
        if asset is not None:
            asset.path = str(path)
            session.add(asset)


def remove(store: Store, sha256: str) -> None:
    """Take a downloaded file off the device (it no longer fits the budget)."""
    with store.session() as session:
        asset = session.get(MediaAsset, sha256)
        if asset is None or not asset.path:
            return
        path = Path(asset.path)
        asset.path = None
        session.add(asset)
    path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Pruned:
    files: int = 0
    bytes: int = 0


def prune(store: Store) -> Pruned:
    """Remove the media no guide uses any more (files of superseded guide versions, their
    broken-off parts, files no record points to) from the device; the bundled ones stay."""
    ours = media_dir(store)
    with store.session() as session:
        used = {
            sha
            for g in session.exec(select(Guide))
            for sha in (g.infographic_sha256, g.video_sha256, g.captions_sha256)
            if sha
        }
        unused = [a for a in session.exec(select(MediaAsset)) if a.sha256 not in used]
        kept_elsewhere = {
            a.sha256 for a in unused if a.path and not Path(a.path).is_relative_to(ours)
        }
        for asset in unused:
            if asset.sha256 not in kept_elsewhere:
                session.delete(asset)
        known = {a.sha256 for a in session.exec(select(MediaAsset))} - {a.sha256 for a in unused}
    files = size = 0
    if ours.is_dir():
        for path in ours.rglob("*"):
            sha = path.name.removesuffix(".part")
            if path.is_file() and sha not in known and sha not in kept_elsewhere:
                size += path.stat().st_size
                path.unlink(missing_ok=True)
                files += 1
    return Pruned(files, size)
