"""The content build: guide sources in, content/dist/ out — for every guide a QR code, an
infographic, a narrated video and its WebVTT captions under dist/media/, and dist/manifest.json
listing them with SHA-256, size and MIME type. It fails loudly (exit 1, the fault named) on a
missing file, a QR code that either of two decoders does not read back, a letter the font
cannot draw, a step without narration, a video whose sound is missing, silent in a step or not
as long as its pictures, a caption cue out of order or past the video's end, an unknown
category or a duplicate code.

    python -m content.build --base-url https://<the province's domain> [--dist DIR] [--content DIR]
    python -m content.build --demo            the committed content/dist: no address in any file

The public address is checked (content.site.public_address): unset, an example domain, plain
http, a loopback or a private address fail the build with a stable code. `--demo` builds without
one: no QR image, no QR or address on the infographics or the videos' last slide (the demo draws
its QR codes for its LAN address on the app's QR screen and sheets); `--demo --base-url
http://<LAN address>:8000` renders them for that address.

The same sources give byte-identical files, so the content version (a hash of the manifest)
changes only when what is published changes."""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from itertools import repeat
from pathlib import Path

from PIL import Image

from content import checks, infographic, narration, phone, qr, video
from content.captions import webvtt
from content.catalog import CONTENT_DIR, ContentError, GuideSource, load_catalog
from content.drawing import missing_glyphs
from content.manifest import DIST_DIR, Manifest, MediaFile, load_manifest
from content.site import Site, build_address, load_site
from content.typeface import check_fonts
from wire import messages
from wire.guides import CAPTIONS, INFOGRAPHIC, QR, VIDEO, Guide

MEDIA_DIR = "media"
# A province may replace a rendered file with its own (a recorded screen video, say) by naming
# it in the guide's source; only these kinds are accepted.
OWN_FILE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".mp4": "video/mp4",
}


@dataclass(frozen=True)
class BuiltFile:
    role: str  # QR, INFOGRAPHIC, VIDEO or CAPTIONS (wire.guides)
    path: str  # relative to the dist folder
    data: bytes
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def render_guide(
    guide: GuideSource,
    site: Site,
    category_name: str,
    content_dir: Path = CONTENT_DIR,
    commune_id: str = "",
    progress: Callable[[int], None] | None = None,
) -> list[BuiltFile]:
    """The guide's QR, infographic, video and captions, each read back and checked: every QR by
    both decoders, the video's sound against its slides, the captions against the video.
    A commune's own guide (`commune_id`) has that commune in its QR's address; `progress` is
    told the percentage done after each file (the staff pages' editor shows it)."""
    done = progress or (lambda _percent: None)
    _check_letters(guide)
    # With no public address (a demo build) no QR file, and the infographic and video carry none.
    url = site.guide_url(guide.code, commune_id) if site.public_base_url else None
    files = []
    if url is not None:
        code = qr.guide_qr(url)
        qr.check_decodes(code, url, f"{guide.code}: QR code")
        files.append(
            BuiltFile(QR, f"{MEDIA_DIR}/{guide.code}-qr.png", qr.png_bytes(code), "image/png")
        )

    if guide.infographic:
        files.append(_own_file(guide, INFOGRAPHIC, guide.infographic, content_dir))
    else:
        data = infographic.png_bytes(infographic.render_infographic(guide, url, category_name))
        if url is not None:
            qr.check_decodes(Image.open(io.BytesIO(data)), url, f"{guide.code}: infographic")
        files.append(
            BuiltFile(INFOGRAPHIC, f"{MEDIA_DIR}/{guide.code}-infographic.png", data, "image/png")
        )
    done(20)

    if guide.video:
        own = _own_file(guide, VIDEO, guide.video, content_dir)
        checks.check_video(own.data, f"{guide.code}: {guide.video}", clipping=False)
        files.append(own)
        return files
    said = narration.narrate(guide, content_dir)
    done(40)
    made = video.render_video(guide, url, category_name, said)
    done(85)
    duration = checks.check_video(made.data, f"{guide.code}: video", made.seconds, made.cues)
    captions = webvtt(made.cues)
    checks.check_captions(
        captions, f"{guide.code}: captions", duration, [step.text for step in guide.steps]
    )
    files.append(BuiltFile(VIDEO, f"{MEDIA_DIR}/{guide.code}.mp4", made.data, "video/mp4"))
    files.append(
        BuiltFile(CAPTIONS, f"{MEDIA_DIR}/{guide.code}.vtt", captions.encode("utf-8"), "text/vtt")
    )
    return files


def _check_letters(guide: GuideSource) -> None:
    """Every word the infographic and the video draw is in letters the font has, and every
    drawn screen's words fit it."""
    texts = [
        guide.title,
        guide.summary,
        guide.source,
        guide.varies_by_province,
        *(step.text for step in guide.steps),
    ]
    for detail in guide.details:
        if detail.screen is not None:
            texts += [detail.screen.app, detail.screen.title, *detail.screen.items]
    missing = "".join(sorted(set("".join(missing_glyphs(t) for t in texts))))
    if missing:
        raise ContentError("content_font_lacks_letter", guide=guide.code, missing=repr(missing))
    for number, detail in enumerate(guide.details, start=1):
        if detail.screen is not None and (fault := phone.overflow(detail.screen)):
            raise ContentError(
                "content_screen_overflow", guide=guide.code, number=number, fault=fault
            )


