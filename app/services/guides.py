"""The guide library: imported from the content manifest, searched without diacritics."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlmodel import col, delete, select

from app.db import Store
from app.errors import ValidationError
from app.models import AppSetting, Category, Guide, MediaAsset, Service
from app.services import settings, sync_state
from app.text import fold
from content import site
from content.captions import Cue, parse_webvtt
from content.catalog import ContentError
from content.manifest import Manifest
from wire.guides import CAPTIONS, INFOGRAPHIC, VIDEO
from wire.guides import Guide as WireGuide


@dataclass(frozen=True)
class Shelf:
    """One category of the library with its guides, in the app's order."""

    category: Category
    guides: list[Guide]


def import_manifest(store: Store, manifest: Manifest) -> bool:
    """Load the manifest's categories, services, guides and media list in one transaction;
    guides no longer in it are withdrawn from the library. Does nothing when this content
    version is already in; answers whether it imported."""
    if settings.get(store, "content_version") == manifest.content_version:
        return False
    with store.session() as session:
        for position, c in enumerate(manifest.categories):
            session.merge(
                Category(code=c["code"], name=c["name"], name_en=c["name_en"], position=position)
            )
        for s in manifest.services:
            session.merge(Service(**s))
        for m in manifest.media:
            session.merge(
                MediaAsset(
                    sha256=m.sha256, mime=m.mime, size=m.size, path=str(manifest.root / m.path)
                )
            )
        session.flush()
        for g in manifest.guides:
            session.merge(guide_row(g))
        # Sessions name guides by code (no foreign key), so a withdrawn guide can go.
        session.exec(delete(Guide).where(col(Guide.code).not_in([g.code for g in manifest.guides])))
        session.merge(AppSetting(key="content_version", value=manifest.content_version))
    return True


def guide_row(g: WireGuide) -> Guide:
    """The library's row for a guide as the manifest (or a pull) describes it: its fields, but
    the date as a date and the media it shows (which must be in media_assets already) by
    role, and the key it is searched by."""
    fields = asdict(g)
    media = fields.pop("media")
    fields["updated_on"] = date.fromisoformat(g.updated_on)
    return Guide(
        **fields,
        infographic_sha256=media.get(INFOGRAPHIC),
        video_sha256=media.get(VIDEO),
        captions_sha256=media.get(CAPTIONS),
        search_key=fold(f"{g.title} {g.title_en} {g.summary} {g.summary_en} {g.code}"),
    )


def shelves(store: Store, query: str = "") -> list[Shelf]:
    """Guides grouped by category; with a query, only the guides whose title, summary or code
    contain every word of it, diacritics and case ignored ('dang ky thuong tru')."""
    words = fold(query).split()
    with store.session() as session:
        categories = list(session.exec(select(Category).order_by(Category.position)))
        statement = select(Guide).order_by(Guide.title)
        for word in words:
            statement = statement.where(col(Guide.search_key).contains(word, autoescape=True))
        guides = list(session.exec(statement))
    by_category: dict[str, list[Guide]] = {}
    for guide in guides:
        by_category.setdefault(guide.category, []).append(guide)
    return [Shelf(c, by_category[c.code]) for c in categories if c.code in by_category]


def get(store: Store, code: str) -> Guide | None:
    with store.session() as session:
        return session.get(Guide, code)


def all_guides(store: Store) -> list[Guide]:
    with store.session() as session:
        return list(session.exec(select(Guide).order_by(Guide.title)))


def services(store: Store) -> list[Service]:
    """Every service a session can record, grouped by category order then name."""
    with store.session() as session:
        statement = (
            select(Service)
            .join(Category, Category.code == Service.category)
            .order_by(Category.position, Service.name)
        )
        return list(session.exec(statement))


def media_file(store: Store, sha256: str | None) -> Path | None:
    """The local file of a media asset, if it is on the device and whole."""
    if not sha256:
        return None
    with store.session() as session:
        asset = session.get(MediaAsset, sha256)
    if asset is None or not asset.path:
        return None
    path = Path(asset.path)
    return path if path.is_file() else None


def caption_cues(store: Store, guide: Guide) -> list[Cue]:
    """The cues of the guide's WebVTT captions (one a step, timed to the narration); [] when
    the file is not on the device or cannot be read."""
    path = media_file(store, guide.captions_sha256)
    if path is None:
        return []
    try:
        return parse_webvtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ContentError):
        return []


def shared_media(store: Store, sha256: str) -> MediaAsset | None:
    """A media asset that some guide in the library shows (its infographic, video or the
    video's captions)."""
    with store.session() as session:
        used = session.exec(
            select(Guide.code).where(
                (Guide.infographic_sha256 == sha256)
                | (Guide.video_sha256 == sha256)
                | (Guide.captions_sha256 == sha256)
            )
        ).first()
        return session.get(MediaAsset, sha256) if used else None


def public_url(base_url: str, code: str, commune_id: str = "") -> str:
    """What a guide's QR holds: the short address of its public page (and `?c=` the commune)."""
    return site.guide_url(base_url, code, commune_id)


def public_address(base_url: str, demo: bool = False) -> str:
    """The public address this device's QR codes may hold, or a ValidationError naming why not
    (public_address_unset, _placeholder, _not_https, ...: content.site.public_address)."""
    try:
        return site.public_address(base_url, demo=demo)
    except site.PublicAddressError as exc:
        raise ValidationError("public_base_url", exc.code, url=exc.url) from exc


def shared_url(store: Store, base_url: str, code: str, demo: bool = False) -> str:
    """What a guide's QR holds when this device shows or prints it for a household: the public
    page's address, checked, with the enrolled team's commune (`?c=`), so that the team's and
    the commune's figures count the opens."""
    return public_url(public_address(base_url, demo), code, sync_state.get(store).commune_id)
