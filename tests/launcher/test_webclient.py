"""The web build's own face: flet-web's client as this app serves it names the app, draws its
icons and says "Đang mở ứng dụng…" while it loads, never "Flet" or "Working...". Read from the
real files flet-web ships; the browser test (tests/e2e) photographs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PIL import Image

from launcher.webclient import ICONS, branded_web_dir, flet_web_dir


def test_the_loading_page_the_manifest_and_the_client_name_the_app(tmp_path: Path) -> None:
    folder = branded_web_dir(tmp_path / "web", "vi")
    page = (folder / "index.html").read_text("utf-8")
    assert "<title>Tổ CNSCĐ</title>" in page and '<html lang="vi">' in page
    assert "Đang mở ứng dụng…" in page and "loading-animation" not in page
    shown = re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)  # what a person reads
    assert "Flet" not in shown and 'apple-mobile-web-app-title" content="Tổ CNSCĐ' in shown
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert (manifest["name"], manifest["short_name"]) == ("Tổ công nghệ số cộng đồng", "Tổ CNSCĐ")
    assert "Flet" not in json.dumps(manifest, ensure_ascii=False)
    for icon in manifest["icons"]:
        with Image.open(folder / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]

    shipped = (flet_web_dir() / "main.dart.js").read_text("utf-8")
    client = (folder / "main.dart.js").read_text("utf-8")
    assert '[30,"Working..."]' in shipped and '[30,"Working..."]' not in client
    assert json.dumps("Đang mở ứng dụng…") in client and json.dumps("Tổ CNSCĐ") + ")" in client
    assert len(client) - len(shipped) < 1000  # the same client, three words changed


def test_in_english_the_loading_words_are_english(tmp_path: Path) -> None:
    folder = branded_web_dir(tmp_path / "web", "en")
    assert "Opening the app…" in (folder / "index.html").read_text("utf-8")
    assert json.loads((folder / "manifest.json").read_text("utf-8"))["lang"] == "en"


def test_every_icon_is_drawn_at_its_size(tmp_path: Path) -> None:
    folder = branded_web_dir(tmp_path / "web")
    for name, (size, maskable) in ICONS.items():
        with Image.open(folder / name) as image:
            assert image.size == (size, size)
            corner = image.convert("RGBA").getpixel((0, 0))
            assert (corner[3] == 255) == maskable  # a maskable icon is drawn to its edge
