"""The server's settings: environment variables with the CNSCD_ prefix, sane defaults for one
machine (SQLite in ./data/server)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """Settings that a process refuses to start with."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data/server")
    database_url: str = ""  # empty: SQLite in data_dir
    # Where reports are read (CNSCD_REPORTS_DATABASE_URL): e.g. a PostgreSQL streaming replica
    # of the primary, so a province's or the country's report never loads the primary. Empty:
    # the primary itself.
    reports_database_url: str = ""
    public_base_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 2 * 1024 * 1024  # per request, after gzip is undone too
    max_bundle_bytes: int = 512 * 1024 * 1024  # a content bundle upload
    max_batch_records: int = 500
    max_pull_records: int = 500
    enrolment_code_ttl: timedelta = timedelta(hours=24)
    staff_token_ttl: timedelta = timedelta(hours=12)
    # Requests allowed per client address (server.api.limits): a minute's worth at once, then
    # so many a minute. Public pages: a burst of public_burst, then 1,200 a minute, since a
    # carrier's NAT puts many households behind one address and a page is cheap.
    enrol_rate_per_minute: int = 10
    login_rate_per_minute: int = 10
    public_rate_per_minute: int = 1200
    public_burst: int = 1000
    # Slow clients (server.core.serving), in seconds: a request's headers must be in within
    # header_timeout; a body may pause at most body_timeout; a client that takes none of an
    # answer for send_timeout is dropped; an idle keep-alive connection closes after
    # keep_alive_timeout.
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    send_timeout: float = 60.0
    keep_alive_timeout: int = 5
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; none by
    # default. Set it to the proxy's address when one stands in front (e.g. 127.0.0.1 for an
    # nginx on this machine).
    trusted_proxies: tuple[str, ...] = ()
    # Database connections each process may hold (PostgreSQL): pool_size kept open, up to
    # pool_overflow more under a burst. The default, 10 + 10, lets 2 machines x 2 workers
    # (80 at most) stay under PostgreSQL's default max_connections of 100, with room for
    # the admin commands, backups and a replica's walsender.
    pool_size: int = 10
    pool_overflow: int = 10
    # Refuse to start without a PostgreSQL URL (CNSCD_REQUIRE_DATABASE_URL=1; the deploy
    # files set it): a machine of a several-machine province must never quietly fall back
    # to a SQLite file of its own.
    require_database_url: bool = False
    # Where media files go: "" for the folder data_dir/media (one machine), or
    # "s3://bucket[/prefix]" for S3-compatible object storage shared by every machine, with
    # its endpoint (empty: AWS), region and access key.
    media_store: str = ""
    s3_endpoint: str = ""
    s3_region: str = "us-east-1"
    s3_access_key: str = ""
    s3_secret_key: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the database."""
        if self.database_url:
            return _driver(self.database_url)
        return f"sqlite:///{(self.data_dir / 'cnscd-server.sqlite3').resolve()}"

    @property
    def reports_url(self) -> str:
        """The SQLAlchemy URL reports are read from; "" for the primary's."""
        return _driver(self.reports_database_url) if self.reports_database_url else ""

    def check(self) -> None:
        """Refuse settings a process must not start with (ConfigError says why)."""
        if self.require_database_url and not self.url.startswith("postgresql"):
            raise ConfigError(
                "CNSCD_REQUIRE_DATABASE_URL is set but CNSCD_DATABASE_URL is not a "
                "postgresql:// URL: refusing to start on a SQLite file of this machine"
            )
        if self.media_store and not self.media_store.startswith("s3://"):
            raise ConfigError(
                f"CNSCD_MEDIA_STORE must be empty or s3://bucket, not {self.media_store!r}"
            )

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "data_dir": Path(env.get("CNSCD_SERVER_DATA_DIR", "data/server")),
            "database_url": env.get("CNSCD_DATABASE_URL", ""),
            "reports_database_url": env.get("CNSCD_REPORTS_DATABASE_URL", ""),
            "public_base_url": env.get("CNSCD_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
        }
        # Many households may share one address (carrier NAT): the limits can be raised.
        for name in (
            "enrol_rate_per_minute",
            "login_rate_per_minute",
            "public_rate_per_minute",
            "public_burst",
            "keep_alive_timeout",
        ):
            if f"CNSCD_{name.upper()}" in env:
                values[name] = int(env[f"CNSCD_{name.upper()}"])
        for name in ("header_timeout", "body_timeout", "send_timeout"):
            if f"CNSCD_{name.upper()}" in env:
                values[name] = float(env[f"CNSCD_{name.upper()}"])
        for name in ("pool_size", "pool_overflow"):
            if f"CNSCD_{name.upper()}" in env:
                values[name] = int(env[f"CNSCD_{name.upper()}"])
        if "CNSCD_REQUIRE_DATABASE_URL" in env:
            values["require_database_url"] = env["CNSCD_REQUIRE_DATABASE_URL"].lower() in {
                "1",
                "true",
                "yes",
                "on",
            }
        for name in ("media_store", "s3_endpoint", "s3_region", "s3_access_key", "s3_secret_key"):
            if f"CNSCD_{name.upper()}" in env:
                values[name] = env[f"CNSCD_{name.upper()}"]
        if "CNSCD_TRUSTED_PROXIES" in env:
            values["trusted_proxies"] = tuple(
                part.strip() for part in env["CNSCD_TRUSTED_PROXIES"].split(",") if part.strip()
            )
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


def _driver(url: str) -> str:
    """A bare postgresql:// URL means psycopg 3, the driver we ship."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url