def _own_file(guide: GuideSource, role: str, name: str, content_dir: Path) -> BuiltFile:
    source = content_dir / name
    mime = OWN_FILE_TYPES.get(source.suffix.lower())
    if mime is None:
        raise ContentError(
            "content_file_type",
            file=f"{guide.code}.toml",
            role=role,
            name=repr(name),
            types=sorted(OWN_FILE_TYPES),
        )
    if not source.is_file():
        raise ContentError("content_file_missing", file=f"{guide.code}.toml", role=role, name=name)
    data = source.read_bytes()
    if mime == "video/mp4" and data[4:8] != b"ftyp":
        raise ContentError("content_not_mp4", file=f"{guide.code}.toml", name=name)
    return BuiltFile(role, f"{MEDIA_DIR}/{guide.code}-{role}{source.suffix.lower()}", data, mime)


def content_version(manifest: Manifest) -> str:
    """A hash of everything published (texts, media hashes), the version field left out."""
    body = replace(manifest, content_version="").to_json()
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def listed(guide: GuideSource, files: list[BuiltFile]) -> Guide:
    """A built guide as a manifest lists it: its texts and its media files by role."""
    return Guide(
        code=guide.code,
        category=guide.category,
        title=guide.title,
        title_en=guide.title_en,
        summary=guide.summary,
        services=list(guide.services),
        version=guide.version,
        updated_on=guide.updated.isoformat(),
        source=guide.source,
        varies_by_province=guide.varies_by_province,
        summary_en=guide.summary_en,
        source_en=guide.source_en,
        varies_by_province_en=guide.varies_by_province_en,
        steps=[asdict(step) for step in guide.steps],
        media={f.role: f.sha256 for f in files},
    )


def build(
    dist: Path = DIST_DIR,
    content_dir: Path = CONTENT_DIR,
    base_url: str | None = None,
    demo: bool = False,
) -> Manifest:
    """Render every guide into `dist` and write its manifest; files no longer produced go."""
    check_fonts()
    catalog = load_catalog(content_dir)
    site = load_site(content_dir / "site.toml")
    # The address (`base_url`, else site.toml's) is refused as content.site.public_address says;
    # `demo` allows a LAN address over http, or none at all.
    site = replace(site, public_base_url=build_address(site, base_url, demo) or "")
    category_names = {c.code: c.name for c in catalog.categories}

    built: list[BuiltFile] = []
    guides: list[Guide] = []
    # Guides render independently (the video encoder on one thread each, for identical bytes),
    # so one process per core.
    workers = max(1, min(os.cpu_count() or 1, len(catalog.guides)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        rendered = pool.map(
            render_guide,
            catalog.guides,
            repeat(site),
            [category_names[g.category] for g in catalog.guides],
            repeat(content_dir),
        )
        rendered = list(rendered)
    for guide, files in zip(catalog.guides, rendered, strict=True):
        built += files
        guides.append(listed(guide, files))
    media = sorted(
        {f.path: MediaFile(f.sha256, f.path, len(f.data), f.mime) for f in built}.values(),
        key=lambda m: m.path,
    )
    manifest = Manifest(
        content_version="",
        categories=[asdict(c) for c in catalog.categories],
        services=[asdict(s) for s in catalog.services],
        guides=guides,
        media=media,
        root=dist,
    )
    manifest = replace(manifest, content_version=content_version(manifest))
    _write(dist, built, manifest)
    verify_dist(dist)
    return manifest


def _write(dist: Path, built: list[BuiltFile], manifest: Manifest) -> None:
    (dist / MEDIA_DIR).mkdir(parents=True, exist_ok=True)
    wanted = {f.path for f in built}
    for stale in (dist / MEDIA_DIR).iterdir():
        if f"{MEDIA_DIR}/{stale.name}" not in wanted:
            stale.unlink()
    for f in built:
        target = dist / f.path
        if not target.is_file() or target.read_bytes() != f.data:
            target.write_bytes(f.data)
    (dist / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")


def verify_dist(dist: Path = DIST_DIR) -> Manifest:
    """Check a built folder as a reader will meet it: every media file present with the size and
    SHA-256 the manifest states, and every guide's media listed. Raises ContentError."""
    manifest = load_manifest(dist / "manifest.json")
    listed = {m.sha256 for m in manifest.media}
    for item in manifest.media:
        path = dist / item.path
        if not path.is_file():
            raise ContentError("content_media_missing", path=item.path)
        data = path.read_bytes()
        if len(data) != item.size or hashlib.sha256(data).hexdigest() != item.sha256:
            raise ContentError("content_media_mismatch", path=item.path)
    for guide in manifest.guides:
        for role, sha in guide.media.items():
            if sha not in listed:
                raise ContentError("content_media_unlisted", guide=guide.code, role=role, sha=sha)
    if content_version(manifest) != manifest.content_version:
        raise ContentError("content_version_mismatch")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m content.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--base-url", help="public address of the guide pages (overrides site.toml)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="for the demo: no address needed (none in any file), or a LAN one",
    )
    parser.add_argument(
        "--dist", type=Path, default=DIST_DIR, help="output folder (default content/dist)"
    )
    parser.add_argument(
        "--content", type=Path, default=CONTENT_DIR, help="sources folder (default content/)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = build(args.dist, args.content, base_url=args.base_url, demo=args.demo)
    except ContentError as exc:
        # The error as it reads (what the build's log is read for), then in Vietnamese.
        print(messages.text("content_build_failed", "en", reason=exc), file=sys.stderr)
        print(messages.text("content_build_failed", "vi", reason=exc.text("vi")), file=sys.stderr)
        return 1
    total = sum(m.size for m in manifest.media)
    print(
        f"built {len(manifest.guides)} guides, {len(manifest.media)} media files ({total / 1e6:.2f} MB), "
        f"content version {manifest.content_version}, in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
