"""The content build: one command, repeatable to the byte, a manifest that lists every file with
its SHA-256, size and MIME type, and a loud failure on anything that must not be published."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from contenttest import LAST_SCREEN, small_content, write_guide
from PIL import Image

from content import build
from content.catalog import ContentError, load_catalog
from content.manifest import DIST_DIR, load_manifest
from content.qr import decoded_texts

PROVINCE = "https://huongdan.quangninh.gov.vn"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_committed_dist_is_whole_and_matches_the_sources() -> None:
    manifest = build.verify_dist(DIST_DIR)
    sources = {g.code: g for g in load_catalog().guides}
    assert sorted(g.code for g in manifest.guides) == sorted(sources)
    for guide in manifest.guides:
        source = sources[guide.code]
        assert (guide.title, guide.version, guide.updated_on) == (
            source.title,
            source.version,
            source.updated.isoformat(),
        )
        assert [s["text"] for s in guide.steps] == [s.text for s in source.steps]
        assert set(guide.media) == {"infographic", "video", "captions"}  # built for the demo: no QR
    on_disk = {str(p.relative_to(DIST_DIR)) for p in (DIST_DIR / "media").iterdir()}
    assert on_disk == {m.path for m in manifest.media}


def test_the_same_sources_build_the_same_bytes(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content")
    first = build.build(tmp_path / "one", content, base_url=PROVINCE)
    second = build.build(tmp_path / "two", content, base_url=PROVINCE)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert first.content_version == second.content_version
    for item in first.media:
        data = (tmp_path / "one" / item.path).read_bytes()
        assert (item.size, item.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert {(m.path.rsplit(".", 1)[1], m.mime) for m in first.media} == {
        ("png", "image/png"),
        ("mp4", "video/mp4"),
        ("vtt", "text/vtt"),
    }
    assert load_manifest(tmp_path / "one" / "manifest.json") == first


def test_the_content_version_changes_only_with_the_content(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content")
    before = build.build(tmp_path / "dist", content, demo=True)
    again = build.build(tmp_path / "dist", content, demo=True)
    assert again.content_version == before.content_version
    path = content / "guides" / "thu-hai.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Đặt mật khẩu", "Đặt một mật khẩu mới"),
        encoding="utf-8",
    )
    after = build.build(tmp_path / "dist", content, demo=True)
    assert after.content_version != before.content_version
    untouched = [g.media for g in (before, after) for g in g.guides if g.code == "thu-mot"]
    assert untouched[0] == untouched[1]
    changed = [
        g.media["infographic"] for g in (before, after) for g in g.guides if g.code == "thu-hai"
    ]
    assert changed[0] != changed[1]


def test_a_province_sets_its_own_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    dist = tmp_path / "dist"
    assert (
        build.main(
            [
                "--content",
                str(content),
                "--dist",
                str(dist),
                "--base-url",
                "https://huongdan.quangninh.gov.vn/",
            ]
        )
        == 0
    )
    assert "built 1 guides" in capsys.readouterr().out
    manifest = load_manifest(dist / "manifest.json")
    paths = {m.sha256: dist / m.path for m in manifest.media}
    [guide] = manifest.guides
    for role in ("qr", "infographic"):
        assert decoded_texts(Image.open(paths[guide.media[role]])) == [
            "https://huongdan.quangninh.gov.vn/g/thu-mot"
        ]


def test_stale_files_leave_the_dist(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content")
    build.build(tmp_path / "dist", content, base_url=PROVINCE)
    (content / "guides" / "thu-hai.toml").unlink()
    manifest = build.build(tmp_path / "dist", content, base_url=PROVINCE)
    assert {p.name for p in (tmp_path / "dist" / "media").iterdir()} == {
        Path(m.path).name for m in manifest.media
    }
    assert not any("thu-hai" in m.path for m in manifest.media)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda root: write_guide(root, "lac-loai", category="khong-co"),
            "unknown category 'khong-co'",
        ),
        (
            lambda root: write_guide(root, "thu-mot", file_name="thu-mot-2"),
            "duplicate code 'thu-mot'",
        ),
        (
            lambda root: write_guide(root, "co-video", extra='video = "media/quay-man-hinh.mp4"'),
            "co-video.toml: video file missing: media/quay-man-hinh.mp4",
        ),
        (
            lambda root: (root / "site.toml").write_text(
                'public_base_url = "cnscd"\nsafety_advice = "x"\nsafety_advice_en = "x"\n'
            ),
            "[public_address_invalid]",
        ),
        (
            lambda root: (root / "guides" / "thu-mot.toml").write_text(
                (root / "guides" / "thu-mot.toml")
                .read_text(encoding="utf-8")
                .replace("Đặt mật khẩu", "Đặt mật khẩu → mã bảo vệ"),
                encoding="utf-8",
            ),
            "thu-mot: the font has no letter for '→'; write it another way",
        ),
        (
            lambda root: write_guide(
                root,
                "man-hinh",
                extra="",
                screen=("VNeID", "Thủ tục", ["Một mục rất dài " * 8], ""),
            ),
            "man-hinh: step 1 screen: the item 'Một mục rất dài",
        ),
        (
            lambda root: (root / "guides" / "thu-mot.toml").write_text(
                (root / "guides" / "thu-mot.toml")
                .read_text(encoding="utf-8")
                .replace(LAST_SCREEN, ""),
                encoding="utf-8",
            ),
            "thu-mot.toml: step 4 has no drawn screen",
        ),
    ],
    ids=[
        "unknown-category",
        "duplicate-code",
        "missing-file",
        "bad-base-url",
        "no-glyph",
        "screen-too-long",
        "no-screen",
    ],
)
def test_the_build_fails_loudly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breakage, message: str
) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    breakage(content)
    assert build.main(["--content", str(content), "--dist", str(tmp_path / "dist"), "--demo"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("content build failed: ") and message in error
    assert not (tmp_path / "dist" / "manifest.json").exists()


def test_a_province_video_replaces_the_rendered_one(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=())
    recorded = next(DIST_DIR.glob("media/*.mp4"))
    (content / "media").mkdir()
    shutil.copy(recorded, content / "media" / "quay-man-hinh.mp4")
    write_guide(content, "co-video", extra='video = "media/quay-man-hinh.mp4"')
    manifest = build.build(tmp_path / "dist", content, demo=True)
    [guide] = manifest.guides
    assert guide.media["video"] == hashlib.sha256(recorded.read_bytes()).hexdigest()
    (content / "media" / "quay-man-hinh.mp4").write_bytes(b"<html>not a video</html>")
    with pytest.raises(ContentError, match="is not an MP4 file"):
        build.build(tmp_path / "dist", content, demo=True)


def test_a_damaged_dist_is_caught(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    manifest = build.build(tmp_path / "dist", content, demo=True)
    video = tmp_path / "dist" / next(m.path for m in manifest.media if m.mime == "video/mp4")
    video.write_bytes(video.read_bytes()[:-10])
    with pytest.raises(ContentError, match="does not match its size or SHA-256"):
        build.verify_dist(tmp_path / "dist")
    video.unlink()
    with pytest.raises(ContentError, match="media file missing"):
        build.verify_dist(tmp_path / "dist")
