"""The sync runner the views use: one sync at a time, in a background thread, so the UI never
waits for the network.

    runner = SyncRunner(store, tokens)      # tokens: sync.tokens.TokenStore
    runner.start()                          # syncs now, then every `interval` seconds
    unsubscribe = runner.subscribe(on_status)  # on_status(SyncStatus), from the worker thread
    runner.sync_now()                       # the "Đồng bộ" button
    runner.session_recorded()               # after a session is saved: syncs if online
    runner.status()                         # a SyncStatus snapshot, any time
    runner.stop()

Triggers that arrive while a sync runs are folded into one more sync after it.

When a sync ends for want of a network, the runner does not wait for the next periodic sync:
it probes the server (one small GET of /healthz) after PROBE_FIRST seconds, then after twice as
long each time it fails, up to PROBE_CAP, and syncs as soon as one answers. The status says
when the next probe is due (`next_attempt_at`) and, while a sync waits between retries of a
call, when it tries again (`retry_at`); "Đồng bộ ngay" then cuts the wait short.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta

import httpx

from app.db import Store
from app.services import sync_state
from app.services.sync_state import State
from sync.client import ApiClient
from sync.engine import MediaProgress, Sync, SyncResult
from sync.enrol import become_own_device
from sync.errors import DeviceRevoked, NetworkError, NotEnrolled, SyncError
from sync.retry import Backoff
from sync.tokens import TokenStore
from wire.clock import utcnow

log = logging.getLogger("cnscd.sync")
DEFAULT_INTERVAL = 10 * 60  # seconds between syncs while the app is open
OFFLINE_QUIET = 60  # after a network failure, a recorded session waits for the periodic sync
_NOTIFY_EVERY = 0.25  # seconds between progress callbacks during a download
PROBE_FIRST = 5.0  # seconds after a network failure before the first connectivity probe
PROBE_CAP = 60.0  # the longest wait between probes: the network's return is noticed within it
PROBE_TIMEOUT = 5.0
HEALTH_PATH = "/healthz"


@dataclass(frozen=True)
class SyncStatus:
    state: str  # a State value
    phase: str  # "idle", "push", "pull" or "media" while syncing
    pending: int  # records waiting in the outbox
    team_name: str
    server_url: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error_code: str
    last_error_message: str  # plain Vietnamese, for the sync screen
    media: MediaProgress
    retry_at: datetime | None = None  # a running sync waits to try a call again until then
    next_attempt_at: datetime | None = None  # offline: the next connectivity probe


@dataclass
class _WatchedBackoff(Backoff):
    """The runner's backoff, telling it how long a sync is about to wait before a retry."""

    on_wait: Callable[[float], None] = field(default=lambda wait: None, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        wait = super().delay(attempt, retry_after)
        self.on_wait(wait)
        return wait


class SyncRunner:
    def __init__(
        self,
        store: Store,
        tokens: TokenStore,
        interval: float = DEFAULT_INTERVAL,
        backoff: Backoff | None = None,
        batch_size: int = 100,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
        media: bool = True,
        probe_first: float = PROBE_FIRST,
        probe_cap: float = PROBE_CAP,
    ) -> None:
        self.store, self.tokens = store, tokens
        self.interval = interval
        given = backoff or Backoff()
        self.backoff = _WatchedBackoff(
            **{f.name: getattr(given, f.name) for f in fields(given)}, on_wait=self._retry_waiting
        )
        self.batch_size = batch_size
        self.transport, self.timeout, self.media = transport, timeout, media
        self._lock = threading.Lock()  # one sync at a time
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._subscribers: list[Callable[[SyncStatus], None]] = []
        self._current: Sync | None = None
        self._media = MediaProgress()
        self._last_network_failure = 0.0
        self._last_notice = 0.0
        # A sync's own stop: set by stop(), or by sync_now() to cut a retry's wait short.
        self._cut = threading.Event()
        self._retry_at: datetime | None = None
        self._probe_wait: float | None = None  # offline: seconds until the next probe
        self._next_probe_at: datetime | None = None
        self._probe_rng = random.Random()
        self.probe_first, self.probe_cap = probe_first, probe_cap
        self._status = self._snapshot()

    # --- what the views call -------------------------------------------------------------

    def start(self) -> None:
        """Start the worker; it syncs at once (app start), then periodically."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._work, name="cnscd-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._cut.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Ask for a sync (the "Đồng bộ" button). Returns at once. A sync waiting to retry a
        call stops waiting: it ends, and the next one starts at once."""
        if self._retry_at is not None:
            self._cut.set()
        self._wake.set()

    def session_recorded(self) -> None:
        """A session was just saved: push it now if the network was there last time."""
        if time.monotonic() - self._last_network_failure >= OFFLINE_QUIET:
            self._wake.set()

    def status(self) -> SyncStatus:
        return self._status

    def subscribe(self, callback: Callable[[SyncStatus], None]) -> Callable[[], None]:
        """`callback(status)` after every change, called from the worker thread (a Flet view
        updates its controls and calls page.update() from there). Answers the unsubscribe."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No sync runs inside (enrolling pushes what waits itself, then changes the token)."""
        with self._lock:
            yield

    def run_once(self) -> SyncResult:
        """One sync now, in the caller's thread; waits if another is running."""
        with self._lock:
            return self._run()

    # --- the worker ----------------------------------------------------------------------

    def _work(self) -> None:
        while not self._stop.is_set():
            offline = self._probe_wait is not None
            asked = self._wake.wait(self._probe_wait if offline else self.interval)
            if self._stop.is_set():
                return
            self._wake.clear()
            if not asked and offline and not self._probe():
                continue  # still no network: the next probe waits longer
            try:
                self.run_once()
            except Exception:  # never let the worker die: log (no personal data) and go on
                log.exception("sync failed unexpectedly")

    # --- the network's return -------------------------------------------------------------

    def _probe(self) -> bool:
        """Whether the server answers at all now (a tiny request, no token); when it does not,
        the next probe is put off (doubled, up to PROBE_CAP, with some jitter)."""
        url = sync_state.get(self.store).server_url
        try:
            with httpx.Client(transport=self.transport, timeout=PROBE_TIMEOUT) as http:
                answered = http.get(url.rstrip("/") + HEALTH_PATH).status_code < 500
        except httpx.HTTPError:
            answered = False
        if not answered:
            self._offline_for(min(self.probe_cap, 2 * (self._probe_wait or self.probe_first)))
        return answered

    def _offline_for(self, wait: float | None) -> None:
        """Probe in about `wait` seconds (None: back to the periodic syncs)."""
        if wait is not None:
            wait *= self._probe_rng.uniform(0.8, 1.0)
        self._probe_wait = wait
        self._next_probe_at = utcnow() + timedelta(seconds=wait) if wait is not None else None
        self._publish(force=True)

    def _retry_waiting(self, wait: float) -> None:
        """From the sync's thread: it waits `wait` seconds before trying a call again."""
        self._retry_at = utcnow() + timedelta(seconds=wait)
        self._publish(force=True)

    def _progressed(self) -> None:
        self._retry_at = None
        self._publish()

    def _run(self) -> SyncResult:
        state = sync_state.get(self.store)
        token = self.tokens.read()
        if state.device_id is None or not state.server_url or not token:
            result = SyncResult(error=NotEnrolled())
            self._publish(force=True)
            return result
        if state.revoked_at is not None:
            self._publish(force=True)
            return SyncResult(error=None)
        try:  # a restored copy takes a device of its own before anything goes up
            if become_own_device(self.store, self.tokens, transport=self.transport):
                state, token = sync_state.get(self.store), self.tokens.read()
        except DeviceRevoked as error:
            sync_state.revoked(self.store, error.message)
            self._publish(force=True)
            return SyncResult(error=error)
        except SyncError as error:
            sync_state.failed(self.store, error.code, error.message)
            self._publish(force=True)
            return SyncResult(error=error)
        client = ApiClient(
            state.server_url,
            token,
            transport=self.transport,
            **({"timeout": self.timeout} if self.timeout else {}),
        )
        if not self._stop.is_set():
            self._cut.clear()
        try:
            self._current = Sync(
                self.store,
                client,
                backoff=self.backoff,
                batch_size=self.batch_size,
                stop=self._cut,
                on_change=self._progressed,
                media=self.media,
            )
            self._publish(force=True)
            result = self._current.run()
        finally:
            client.close()
            self._media = self._current.result.media if self._current else self._media
            self._current = None
            self._retry_at = None
        if isinstance(result.error, NetworkError) or (
            result.error and result.error.code == "network"
        ):
            self._last_network_failure = time.monotonic()
            self._offline_for(self.probe_first)
        else:
            self._offline_for(None)
        return result

    def _publish(self, force: bool = False) -> None:
        now = time.monotonic()
        if (
            not force
            and now - self._last_notice < _NOTIFY_EVERY
            and (self._current is None or self._current.phase == self._status.phase)
        ):
            return
        self._last_notice = now
        self._status = self._snapshot()
        for callback in list(self._subscribers):
            try:
                callback(self._status)
            except Exception:
                log.exception("sync status subscriber failed")

    def _snapshot(self) -> SyncStatus:
        state = sync_state.get(self.store)
        current = self._current
        if state.device_id is None or not self.tokens.read():
            kind = State.NOT_ENROLLED
        elif state.revoked_at is not None:
            kind = State.REVOKED
        elif current is not None and current.phase != "idle":
            kind = State.SYNCING
        elif state.last_error_code == "network":
            kind = State.OFFLINE
        elif state.last_error_code:
            kind = State.ERROR
        else:
            kind = State.IDLE
        media = replace(current.result.media) if current is not None else replace(self._media)
        return SyncStatus(
            state=kind,
            phase=current.phase if current is not None else "idle",
            pending=sync_state.pending_records(self.store),
            team_name=state.team_name,
            server_url=state.server_url,
            last_attempt_at=state.last_attempt_at,
            last_success_at=state.last_success_at,
            last_error_code=state.last_error_code,
            last_error_message=state.last_error_message,
            media=media,
            retry_at=self._retry_at if current is not None else None,
            next_attempt_at=self._next_probe_at if current is None else None,
        )
