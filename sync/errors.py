"""Why a sync did not finish, said plainly: a stable code for programs (and the catalogue's
words for it, wire.messages, in Vietnamese and English for the sync screen), the figures those
words name, and whether trying again may help."""

from __future__ import annotations

from datetime import timedelta

from app.services import clock_repair
from wire import messages


class SyncError(Exception):
    retryable = False

    def __init__(self, code: str, *, retry_after: float | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.retry_after = retry_after

    def text(self, language: str = "vi") -> str:
        """Why, in `language` ("vi" or "en"): the catalogue's words for the code."""
        return messages.text(self.code, language, **self.params)

    @property
    def message(self) -> str:
        return self.text("vi")

    @property
    def message_en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


class NetworkError(SyncError):
    """No answer: a timeout, a refused or reset connection, a cut in the middle of a reply."""

    retryable = True

    def __init__(self, detail: str = "") -> None:
        super().__init__("network", detail=detail or "no answer")


class ServerBusy(SyncError):
    """A 5xx, or a 429 (with Retry-After): the server may answer later. Said in the words of
    its code when the catalogue has them (bad_answer), else as "the server is busy"."""

    retryable = True

    def __init__(
        self, code: str, *, status: int = 503, retry_after: float | None = None, **params: object
    ) -> None:
        super().__init__(code, retry_after=retry_after, status=status, **params)
        self.status = status

    def text(self, language: str = "vi") -> str:
        if messages.known(self.code):
            return super().text(language)
        return messages.text("server_busy", language, status=self.status)


class Rejected(SyncError):
    """A 4xx other than 429: the server will say the same again, so the batch stops here.

    Said in the catalogue's words for its code, with the figures the server sent; a code this
    device does not know yet (from a newer server) in the words the server sent beside it
    (`said`: Vietnamese, English), else as "the server refused"."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        record_id: str | None = None,
        said: tuple[str, str] | None = None,
        **params: object,
    ) -> None:
        super().__init__(code, **params)
        self.status = status
        self.record_id = record_id
        self.said = said

    def text(self, language: str = "vi") -> str:
        if messages.known(self.code):
            try:
                return super().text(language)
            except (KeyError, IndexError):  # the answer lacks a figure our words name
                pass
        said = self.said[1 if language == "en" else 0] if self.said else ""
        if said:
            return said
        return messages.text("server_refused", language, status=self.status)


class DeviceRevoked(Rejected):
    def __init__(self) -> None:
        super().__init__(401, "device_revoked")


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__("not_enrolled")


class MediaCorrupt(SyncError):
    """A downloaded file does not match its SHA-256: it is thrown away and fetched again."""

    retryable = True

    def __init__(self, sha256: str) -> None:
        super().__init__("media_corrupt", sha=sha256[:12])
        self.sha256 = sha256


class ClockWrong(SyncError):
    """The phone's clock runs ahead of the server's by more than the server allows: what was
    made meanwhile waits on the device until the clock is right."""

    def __init__(self, ahead: timedelta) -> None:
        super().__init__("clock_ahead")
        self.ahead = ahead

    def text(self, language: str = "vi") -> str:
        return clock_repair.words(self.ahead, language)
