"""What the screens get of this device's sync and of its hotspot guide server: the real sync
runner and guide server behind the small protocols of views/host.py (SyncService,
GuideSharing), so that the views import neither sync nor share."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from app.db import Store
from app.services.sync_state import Enrolment
from share.server import DEFAULT_PORT, IDLE_TIMEOUT, GuideShare, local_addresses
from sync.enrol import enrol
from sync.errors import SyncError
from sync.runner import SyncRunner, SyncStatus
from views.host import EnrolmentFailed

ANY_ADDRESS = "0.0.0.0"


class RunnerSync:
    """The app's sync runner (one per app, shared by its pages) and enrolment with the team,
    which stores the token where the runner reads it."""

    def __init__(self, store: Store, runner: SyncRunner) -> None:
        self.store = store
        self.runner = runner

    def status(self) -> SyncStatus:
        return self.runner.status()

    def sync_now(self) -> None:
        self.runner.sync_now()

    def session_recorded(self) -> None:
        self.runner.session_recorded()

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> Callable[[], None]:
        return self.runner.subscribe(listener)

    def enrol(
        self,
        device_name: str,
        *,
        qr_text: str | None = None,
        code: str | None = None,
        server_url: str | None = None,
    ) -> Enrolment:
        try:
            with self.runner.paused():
                return enrol(
                    self.store,
                    self.runner.tokens,
                    device_name,
                    qr_text=qr_text,
                    code=code,
                    server_url=server_url,
                )
        except SyncError as error:
            raise EnrolmentFailed(error) from error


# Every guide server made for a page, so that the app's end stops them all (stop_all_sharing).
_SERVERS: weakref.WeakSet[GuideShare] = weakref.WeakSet()


def stop_all_sharing() -> None:
    """The app is ending: no guide server outlives it."""
    for server in list(_SERVERS):
        server.stop()


class HotspotSharing:
    """Guide servers on `bind`:`port` (every interface and port 8080 on a phone, or another
    taken in its stead; a test binds one address, and port 0 for any free one)."""

    def __init__(
        self,
        store: Store,
        bind: str = ANY_ADDRESS,
        port: int = DEFAULT_PORT,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.store = store
        self.bind, self.port, self.idle_timeout = bind, port, idle_timeout

    def addresses(self) -> list[str]:
        # Bound to every interface, the phone on the hotspot reaches the hotspot's address;
        # bound to one address, that one.
        return local_addresses() if self.bind == ANY_ADDRESS else [self.bind]

    def server(
        self, on_open: Callable[[str], None], on_idle_stop: Callable[[], None]
    ) -> GuideShare:
        made = GuideShare(
            self.store,
            on_open=on_open,
            host=self.bind,
            port=self.port,
            idle_timeout=self.idle_timeout,
            on_idle_stop=on_idle_stop,
        )
        _SERVERS.add(made)
        return made
