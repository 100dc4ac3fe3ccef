"""GET /api/v1/media/{sha256}: content-addressed, ETag = the hash, long immutable caching,
Range requests for resumable downloads."""

from __future__ import annotations

import hashlib
import json

import pytest
from apitest import make_bundle

from server.cli import main as cli


@pytest.fixture
def large(settings, tmp_path) -> tuple[str, bytes]:
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    item = max(json.loads((bundle / "manifest.json").read_text())["media"], key=lambda m: m["size"])
    return item["sha256"], (bundle / item["path"]).read_bytes()


def test_whole_file_with_etag_and_cache_headers(client, large) -> None:
    sha, data = large
    answer = client.get(f"/api/v1/media/{sha}")
    assert answer.status_code == 200 and answer.content == data
    assert answer.headers["etag"] == f'"{sha}"'
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (
        answer.headers["accept-ranges"] == "bytes" and answer.headers["content-type"] == "image/png"
    )


def test_a_download_cut_off_resumes_with_range(client, large) -> None:
    sha, data = large
    assert len(data) > 1_000_000
    cut = len(data) // 3
    head = client.get(f"/api/v1/media/{sha}", headers={"Range": f"bytes=0-{cut - 1}"})
    tail = client.get(
        f"/api/v1/media/{sha}", headers={"Range": f"bytes={cut}-", "If-Range": f'"{sha}"'}
    )
    assert head.status_code == tail.status_code == 206
    assert tail.headers["content-range"] == f"bytes {cut}-{len(data) - 1}/{len(data)}"
    assert hashlib.sha256(head.content + tail.content).hexdigest() == sha


def test_if_none_match_answers_not_modified(client, large) -> None:
    sha, _ = large
    answer = client.get(f"/api/v1/media/{sha}", headers={"If-None-Match": f'"{sha}"'})
    assert answer.status_code == 304 and answer.content == b""


def test_an_unsatisfiable_range_is_416(client, large) -> None:
    sha, data = large
    assert (
        client.get(
            f"/api/v1/media/{sha}", headers={"Range": f"bytes={len(data) + 10}-"}
        ).status_code
        == 416
    )


def test_unknown_or_malformed_hashes(client, world) -> None:
    unknown = client.get("/api/v1/media/" + "0" * 64)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_media"
    bad = client.get("/api/v1/media/..%2F..%2Fetc%2Fpasswd")
    assert bad.status_code in (400, 404)
    assert client.get("/api/v1/media/" + "g" * 64).json()["error"]["code"] == "invalid_sha256"


def test_a_guides_captions_are_served_as_webvtt(client, settings) -> None:
    """The content build's caption tracks travel like any other media: published with the
    bundle, pulled by SHA-256, served as text/vtt in UTF-8 (browsers refuse a track otherwise)."""
    from content.manifest import DIST_DIR, load_manifest

    assert cli(["publish", str(DIST_DIR)], settings) == 0
    manifest = load_manifest()
    guide = manifest.guides[0]
    sha = guide.media["captions"]
    answer = client.get(f"/api/v1/media/{sha}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/vtt; charset=utf-8"
    assert answer.content == manifest.media_path(sha).read_bytes()
    assert answer.text.startswith("WEBVTT") and guide.steps[0]["text"] in answer.text
