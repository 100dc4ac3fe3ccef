"""Content publishing: the content build's output, by CLI and by the API; a new version of one
guide; devices pull the change on their next sync."""

from __future__ import annotations

import json

from apitest import World, make_bundle
from sqlmodel import Session, select

from server.cli import main as cli
from server.models import GuideVersion
from server.services.content import pack_bundle


def _upload(client, token: str, archive, guide: str | None = None):
    params = {"guide": guide} if guide else {}
    return client.post(
        "/api/v1/content/bundles",
        params=params,
        content=archive.read_bytes(),
        headers={**World.auth(token), "Content-Type": "application/gzip"},
    )


def test_publish_by_cli_then_devices_pull_guides_and_media(
    client, settings, world: World, device_a, tmp_path, capsys
) -> None:
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    assert "published" in capsys.readouterr().out
    pulled = client.get("/api/v1/sync/pull", headers=device_a).json()
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert sorted(g["code"] for g in pulled["guides"]) == sorted(
        g["code"] for g in manifest["guides"]
    )
    assert {m["sha256"] for m in pulled["media"]} == {m["sha256"] for m in manifest["media"]}
    for item in pulled["media"]:
        assert (
            client.get(item["url"]).content
            == (
                bundle / next(m["path"] for m in manifest["media"] if m["sha256"] == item["sha256"])
            ).read_bytes()
        )
    # Publishing the same bundle again changes nothing: devices pull nothing new.
    assert cli(["publish", str(bundle)], settings) == 0
    again = client.get(
        "/api/v1/sync/pull", params={"cursor": pulled["cursor"]}, headers=device_a
    ).json()
    assert again["guides"] == [] and again["cursor"] == pulled["cursor"]


def test_publish_by_api_and_a_new_version_of_one_guide(
    client, app, world: World, device_a, tmp_path
) -> None:
    first = _upload(
        client, world.admin, pack_bundle(make_bundle(tmp_path / "v1"), tmp_path / "v1.tar.gz")
    )
    assert first.status_code == 200, first.text
    codes = first.json()["published"]
    cursor = client.get("/api/v1/sync/pull", headers=device_a).json()["cursor"]
    newer = pack_bundle(
        make_bundle(tmp_path / "v2", version_bump=1, title_suffix=" (cập nhật)"),
        tmp_path / "v2.tar.gz",
    )
    one = _upload(client, world.admin, newer, guide=codes[0])
    assert one.status_code == 200 and one.json()["published"] == [codes[0]]
    pulled = client.get("/api/v1/sync/pull", params={"cursor": cursor}, headers=device_a).json()
    assert [g["code"] for g in pulled["guides"]] == [codes[0]]
    assert pulled["guides"][0]["title"].endswith("(cập nhật)")
    with Session(app.state.cnscd.engine) as s:
        versions = s.exec(select(GuideVersion.version).where(GuideVersion.code == codes[0])).all()
    assert len(versions) == 2


def test_changed_content_without_a_higher_version_is_refused(
    client, world: World, tmp_path
) -> None:
    _upload(client, world.admin, pack_bundle(make_bundle(tmp_path / "v1"), tmp_path / "v1.tar.gz"))
    same_version = pack_bundle(
        make_bundle(tmp_path / "v1b", title_suffix=" sửa"), tmp_path / "v1b.tar.gz"
    )
    answer = _upload(client, world.admin, same_version)
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "version_not_newer"


def test_only_a_province_admin_publishes(client, world: World, device_a, tmp_path) -> None:
    archive = pack_bundle(make_bundle(tmp_path / "b"), tmp_path / "b.tar.gz")
    assert _upload(client, world.leader_a, archive).status_code == 403
    assert (
        client.post(
            "/api/v1/content/bundles", content=archive.read_bytes(), headers=device_a
        ).status_code
        == 401
    )


def test_a_bundle_whose_media_do_not_match_their_hash_is_refused(
    client, app, world: World, tmp_path
) -> None:
    bundle = make_bundle(tmp_path / "bad")
    manifest = json.loads((bundle / "manifest.json").read_text())
    (bundle / manifest["media"][0]["path"]).write_bytes(b"not the image")
    answer = _upload(client, world.admin, pack_bundle(bundle, tmp_path / "bad.tar.gz"))
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_bundle"
    assert client.get("/g/").text.count("<li>") == 0  # nothing published


def test_an_archive_that_is_not_a_bundle_is_refused(client, world: World, tmp_path) -> None:
    answer = client.post(
        "/api/v1/content/bundles",
        content=b"\x1f\x8b not really gzip",
        headers={**World.auth(world.admin), "Content-Type": "application/gzip"},
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_bundle"
