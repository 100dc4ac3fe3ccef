"""Keep going while progress is made (the real client and server, our proxy cutting the link):
a video cut off more times than a call has tries still arrives in the same sync, because each
cut brought bytes; a link that only ever dribbles still ends the sync within its bound, with
what arrived kept for the next one."""

from __future__ import annotations

from faultproxy import Fault, FaultProxy
from synctest import LiveServer, new_device, publish_media_bundle, seed_team

from app.services import media_store
from sync.client import ApiClient
from sync.engine import Sync
from sync.media import part_path
from sync.retry import Backoff

VIDEO = 2 * 1024 * 1024
THREE_TRIES = Backoff(base=0.01, cap=0.02, attempts=3)


def test_a_video_cut_more_often_than_a_call_has_tries_arrives_in_one_sync(
    sqlite_settings, tmp_path
) -> None:
    published = publish_media_bundle(sqlite_settings, tmp_path / "bundle", VIDEO)
    video = next(sha for sha in published.values() if sha)
    with LiveServer(sqlite_settings) as live, FaultProxy(live.port) as proxy:
        device = new_device(
            tmp_path / "device", sqlite_settings, seed_team(sqlite_settings).id, proxy.url
        )
        proxy.inject(
            *[
                Fault("cut_response", f"/api/v1/media/{video}", after_bytes=VIDEO // 12)
                for _ in range(9)
            ]
        )
        with ApiClient(proxy.url, device.tokens.read()) as client:
            result = Sync(device.store, client, backoff=THREE_TRIES).run()
        assert result.ok, result.error
        assert proxy.pending_faults() == 0  # nine cuts met, three tries a call
        assert media_store.file_path(device.store, video).stat().st_size == VIDEO
        device.close()


def test_a_link_that_only_dribbles_ends_the_sync_within_its_bound(
    sqlite_settings, tmp_path
) -> None:
    published = publish_media_bundle(sqlite_settings, tmp_path / "bundle", VIDEO)
    video = next(sha for sha in published.values() if sha)
    with LiveServer(sqlite_settings) as live, FaultProxy(live.port) as proxy:
        device = new_device(
            tmp_path / "device", sqlite_settings, seed_team(sqlite_settings).id, proxy.url
        )
        proxy.inject(
            Fault("cut_response", f"/api/v1/media/{video}", after_bytes=2048, times=100_000)
        )
        with ApiClient(proxy.url, device.tokens.read()) as client:
            result = Sync(device.store, client, backoff=THREE_TRIES, patience=0.5).run()
        assert result.error is not None and result.error.code == "network"
        target = media_store.file_path(device.store, video)
        assert (
            not target.exists() and part_path(target).stat().st_size > 0
        )  # kept for the next sync
        device.close()
