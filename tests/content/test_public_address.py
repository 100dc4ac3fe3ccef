"""Every QR leads somewhere real: the public address a code may hold is checked wherever one is
made (content.site.public_address), the build refuses an unset or placeholder one with its
code and a Vietnamese sentence, and nothing committed holds a placeholder or any address at all:
the committed dist is the demo's, built with none."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import av
import pytest
from contenttest import small_content
from PIL import Image

from content import build
from content.catalog import CONTENT_DIR
from content.manifest import DIST_DIR, load_manifest
from content.qr import decoded_texts, opencv_texts
from content.site import PublicAddressError, build_address, guide_url, load_site, public_address

ROOT = CONTENT_DIR.parent
PROVINCE = "https://huongdan.quangninh.gov.vn"
# What no file may hold: an example domain (example.vn is anyone's to register), the address
# the content once shipped.
PLACEHOLDER = re.compile(rb"example\.(vn|com|net|org)|cnscd\.example", re.IGNORECASE)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("", "public_address_unset"),
        ("   ", "public_address_unset"),
        ("https://cnscd.example.vn", "public_address_placeholder"),
        ("https://huongdan.example.com/", "public_address_placeholder"),
        ("https://example.vn", "public_address_placeholder"),
        ("https://huongdan.tinh.gov.vn", "public_address_placeholder"),
        ("https://guides.test", "public_address_placeholder"),
        ("cnscd", "public_address_invalid"),
        ("https://huongdan.quangninh.gov.vn/?q=1", "public_address_invalid"),
        ("http://huongdan.quangninh.gov.vn", "public_address_not_https"),
        ("https://127.0.0.1:8000", "public_address_loopback"),
        ("https://localhost", "public_address_loopback"),
        ("https://192.168.1.20:8000", "public_address_private"),
        ("https://10.0.0.5", "public_address_private"),
    ],
)
def test_an_address_no_phone_could_trust_is_refused_with_its_code(address: str, code: str) -> None:
    with pytest.raises(PublicAddressError) as refused:
        public_address(address)
    assert refused.value.code == code
    vietnamese, english = refused.value.text("vi"), refused.value.text("en")
    assert vietnamese != english and "{" not in vietnamese and code in str(refused.value)


def test_a_provinces_domain_is_kept_and_the_demo_may_use_its_lan_address() -> None:
    assert public_address(f"{PROVINCE}/") == PROVINCE
    assert public_address("http://192.168.1.20:8000", demo=True) == "http://192.168.1.20:8000"
    assert public_address("http://127.0.0.1:8000", demo=True) == "http://127.0.0.1:8000"
    with pytest.raises(PublicAddressError, match="public_address_placeholder"):
        public_address("http://cnscd.example.vn", demo=True)  # a placeholder, even for the demo
    site = load_site()
    assert site.public_base_url == ""  # a province sets its own
    assert build_address(site, demo=True) is None  # the demo builds with none
    with pytest.raises(PublicAddressError, match="public_address_unset"):
        build_address(site)


def test_a_teams_code_carries_its_commune() -> None:
    assert guide_url(PROVINCE, "vneid-m2") == f"{PROVINCE}/g/vneid-m2"
    assert guide_url(PROVINCE, "vneid-m2", "qn.quang-la") == f"{PROVINCE}/g/vneid-m2?c=qn.quang-la"
    assert guide_url(PROVINCE, "vneid-m2", "a b&c") == f"{PROVINCE}/g/vneid-m2?c=a%20b%26c"


@pytest.mark.parametrize(
    ("site_toml", "arguments", "code"),
    [
        ('public_base_url = ""\n', [], "public_address_unset"),
        ('public_base_url = "https://cnscd.example.vn"\n', [], "public_address_placeholder"),
        ("", ["--base-url", "http://huongdan.quangninh.gov.vn"], "public_address_not_https"),
        ("", ["--demo", "--base-url", "https://cnscd.example.vn"], "public_address_placeholder"),
    ],
    ids=["unset", "placeholder", "plain-http", "demo-placeholder"],
)
def test_the_build_refuses_a_placeholder_or_unset_address(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    site_toml: str,
    arguments: list[str],
    code: str,
) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    if site_toml:
        advice = 'safety_advice = "x"\nsafety_advice_en = "y"\n'
        (content / "site.toml").write_text(site_toml + advice, encoding="utf-8")
    dist = tmp_path / "dist"
    assert build.main(["--content", str(content), "--dist", str(dist), *arguments]) == 1
    error = capsys.readouterr().err
    assert error.startswith("content build failed: ") and f"[{code}]" in error
    assert "Địa chỉ" in error or "Chưa đặt" in error  # said in Vietnamese
    assert not (dist / "manifest.json").exists()


def test_a_demo_build_holds_no_address_and_a_lan_one_holds_the_lan_address(tmp_path: Path) -> None:
    content = small_content(tmp_path / "content", codes=("thu-mot",))
    bare = build.build(tmp_path / "bare", content, demo=True)
    [guide] = bare.guides
    assert set(guide.media) == {"infographic", "video", "captions"}
    for path in (tmp_path / "bare").rglob("*"):
        if path.is_file():
            assert b"/g/thu-mot" not in path.read_bytes()
    lan = build.build(tmp_path / "lan", content, base_url="http://192.168.1.20:8000", demo=True)
    paths = {m.sha256: tmp_path / "lan" / m.path for m in lan.media}
    [guide] = lan.guides
    assert decoded_texts(Image.open(paths[guide.media["qr"]])) == [
        "http://192.168.1.20:8000/g/thu-mot"
    ]


def _committed() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    names = [n for n in listed.stdout.decode().split("\0") if n]
    # This test and the content tests name the placeholder on purpose, as what is refused;
    # deploy/ holds templates a province fills in with its own names.
    return [
        ROOT / n for n in names if not n.startswith(("tests/", "deploy/")) and (ROOT / n).is_file()
    ]


def test_no_committed_file_holds_a_placeholder_address() -> None:
    files = _committed()
    assert any(f.parent == DIST_DIR / "media" for f in files)
    found = [
        str(f.relative_to(ROOT))
        for f in files
        if f.suffix not in {".py", ".md"} and PLACEHOLDER.search(f.read_bytes())
    ]
    assert found == []


def test_every_qr_in_a_committed_picture_is_no_placeholder_and_the_dist_holds_none() -> None:
    for path in [f for f in _committed() if f.suffix == ".png"]:
        image = Image.open(path)
        texts = decoded_texts(image) + opencv_texts(image)
        assert not [t for t in texts if PLACEHOLDER.search(t.encode())], path
        if DIST_DIR in path.parents:
            assert texts == [], path


@pytest.mark.parametrize("guide", load_manifest().guides, ids=lambda g: g.code)
def test_no_committed_video_ends_on_a_qr_code(guide) -> None:
    media = {m.sha256: m for m in load_manifest().media}
    data = (DIST_DIR / media[guide.media["video"]].path).read_bytes()
    with av.open(io.BytesIO(data)) as container:
        last = None
        for last in container.decode(video=0):
            pass
        image = last.to_image()
    assert decoded_texts(image) == [] and opencv_texts(image) == []
