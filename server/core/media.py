"""Where media files live, by SHA-256: a folder of this machine (the one-machine default) or an
S3-compatible object store (CNSCD_MEDIA_STORE=s3://bucket[/prefix]) that every machine of a
province shares, through boto3. Files are checked against their hash before they are stored,
and stored whole or not at all (a folder renames a finished temporary file into place; S3
makes an object visible only when its upload is complete)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from server.core.config import Settings

CHUNK = 256 * 1024


@dataclass(frozen=True)
class Stored:
    """One stored file's size, and its path when it is on this machine's disk."""

    size: int
    path: Path | None = None


class MediaStore:
    def stat(self, sha256: str) -> Stored | None:
        raise NotImplementedError

    def put(self, sha256: str, source: Path, mime: str) -> None:
        """Store `source` (already checked against `sha256`) under its hash."""
        raise NotImplementedError

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes start..end (inclusive) of a stored file, in chunks."""
        raise NotImplementedError


class FolderMediaStore(MediaStore):
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def stat(self, sha256: str) -> Stored | None:
        path = self.path(sha256)
        return Stored(path.stat().st_size, path) if path.is_file() else None

    def put(self, sha256: str, source: Path, mime: str) -> None:
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            source.open("rb") as src,
            tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp,
        ):
            shutil.copyfileobj(src, tmp, CHUNK)
        os.replace(tmp.name, target)

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        with self.path(sha256).open("rb") as file:
            file.seek(start)
            left = end - start + 1
            while left > 0 and (chunk := file.read(min(CHUNK, left))):
                left -= len(chunk)
                yield chunk


class S3MediaStore(MediaStore):
    def __init__(self, bucket: str, prefix: str, client: object) -> None:
        self.bucket, self.prefix, self.client = bucket, prefix, client

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def stat(self, sha256: str) -> Stored | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return Stored(int(head["ContentLength"]))

    def put(self, sha256: str, source: Path, mime: str) -> None:
        self.client.upload_file(
            str(source), self.bucket, self.key(sha256), ExtraArgs={"ContentType": mime}
        )

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        answer = self.client.get_object(
            Bucket=self.bucket, Key=self.key(sha256), Range=f"bytes={start}-{end}"
        )
        body = answer["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def ensure_bucket(self) -> None:
        """Create the bucket if it is missing (the first start of a new province)."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket", "NotFound"}:
                raise
            self.client.create_bucket(Bucket=self.bucket)


def open_store(settings: Settings) -> MediaStore:
    """The store the settings name (Settings.media_store)."""
    if not settings.media_store:
        return FolderMediaStore(settings.media_dir)
    import boto3
    from botocore.config import Config

    bucket, _, prefix = settings.media_store.removeprefix("s3://").partition("/")
    client = boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint or None,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key or None,
        aws_secret_access_key=settings.s3_secret_key or None,
        config=Config(
            max_pool_connections=settings.pool_size + settings.pool_overflow,
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        ),
    )
    store = S3MediaStore(bucket, f"{prefix.strip('/')}/" if prefix.strip("/") else "", client)
    store.ensure_bucket()
    return store


__all__ = ["FolderMediaStore", "MediaStore", "S3MediaStore", "Stored", "open_store"]
