"""The HTTP client of the central API (httpx): one method per endpoint, every failure turned
into a SyncError that says whether trying again may help. The only place in the app that
opens network connections."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Self

import httpx
from pydantic import BaseModel, ValidationError

from app.services import device_clock
from sync.errors import DeviceRevoked, NetworkError, Rejected, ServerBusy, SyncError
from sync.retry import parse_retry_after
from wire.api import (
    API_PREFIX,
    DeviceInfo,
    DeviceReport,
    EnrolRequest,
    EnrolResponse,
    PullResponse,
    PushResponse,
)
from wire.records import PushRecord

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
GZIP_LEVEL = 9  # the link is the bottleneck, not the phone's CPU
_NETWORK_ERRORS = (httpx.TransportError, httpx.DecodingError)


def encode_body(data: dict) -> bytes:
    """Compact JSON, gzipped: what a push sends."""
    return gzip.compress(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        GZIP_LEVEL,
        mtime=0,
    )


class ApiClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept-Encoding": "gzip", "User-Agent": "cnscd-app/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )
        # How far the phone's clock was off the server's at the last answer (+: ahead), read
        # from its Date header; None before an answer with one.
        self.clock_skew: timedelta | None = None

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- endpoints -----------------------------------------------------------------------

    def enrol(self, code: str, device_name: str, only_team: int | None = None) -> EnrolResponse:
        request = EnrolRequest(code=code, device_name=device_name, team_id=only_team)
        body = request.model_dump(exclude_none=True)
        return self._call("POST", "/enrol", EnrolResponse, json=body)

    def device(self) -> DeviceInfo:
        return self._call("GET", "/device", DeviceInfo)

    def push(self, records: list[PushRecord]) -> PushResponse:
        """One batch, gzip JSON: {"records": [{"type", "payload"}, ...]}."""
        body = encode_body({"records": [record.model_dump(mode="json") for record in records]})
        return self._call(
            "POST",
            "/sync/push",
            PushResponse,
            content=body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )

    def restored(self) -> EnrolResponse:
        """This store is a restored copy of the device the token is of: ask for a device of its
        own (a new id and token, the same team)."""
        return self._call("POST", "/device/restored", EnrolResponse)

    def report(self, set_aside: int) -> DeviceInfo:
        """Tell the server how many records this device holds set aside (the team leader sees
        it on the devices page)."""
        body = DeviceReport(set_aside=set_aside).model_dump()
        return self._call("POST", "/device/report", DeviceInfo, json=body)

    def pull(self, cursor: str = "") -> PullResponse:
        return self._call(
            "GET", "/sync/pull", PullResponse, params={"cursor": cursor} if cursor else None
        )

    @contextmanager
    def media(self, sha256: str, start: int = 0) -> Iterator[httpx.Response]:
        """A streamed media download, from byte `start` on (HTTP Range)."""
        headers = (
            {"Range": f"bytes={start}-", "Accept-Encoding": "identity"}
            if start
            else {"Accept-Encoding": "identity"}
        )
        try:
            with self.http.stream(
                "GET", f"{API_PREFIX}/media/{sha256}", headers=headers
            ) as response:
                self._saw(response)
                if response.status_code not in (200, 206):
                    response.read()
                    raise error_for(response)
                yield response
        except _NETWORK_ERRORS as exc:
            raise NetworkError(type(exc).__name__) from exc

    # --- plumbing ------------------------------------------------------------------------

    def _saw(self, response: httpx.Response) -> None:
        """The server's time, from the answer's Date header (to the second), against the phone's."""
        try:
            server = parsedate_to_datetime(response.headers.get("date", ""))
        except (TypeError, ValueError):
            return
        if server.tzinfo is not None:
            self.clock_skew = device_clock.wall() - server

    def _call(self, method: str, path: str, model: type[BaseModel], **kwargs):
        try:
            response = self.http.request(method, API_PREFIX + path, **kwargs)
        except _NETWORK_ERRORS as exc:
            raise NetworkError(type(exc).__name__) from exc
        self._saw(response)
        if response.status_code >= 300:
            raise error_for(response)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            # A proxy's page instead of our JSON, or a cut reply that still parsed as text.
            raise ServerBusy(
                "bad_answer", status=response.status_code, detail=exc.errors()[0]["type"]
            ) from exc


# What an error body holds besides the figures its code's words may name.
_NOT_FIGURES = {"code", "message", "message_en", "record_id", "status", "said", "retry_after"}


def error_for(response: httpx.Response) -> SyncError:
    """An HTTP error answer -> the SyncError it means. Our server's errors are
    {"error": {"code", "message", "message_en", ...details}}: the code and the details (the
    figures its catalogue words name) are kept, the server's own words only for a code this
    device does not know. Anything else (a proxy's page) is judged by its status alone."""
    status = response.status_code
    error = _error_body(response)
    code = str(error.get("code") or f"http_{status}")
    if status == 429 or status >= 500:
        return ServerBusy(
            code, status=status, retry_after=parse_retry_after(response.headers.get("retry-after"))
        )
    if status == 401 and code == "device_revoked":
        return DeviceRevoked()
    record_id = error.get("record_id")
    figures = {name: value for name, value in error.items() if name not in _NOT_FIGURES}
    return Rejected(
        status,
        code,
        record_id=str(record_id) if record_id else None,
        said=(str(error.get("message") or ""), str(error.get("message_en") or "")),
        **figures,
    )


def _error_body(response: httpx.Response) -> dict:
    try:
        data = json.loads(response.content)
    except ValueError:
        return {}
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}
