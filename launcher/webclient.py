"""The web app's own face while it loads: flet-web's client says "Working...", shows the Flet
logo and names itself "Flet" (page title, manifest, icons) until the app's first screen comes.
Here the app's name, its icons and "Đang mở ứng dụng…" take their place, in the device's
language, all from this machine (the web app runs with the network off).

`branded_web_dir` writes, once per run, what flet-web's static files are read from first (its
`assets_dir`): index.html (flet-web's own, with our loading block, title and description),
manifest.json, the icons drawn here with Pillow, and main.dart.js with the client's two
built-in words replaced. Each replaced text must be found exactly once in the client shipped
by the pinned flet-web; when it is not (another version), the file is left as it came and a
warning is logged."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from content.typeface import BOLD
from wire.messages import template

log = logging.getLogger("cnscd.web")

TEAL = "#00796B"  # the app's seed colour (views' theme: ft.Colors.TEAL), darker for contrast
WHITE = "#FFFFFF"
ICONS = {  # file -> (size, maskable: drawn to the edge, the mark within the middle 80 %)
    "icons/icon-192.png": (192, False),
    "icons/icon-512.png": (512, False),
    "icons/icon-maskable-192.png": (192, True),
    "icons/icon-maskable-512.png": (512, True),
    "icons/apple-touch-icon-192.png": (192, True),
    "favicon.png": (32, False),
}
LOADING_ICON = "icons/icon-192.png"


def flet_web_dir() -> Path:
    from flet_web import get_package_web_dir

    return Path(get_package_web_dir())


def branded_web_dir(folder: Path, language: str = "vi") -> Path:
    """Write the branded files into `folder` (made if missing) and answer it."""
    source = flet_web_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "icons").mkdir(exist_ok=True)
    for name, (size, maskable) in ICONS.items():
        draw_icon(size, maskable, language).save(folder / name, optimize=True)
    page = index_html((source / "index.html").read_text("utf-8"), language)
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "manifest.json").write_text(manifest_json(language), encoding="utf-8")
    client = (source / "main.dart.js").read_text("utf-8")
    (folder / "main.dart.js").write_text(patched_client(client, language), encoding="utf-8")
    return folder


def app_name(language: str = "vi") -> str:
    return template("web_app_name", language)


def draw_icon(size: int, maskable: bool, language: str = "vi") -> Image.Image:
    """The app's mark: its short name in white on teal, on a rounded square (or to the edge,
    for a maskable icon that the phone cuts to its own shape)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, size, size), fill=TEAL)
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=TEAL)
    room = size * (0.62 if maskable else 0.78)
    lines = template("web_icon_text", language).split("\n")
    font_size = size
    font = ImageFont.truetype(str(BOLD), font_size)
    while font_size > 6 and max(draw.textlength(line, font=font) for line in lines) > room:
        font_size -= 1
        font = ImageFont.truetype(str(BOLD), font_size)
    if size < 64:  # a favicon: the first letters only, as large as they fit
        lines = [lines[-1][:2]]
        font = ImageFont.truetype(str(BOLD), int(size * 0.55))
    line_height = font.size * 1.15
    top = (size - line_height * len(lines)) / 2
    for n, line in enumerate(lines):
        draw.text(
            (size / 2, top + n * line_height + line_height / 2),
            line,
            font=font,
            fill=WHITE,
            anchor="mm",
        )
    return image


def index_html(page: str, language: str = "vi") -> str:
    """flet-web's index.html with our name, description and loading block."""
    name = html.escape(app_name(language))
    loading = html.escape(template("web_loading", language))
    block = (
        f'<img src="{LOADING_ICON}" alt="" width="96" height="96" />'
        f'<p class="name">{name}</p><p class="wait">{loading}</p>'
    )
    page, found = re.subn(r'<img src="icons/loading-animation\.png"[^>]*>', block, page, count=1)
    page = page.replace('aria-label="Loading"', f'aria-label="{loading}"', 1)
    page = page.replace(
        "#loading img {",
        "#loading p { margin: 0; font: 600 22px/1.4 Roboto, "
        "system-ui, sans-serif; color: #00695C; }\n"
        "      #loading p.wait { font-weight: 400; font-size: 17px; "
        "color: #37474F; }\n"
        "      #loading { flex-direction: column; gap: 12px; }\n"
        "      #loading img {",
        1,
    )
    if not found:
        log.warning("flet-web's index.html has no loading image to replace")
    page = page.replace("<html>", f'<html lang="{language}">', 1)
    description = html.escape(template("web_description", language))
    page = re.sub(
        r'<meta name="description" content="[^"]*">',
        f'<meta name="description" content="{description}">',
        page,
        count=1,
    )
    page = re.sub(
        r'<meta name="apple-mobile-web-app-title" content="[^"]*">',
        f'<meta name="apple-mobile-web-app-title" content="{name}">',
        page,
        count=1,
    )
    return re.sub(r"<title>[^<]*</title>", f"<title>{name}</title>", page, count=1)


def manifest_json(language: str = "vi") -> str:
    name = app_name(language)
    icons = [
        {
            "src": path,
            "sizes": f"{size}x{size}",
            "type": "image/png",
            **({"purpose": "maskable"} if maskable else {}),
        }
        for path, (size, maskable) in ICONS.items()
        if path.startswith("icons/icon-")
    ]
    return json.dumps(
        {
            "name": template("web_full_name", language),
            "short_name": name,
            "start_url": ".",
            "display": "standalone",
            "background_color": WHITE,
            "theme_color": TEAL,
            "description": template("web_description", language),
            "lang": language,
            "orientation": "portrait",
            "prefer_related_applications": False,
            "icons": icons,
        },
        ensure_ascii=False,
        indent=2,
    )


def patched_client(client: str, language: str = "vi") -> str:
    """The client with its startup words ("Working..."), its window title ("Flet") and its
    error line in ours."""

    def js(text: str) -> str:
        return json.dumps(text)  # a JS string literal, non-ASCII escaped

    replacements = [
        ('[30,"Working..."]', f"[30,{js(template('web_loading', language))}]"),
        ('null,null,null,"Flet")', f"null,null,null,{js(app_name(language))})"),
        ('"The application encountered an error: {message}"', js(template("web_error", language))),
    ]
    for old, new in replacements:
        if client.count(old) != 1:
            log.warning(
                "flet-web's client: %r found %d times, left as it is", old, client.count(old)
            )
            continue
        client = client.replace(old, new)
    return client


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
