"""Media: fetched by SHA-256 through faults, resumed with Range after each break, verified,
renamed into place when whole; infographics first; videos of the least used guides left out
when the storage budget is short."""

from __future__ import annotations

from pathlib import Path

import pytest
from faultproxy import Fault
from sqlmodel import select
from synctest import FAST, new_device, publish_media_bundle

from app.models import MediaAsset
from app.services import guides, media_store, usage
from sync.client import ApiClient
from sync.engine import Sync
from sync.errors import MediaCorrupt
from sync.media import fetch, part_path

MEDIA = "/api/v1/media/"
VIDEO = 3 * 1024 * 1024


@pytest.fixture
def published(sqlite_settings, tmp_path):
    return publish_media_bundle(sqlite_settings, tmp_path / "bundle", VIDEO)


@pytest.fixture
def server(sqlite_settings, published):
    from synctest import LiveServer

    with LiveServer(sqlite_settings) as live:
        yield live


@pytest.fixture
def device(server, sqlite_settings, tmp_path):
    from synctest import seed_team

    team = seed_team(sqlite_settings).id
    made = new_device(tmp_path / "device", sqlite_settings, team, server.url)
    yield made
    made.close()


def _sync(device, url: str, **kwargs):
    client = ApiClient(url, device.tokens.read())
    result = Sync(device.store, client, backoff=FAST, **kwargs).run()
    client.close()
    return result


def test_a_video_cut_off_five_times_resumes_and_arrives_whole(server, device, published) -> None:
    from faultproxy import FaultProxy

    video = next(sha for sha in published.values() if sha)
    with FaultProxy(server.port) as proxy:
        proxy.inject(
            *[Fault("cut_response", MEDIA + video, after_bytes=VIDEO // 7) for _ in range(5)]
        )
        result = _sync(device, proxy.url)
        assert result.ok, result.error
        assert proxy.pending_faults() == 0
        downloaded = proxy.counters.bytes_down
    path = guides.media_file(device.store, video)
    assert (
        path is not None
        and path.stat().st_size == VIDEO
        and path == media_store.file_path(device.store, video)
    )
    assert not part_path(path).exists()
    # Each break cost only the bytes in flight: the whole download stays within 5 % of the files.
    files = sum(size for size in _sizes(device).values())
    assert downloaded < files * 1.05
    assert (
        result.media.files_done == result.media.files_total
        and result.media.bytes_done == result.media.bytes_total
    )


def _sizes(device) -> dict[str, int]:
    with device.store.session() as s:
        return {a.sha256: a.size for a in s.exec(select(MediaAsset)) if a.path}


def test_a_corrupt_partial_file_is_thrown_away_and_fetched_again(
    server, device, published, tmp_path
) -> None:
    _sync(device, server.url, media=False)
    video = next(sha for sha in published.values() if sha)
    target = tmp_path / "out" / video
    target.parent.mkdir()
    part_path(target).write_bytes(b"\0" * 1000)  # a partial file that went bad
    with ApiClient(server.url, device.tokens.read()) as client:
        with pytest.raises(MediaCorrupt):
            fetch(client, video, VIDEO, target)
        assert not part_path(target).exists() and not target.exists()
        fetch(client, video, VIDEO, target)
    assert target.stat().st_size == VIDEO


def test_a_guide_is_usable_with_its_text_and_infographic_before_its_video(
    server, device, published
) -> None:
    media_store.set_budget(device.store, 100_000)  # room for infographics only
    result = _sync(device, server.url)
    assert result.ok, result.error
    for code, video in published.items():
        guide = guides.get(device.store, code)
        assert guides.media_file(device.store, guide.infographic_sha256) is not None
        if video:
            assert guide.video_sha256 == video and guides.media_file(device.store, video) is None


def test_when_space_is_short_the_least_used_guides_lose_their_videos(tmp_path: Path) -> None:
    from app.db import Store
    from app.models import Guide

    store = Store(tmp_path / "cnscd.sqlite3")
    from content.manifest import load_manifest

    guides.import_manifest(store, load_manifest())
    codes = [g.code for g in guides.all_guides(store)][:3]
    media_store.media_dir(store).mkdir(parents=True)
    with store.session() as s:
        for n, code in enumerate(codes):
            sha = f"{n:064x}"
            path = media_store.file_path(store, sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"v" * 1000)
            s.add(MediaAsset(sha256=sha, mime="video/mp4", size=1000, path=str(path)))
            s.flush()
            guide = s.get(Guide, code)
            guide.video_sha256 = sha
            s.add(guide)
    for _ in range(3):
        usage.note_used(store, codes[2])
    usage.note_used(store, codes[0])
    media_store.set_budget(store, 2000)
    plan = media_store.plan(store, free_bytes=10**12)
    ours = {f"{n:064x}" for n in range(3)}  # the other guides' videos ship with the app and stay
    kept = {p.sha256 for p in plan.keep} & ours
    assert kept == {f"{2:064x}", f"{0:064x}"} and [p.sha256 for p in plan.to_remove] == [
        f"{1:064x}"
    ]
    # The disk filling up shrinks the budget too, whatever the setting says.
    media_store.set_budget(store, 10**9)
    tight = media_store.plan(store, free_bytes=media_store.RESERVE - 1000)
    assert [p.sha256 for p in tight.keep if p.sha256 in ours] == [f"{2:064x}", f"{0:064x}"]
    for item in plan.to_remove:
        media_store.remove(store, item.sha256)
    assert (
        guides.media_file(store, f"{1:064x}") is None
        and not media_store.file_path(store, f"{1:064x}").exists()
    )
    store.close()


CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:04.000
Mở ứng dụng VNeID.

00:00:04.500 --> 00:00:08.000
Bấm gửi yêu cầu.
"""


def test_the_captions_come_with_the_infographics_whatever_the_budget(
    sqlite_settings, tmp_path
) -> None:
    """The media plan puts a video's captions (a few hundred bytes) with the infographics, so a
    device with room for no video still has them, and its store names them for the guide."""
    from synctest import LiveServer, seed_team

    published = publish_media_bundle(
        sqlite_settings, tmp_path / "bundle", 200_000, captions=CAPTIONS
    )
    code, video = next((c, v) for c, v in published.items() if v)
    with LiveServer(sqlite_settings) as live:
        team = seed_team(sqlite_settings).id
        device = new_device(tmp_path / "device", sqlite_settings, team, live.url)
        try:
            media_store.set_budget(device.store, 100_000)  # no room for the video
            result = _sync(device, live.url)
            assert result.ok, result.error
            guide = guides.get(device.store, code)
            assert guide.video_sha256 == video and guides.media_file(device.store, video) is None
            path = guides.media_file(device.store, guide.captions_sha256)
            assert path is not None and path.read_text(encoding="utf-8") == CAPTIONS
            cues = guides.caption_cues(device.store, guide)
            assert [cue.text for cue in cues] == ["Mở ứng dụng VNeID.", "Bấm gửi yêu cầu."]
        finally:
            device.close()
