"""One sync, start to end: push the outbox, pull the changes, fetch the media.

Push: outbox entries oldest first, in gzip JSON batches (100 by default). An entry leaves the
outbox only when the server confirmed its id and its version did not change meanwhile; an edit
made while the batch was in flight is pushed again in the next batch. Network faults, 5xx and
429 are retried with backoff, for as long as something gets through (sync.retry.Patience); a
record the server refuses is set aside and the rest goes up.
Pull: pages after the stored cursor until `more` is false, each applied in one transaction with
its cursor. Media: infographics first, then videos within the storage budget, resumed after
a break and checked against their SHA-256.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from app.db import Store
from app.models import OutboxEntry
from app.services import (
    clock_repair,
    device_clock,
    installation,
    media_store,
    outbox,
    pulled,
    pushed,
    set_aside,
    sync_state,
)
from app.services.set_aside import Refusal
from sync.client import ApiClient
from sync.errors import ClockWrong, DeviceRevoked, Rejected, SyncError
from sync.media import fetch, part_path
from sync.retry import Backoff, Patience, with_retries
from wire import rules
from wire.records import PushRecord, moments
from wire.rules import RuleBroken

log = logging.getLogger("cnscd.sync")
BATCH_SIZE = 100
PATIENCE = 30 * 60  # seconds a sync may go on trying on a bad link while it makes progress
# Refusals that may be about one record (as against the request, the token or the device).
_RECORD_REFUSALS = {403, 409, 422}
_PLACE = re.compile(r"^records\.(\d+)(?:\.|$)")


@dataclass
class MediaProgress:
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass
class SyncResult:
    pushed: int = 0  # outbox entries settled
    superseded: int = 0  # of them, versions the server did not keep (it holds a later one)
    set_aside: int = 0  # records set aside by this sync (refused)
    reclaimed: int = 0  # bytes of the device store given back to the phone after it
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

    def __init__(
        self,
        store: Store,
        client: ApiClient,
        backoff: Backoff | None = None,
        batch_size: int = BATCH_SIZE,
        stop: threading.Event | None = None,
        on_change: Callable[[], None] | None = None,
        free_bytes: Callable[[], int] | None = None,
        media: bool = True,
        patience: float = PATIENCE,
    ) -> None:
        self.store, self.client = store, client
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.stop = stop or threading.Event()
        self.on_change = on_change or (lambda: None)
        self.free_bytes = free_bytes or (lambda: _free_bytes(media_store.media_dir(store)))
        self.with_media = media
        self.phase = "idle"
        self.result = SyncResult()
        self._held: set[int] = set()  # outbox entries that wait for a later sync
        self.patience_seconds = patience
        self.patience = Patience(limit=patience)
        self._clock_wrong: ClockWrong | None = None  # the clock runs too far ahead: some wait
        self._repaired = False

    def run(self) -> SyncResult:
        sync_state.attempted(self.store)
        self.patience = Patience(limit=self.patience_seconds)
        if installation.copy_of(self.store) is not None:
            # A restored copy pushes nothing as the device it was copied from (sync.enrol.
            # become_own_device gives it its own first).
            self.result.error = SyncError("restored_copy")
            sync_state.failed(self.store, "restored_copy", self.result.error.message)
            return self.result
        try:
            self._phase("push")
            try:
                self.check_clock()
                self.push()
            except Rejected as error:
                if isinstance(error, DeviceRevoked):
                    raise
                # The batch stays in the outbox, the reason is kept; the team's changes still come in.
                self.result.error = error
            if self._clock_wrong is not None and self.result.error is None:
                self.result.error = self._clock_wrong
            self._phase("pull")
            self.pull()
            pruned = media_store.prune(self.store)  # files of superseded guide versions
            if pruned.files:
                log.info("media pruned", extra={"files": pruned.files, "bytes": pruned.bytes})
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
            # What the sync freed goes back to the phone.
            self.result.reclaimed = self.store.reclaim()
            self._phase("idle")
        return self.result

    def _phase(self, phase: str) -> None:
        self.phase = phase
        self.on_change()

    def _retrying(self, call):
        try:
            return with_retries(
                call, self.backoff, self.stop, patience=self.patience, on_retry=_log_retry
            )
        finally:
            if self.client.clock_skew is not None:
                clock_repair.note(self.store, self.client.clock_skew)

    # --- the phone's clock ---------------------------------------------------------------

    def check_clock(self) -> None:
        """Before pushing: if this device stamped ahead of its clock (it ran ahead, and was set
        right since) and something waits to go up, ask the server's time; with the clock right
        now, bring what waits back within the allowed skew (app/services/clock_repair.py)."""
        if not outbox.pending_count(self.store) or not clock_repair.ahead_of(
            self.store, device_clock.wall()
        ):
            return
        try:
            self._retrying(self.client.device)
        except DeviceRevoked:
            raise
        except SyncError:
            return  # the push will tell
        self._repair_if_right()

    def _repair_if_right(self) -> bool:
        """Repair once per sync, when the clock agrees with the server's; answers whether it did."""
        off = self.client.clock_skew
        if self._repaired or off is None or clock_repair.is_wrong(off):
            return False
        self._repaired = True
        repaired = clock_repair.repair(self.store, device_clock.wall() - off)
        log.info(
            "clock repaired",
            extra={"records": repaired.records, "shift_s": repaired.shift.total_seconds()},
        )
        return True

    def _server_now(self) -> datetime:
        return device_clock.wall() - (self.client.clock_skew or timedelta(0))

    def _too_far_ahead(self, entries: list[OutboxEntry], records: list[PushRecord]) -> set[int]:
        """The entries dated further ahead of the server's clock than it takes."""
        latest = self._server_now() + rules.CLOCK_AHEAD
        return {
            e.id for e, r in zip(entries, records, strict=True) if max(moments(r.payload)) > latest
        }

    # --- push ----------------------------------------------------------------------------

    def push(self) -> None:
        """Push until the outbox is empty, or holds only what waits for a later sync: entries
        edited during their push (they go in the next batch), the sessions of a household set
        aside. A record the server refuses is set aside (app/services/set_aside.py) and the
        rest of its batch is sent again without it, so one bad record never blocks the others:
        the refusal names it (its record_id, or its place in the batch), or else the batch is
        halved until the one refused is alone."""
        sent: dict[int, int] = {}  # outbox entry -> the version this sync sent
        while not self.stop.is_set():
            batch = self._next_batch(sent)
            if not batch:
                break
            sent.update((e.id, e.version) for e in batch)
            self._send(batch)
        self._report_set_aside()

    def _next_batch(self, sent: dict[int, int]) -> list[OutboxEntry]:
        waiting_for = set_aside.households(self.store)
        batch: list[OutboxEntry] = []
        after = 0
        while len(batch) < self.batch_size:
            page = outbox.pending(self.store, self.batch_size, after=after)
            if not page:
                break
            after = page[-1].id
            batch += [
                e
                for e in page
                if sent.get(e.id) != e.version
                and e.id not in self._held
                and not (
                    e.record_type == "help_session" and e.payload.get("household_id") in waiting_for
                )
            ]
        return batch[: self.batch_size]

    def _send(self, entries: list[OutboxEntry]) -> None:
        """One batch up; what the server refuses is found and set aside, the rest sent again."""
        ready, records = [], []
        for entry in entries:
            try:
                records.append(outbox.record(entry))
                ready.append(entry)
            except RuleBroken as broken:  # kept by an older app: the server would refuse it too
                self._set_aside(
                    entry,
                    Refusal(
                        broken.code,
                        broken.field,
                        broken.params,
                        broken.text("vi"),
                        broken.text("en"),
                    ),
                )
        if self._clock_wrong is not None:  # known to run ahead: what the server refuses waits
            waiting = self._too_far_ahead(ready, records)
            self._held |= waiting
            kept = [(e, r) for e, r in zip(ready, records, strict=True) if e.id not in waiting]
            ready, records = [e for e, _ in kept], [r for _, r in kept]
        if not ready:
            return
        try:
            answer = self._retrying(lambda records=records: self.client.push(records))
        except Rejected as error:
            if isinstance(error, DeviceRevoked) or error.status not in _RECORD_REFUSALS:
                raise
            self._refused(ready, error)
            return
        kept = set(answer.stored) | set(answer.superseded)
        settled = pushed.settle(self.store, pushed.sent(ready), kept)
        self.result.pushed += settled
        self.result.superseded += len(answer.superseded)
        self.on_change()

    def _refused(self, entries: list[OutboxEntry], error: Rejected) -> None:
        if error.code == "date_in_future" and self._clock_refused(entries):
            return
        named = _named(entries, error)
        if named:
            for entry in named:
                self._set_aside(entry, _refusal(error))
            rest = [e for e in entries if e not in named]
        elif len(entries) == 1:
            self._set_aside(entries[0], _refusal(error))
            rest = []
        else:  # the server did not say which: halve the batch until the refused one is alone
            half = len(entries) // 2
            self._send(entries[:half])
            self._send(entries[half:])
            return
        if rest:
            self._send(rest)

    def _clock_refused(self, entries: list[OutboxEntry]) -> bool:
        """Refused as dated ahead: with the clock right now, repair and send again; with the
        clock running ahead, keep what the server refuses and send the rest. False when neither
        explains it (the record is then set aside like any refused one)."""
        off = self.client.clock_skew
        if self._repair_if_right():
            self._send(outbox.by_ids(self.store, [e.id for e in entries]))
            return True
        if off is None or off <= clock_repair.TOLERANCE:
            return False
        self._clock_wrong = ClockWrong(off)
        records = [outbox.record(e) for e in entries]
        waiting = self._too_far_ahead(entries, records)
        if not waiting:
            return False
        self._held |= waiting
        rest = [e for e in entries if e.id not in waiting]
        if rest:
            self._send(rest)
        return True

    def _set_aside(self, entry: OutboxEntry, refusal: Refusal) -> None:
        waits_for = set_aside.households(self.store)
        if refusal.code == "unknown_household" and entry.payload.get("household_id") in waits_for:
            self._held.add(entry.id)  # its household is set aside: the session waits for it
            return
        with self.store.session() as session:
            moved = set_aside.put(session, entry.id, entry.version, refusal)
        if moved:
            log.info(
                "record set aside", extra={"code": refusal.code, "record_type": entry.record_type}
            )
            self.result.set_aside += 1
            self.on_change()

    def _report_set_aside(self) -> None:
        """Tell the server how many records wait here set aside, when that changed."""
        count = set_aside.count(self.store)
        told = set_aside.reported(self.store)
        if count == told or (count == 0 and told is None):
            return
        try:
            self._retrying(lambda: self.client.report(count))
        except DeviceRevoked:
            raise
        except SyncError as error:  # said next time
            log.info("set-aside count not reported", extra={"code": error.code})
            return
        set_aside.mark_reported(self.store, count)

    # --- pull ----------------------------------------------------------------------------

    def pull(self) -> None:
        """Pages after the stored cursor until `more` is false. The next page is asked for while
        this one is applied (its cursor is in the answer), so the link never waits for the
        phone; the cursor is stored only with the page applied, so a break loses nothing."""
        cursor = sync_state.cursor(self.store)
        ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cnscd-pull")
        try:
            coming = ahead.submit(self._retrying, lambda: self.client.pull(cursor))
            while not self.stop.is_set():
                page = coming.result()
                if page.more:
                    coming = ahead.submit(
                        self._retrying, lambda cursor=page.cursor: self.client.pull(cursor)
                    )
                applied = pulled.apply(self.store, page)
                self.result.pulled_pages += 1
                self.result.households += applied.households
                self.result.sessions += applied.sessions
                self.on_change()
                if not page.more:
                    return
        finally:  # a page asked for and not applied is dropped: it is asked for again next time
            ahead.shutdown(wait=False, cancel_futures=True)

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
                self.patience.progressed()  # bytes get through: keep trying after a cut
                progress.bytes_done = base + _part_size(target)
                self.on_change()

            self._retrying(
                lambda item=item, target=target: fetch(
                    self.client, item.sha256, item.size, target, counted
                )
            )
            media_store.mark_whole(self.store, item.sha256, target)
            whole_bytes += item.size
            progress.bytes_done = whole_bytes
            progress.files_done += 1
            self.result.media_fetched += 1
            self.on_change()


def _log_retry(error: SyncError, wait: float) -> None:
    log.info("retrying", extra={"code": error.code, "wait": round(wait, 2)})


def _named(entries: list[OutboxEntry], error: Rejected) -> list[OutboxEntry]:
    """The entries a refusal names: by its record_id, or by its place ("records.<n>...")."""
    if error.record_id:
        named = [e for e in entries if e.record_id == error.record_id]
        if named:
            return named
    place = _PLACE.match(str(error.params.get("field") or ""))
    if place and int(place[1]) < len(entries):
        return [entries[int(place[1])]]
    return []


def _refusal(error: Rejected) -> Refusal:
    params = {k: v for k, v in error.params.items() if k not in ("field", "record_id")}
    field = str(error.params.get("field") or "")
    return Refusal(error.code, field, params, error.message, error.message_en)


def _part_size(target: Path) -> int:
    part = part_path(target)
    return part.stat().st_size if part.exists() else 0


def _free_bytes(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(folder).free
