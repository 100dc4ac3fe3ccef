"""One sync, start to end: push the outbox, pull the changes, fetch the media.

Push: outbox entries oldest first, in gzip JSON batches (100 by default). An entry leaves the
outbox only when the server confirmed its id and its version did not change meanwhile; an edit
made while the batch was in flight is pushed again in the next batch. Network faults, 5xx and
429 are retried with backoff; another 4xx stops the batch, and the reason is recorded.
Pull: pages after the stored cursor until `more` is false, each applied in one transaction with
its cursor. Media: infographics first, then videos within the storage budget, resumed after
a break and checked against their SHA-256.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.db import Store
from app.models import OutboxEntry
from app.services import media_store, outbox, pulled, pushed, sync_state
from sync.client import ApiClient
from sync.errors import DeviceRevoked, Rejected, SyncError
from sync.media import fetch, part_path
from sync.retry import Backoff, with_retries
from wire.records import PushRecord
from wire.rules import RuleBroken

log = logging.getLogger("cnscd.sync")
BATCH_SIZE = 100


@dataclass
class MediaProgress:
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass
class SyncResult:
    pushed: int = 0  # outbox entries settled
    pulled_pages: int = 0
    households: int = 0  # households and sessions changed by the pull
    sessions: int = 0
    media_fetched: int = 0
    media: MediaProgress = field(default_factory=MediaProgress)
    error: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Sync:
    """A sync of one store against one server. `phase` and `media` are read by the runner
    while it runs."""

    def __init__(self, store: Store, client: ApiClient, backoff: Backoff | None = None, batch_size: int = BATCH_SIZE,
                 stop: threading.Event | None = None, on_change: Callable[[], None] | None = None,
                 free_bytes: Callable[[], int] | None = None, media: bool = True) -> None:
        self.store, self.client = store, client
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.stop = stop or threading.Event()
        self.on_change = on_change or (lambda: None)
        self.free_bytes = free_bytes or (lambda: _free_bytes(media_store.media_dir(store)))
        self.with_media = media
        self.phase = "idle"
        self.result = SyncResult()

    def run(self) -> SyncResult:
        sync_state.attempted(self.store)
        try:
            self._phase("push")
            try:
                self.push()
            except Rejected as error:
                if isinstance(error, DeviceRevoked):
                    raise
                # The batch stays in the outbox, the reason is kept; the team's changes still come in.
                self.result.error = error
            self._phase("pull")
            self.pull()
            if self.with_media:
                self._phase("media")
                self.fetch_media()
        except DeviceRevoked as error:
            sync_state.revoked(self.store, error.message)
            self.result.error = error
        except SyncError as error:
            sync_state.failed(self.store, error.code, error.message)
            self.result.error = error
        else:
            if self.result.error is None:
                sync_state.succeeded(self.store)
            else:
                sync_state.failed(self.store, self.result.error.code, self.result.error.message)
        finally:
            self._phase("idle")
        return self.result

    def _phase(self, phase: str) -> None:
        self.phase = phase
        self.on_change()

    def _retrying(self, call):
        return with_retries(call, self.backoff, self.stop,
                            on_retry=lambda error, wait: log.info("retrying", extra={"code": error.code, "wait": round(wait, 2)}))

    # --- push ----------------------------------------------------------------------------

    def push(self) -> None:
        """Push until the outbox is empty (or holds only entries edited during their push,
        which go in the next sync)."""
        seen_versions: dict[int, int] = {}
        while not self.stop.is_set():
            entries = [e for e in outbox.pending(self.store, self.batch_size) if seen_versions.get(e.id) != e.version]
            if not entries:
                return
            records = [_pushed(e) for e in entries]
            answer = self._retrying(lambda records=records: self.client.push(records))
            settled = pushed.settle(self.store, pushed.sent(entries), set(answer.stored))
            self.result.pushed += settled
            seen_versions.update((e.id, e.version) for e in entries)
            self.on_change()

    # --- pull ----------------------------------------------------------------------------

    def pull(self) -> None:
        while not self.stop.is_set():
            cursor = sync_state.cursor(self.store)
            page = self._retrying(lambda cursor=cursor: self.client.pull(cursor))
            applied = pulled.apply(self.store, page)
            self.result.pulled_pages += 1
            self.result.households += applied.households
            self.result.sessions += applied.sessions
            self.on_change()
            if not page.more:
                return

    # --- media ---------------------------------------------------------------------------

    def fetch_media(self) -> None:
        plan = media_store.plan(self.store, self.free_bytes())
        for item in plan.to_remove:
            media_store.remove(self.store, item.sha256)
        progress = self.result.media
        progress.files_total = len(plan.keep)
        progress.bytes_total = sum(p.size for p in plan.keep)
        progress.files_done = sum(p.whole for p in plan.keep)
        whole_bytes = progress.bytes_done = sum(p.size for p in plan.keep if p.whole)
        self.on_change()
        for item in plan.to_fetch:
            if self.stop.is_set():
                return
            target = media_store.file_path(self.store, item.sha256)

            def counted(_count: int, target: Path = target, base: int = whole_bytes) -> None:
                progress.bytes_done = base + _part_size(target)
                self.on_change()

            self._retrying(lambda item=item, target=target: fetch(self.client, item.sha256, item.size, target, counted))
            media_store.mark_whole(self.store, item.sha256, target)
            whole_bytes += item.size
            progress.bytes_done = whole_bytes
            progress.files_done += 1
            self.result.media_fetched += 1
            self.on_change()


def _pushed(entry: OutboxEntry) -> PushRecord:
    """The entry's record; one the wire refuses is refused here as the server would refuse it
    (the batch stays in the outbox, the reason is recorded)."""
    try:
        return outbox.record(entry)
    except RuleBroken as broken:
        raise Rejected(422, broken.code, field=broken.field, **broken.params,
                       record_id=entry.record_id) from None


def _part_size(target: Path) -> int:
    part = part_path(target)
    return part.stat().st_size if part.exists() else 0


def _free_bytes(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(folder).free

