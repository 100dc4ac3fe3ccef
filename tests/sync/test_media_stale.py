"""Media of superseded guide versions do not stay on the phone (the real client and server):
after five versions of a guide's video and pictures, synced one after the other, the phone
holds the current files only; a file cut off mid-download of a version since superseded goes
too."""

from __future__ import annotations

from pathlib import Path

from faultproxy import Fault, FaultProxy
from synctest import FAST, LiveServer, new_device, publish_media_bundle, seed_team

from app.services import guides, media_store
from sync.client import ApiClient
from sync.engine import Sync
from sync.retry import Backoff

VIDEO = 512 * 1024


def _files(folder: Path) -> dict[str, int]:
    return (
        {p.name: p.stat().st_size for p in folder.rglob("*") if p.is_file()}
        if folder.is_dir()
        else {}
    )


def _sync(device, url: str, backoff: Backoff = FAST):
    with ApiClient(url, device.tokens.read()) as client:
        return Sync(device.store, client, backoff=backoff).run()


def test_five_versions_of_a_video_leave_only_the_current_files(sqlite_settings, tmp_path) -> None:
    published = publish_media_bundle(sqlite_settings, tmp_path / "v1", VIDEO, seed=1, version=1)
    with LiveServer(sqlite_settings) as live:
        device = new_device(
            tmp_path / "device", sqlite_settings, seed_team(sqlite_settings).id, live.url
        )
        assert _sync(device, live.url).ok
        folder = media_store.media_dir(device.store)
        for version in range(2, 6):
            published = publish_media_bundle(
                sqlite_settings, tmp_path / f"v{version}", VIDEO, seed=version, version=version
            )
            assert _sync(device, live.url).ok
        current = {
            sha
            for g in guides.all_guides(device.store)
            for sha in (g.infographic_sha256, g.video_sha256)
            if sha
        }
        held = _files(folder)
        assert set(held) == current  # nothing of versions 1 to 4
        assert next(sha for sha in published.values() if sha) in held
        device.close()


def test_a_part_of_a_superseded_video_is_removed(sqlite_settings, tmp_path) -> None:
    first = publish_media_bundle(sqlite_settings, tmp_path / "v1", VIDEO, seed=1, version=1)
    video = next(sha for sha in first.values() if sha)
    with LiveServer(sqlite_settings) as live, FaultProxy(live.port) as proxy:
        device = new_device(
            tmp_path / "device", sqlite_settings, seed_team(sqlite_settings).id, proxy.url
        )
        proxy.inject(
            Fault("cut_response", f"/api/v1/media/{video}", after_bytes=VIDEO // 3, times=5)
        )
        assert (
            _sync(device, proxy.url, Backoff(base=0.01, cap=0.01, attempts=1)).error.code
            == "network"
        )
        folder = media_store.media_dir(device.store)
        assert f"{video}.part" in _files(folder)
        proxy.clear()
        publish_media_bundle(sqlite_settings, tmp_path / "v2", VIDEO, seed=2, version=2)
        result = _sync(device, live.url)
        assert result.ok, result.error
        assert not any(name.startswith(video) for name in _files(folder))
        device.close()
