"""Content publishing: the content build's output (manifest.json + media files) becomes the
guides devices pull and the public pages show. Media are kept by SHA-256, checked on the way in."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine
from sqlmodel import Session, select

from content.manifest import Manifest, load_manifest
from server.core.db import session_scope
from server.core.errors import ApiError
from server.core.media import FolderMediaStore, MediaStore
from server.models import ContentState, Guide, GuideVersion, MediaFile
from server.services import audit


@dataclass
class PublishResult:
    published: list[str] = field(default_factory=list)  # guide codes, new or newer versions
    unchanged: list[str] = field(default_factory=list)
    media_added: int = 0


def media_path(media_dir: Path, sha256: str) -> Path:
    return media_dir / sha256[:2] / sha256


def _bad_bundle(detail: str) -> ApiError:
    """422 invalid_bundle; `detail` says what is wrong (in English, for the bundle's maker)."""
    return ApiError(422, "invalid_bundle", detail=detail)


def _load(bundle_dir: Path) -> Manifest:
    try:
        manifest = load_manifest(bundle_dir / "manifest.json")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _bad_bundle(f"manifest.json is missing or malformed: {type(exc).__name__}") from exc
    listed = {m.sha256 for m in manifest.media}
    for guide in manifest.guides:
        for role, sha in guide.media.items():
            if sha not in listed:
                raise _bad_bundle(f"guide {guide.code}: {role} {sha} is not in the media list")
    for item in manifest.media:
        path = PurePosixPath(item.path)
        if path.is_absolute() or ".." in path.parts:
            raise _bad_bundle(f"media path outside the bundle: {item.path}")
    return manifest


def _store_media(session: Session, media: MediaStore, manifest: Manifest, sha: str) -> bool:
    """Put one media file into the store after checking its hash; False if it was there."""
    item = next(m for m in manifest.media if m.sha256 == sha)
    if session.get(MediaFile, sha) is not None and media.stat(sha) is not None:
        return False
    source = manifest.root / item.path
    if not source.is_file():
        raise _bad_bundle(f"media file missing: {item.path}")
    digest = hashlib.sha256()
    with source.open("rb") as src:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != sha:
        raise _bad_bundle(f"media file {item.path} does not match its SHA-256")
    media.put(sha, source, item.mime)  # whole or not at all (server.core.media)
    if session.get(MediaFile, sha) is None:
        session.add(MediaFile(sha256=sha, size=source.stat().st_size, mime=item.mime))
    return True


def as_store(media: MediaStore | Path) -> MediaStore:
    """A media store, or a folder (the one-machine store) given as its path."""
    return FolderMediaStore(media) if isinstance(media, Path) else media


def publish_bundle(
    session: Session,
    media_dir: MediaStore | Path,
    bundle_dir: Path,
    actor: str,
    only_guide: str | None = None,
) -> PublishResult:
    """Publish every guide of the bundle (or just `only_guide`): a guide whose content changed
    must carry a higher version; an identical one is left alone."""
    manifest = _load(Path(bundle_dir))
    guides = [g for g in manifest.guides if only_guide is None or g.code == only_guide]
    if only_guide is not None and not guides:
        raise ApiError(404, "unknown_guide", guide=only_guide)
    state = session.exec(select(ContentState).where(ContentState.id == 1).with_for_update()).one()
    result = PublishResult()
    for guide in guides:
        for sha in guide.media.values():
            result.media_added += _store_media(session, as_store(media_dir), manifest, sha)
        data = asdict(guide)
        held = session.get(Guide, guide.code)
        if held is not None and held.data == data:
            result.unchanged.append(guide.code)
            continue
        if held is not None and guide.version <= held.version:
            raise ApiError(409, "version_not_newer", guide=guide.code)
        state.change_seq += 1
        if held is None:
            held = Guide(code=guide.code, version=guide.version, data=data, seq=state.change_seq)
        else:
            held.version, held.data, held.seq = guide.version, data, state.change_seq
        session.add(held)
        session.add(
            GuideVersion(code=guide.code, version=guide.version, data=data, published_by=actor)
        )
        result.published.append(guide.code)
    if only_guide is None:
        state.content_version = manifest.content_version
        state.services = manifest.services
    session.add(state)
    audit.record(
        session,
        actor,
        "content.publish",
        only_guide or manifest.content_version,
        published=result.published,
        media_added=result.media_added,
    )
    return result


def republish(session: Session, code: str, data: dict, actor: str) -> int:
    """A guide published again with the content of one of its earlier versions (`data`, a
    guide_versions row's), as a new version: a rollback. Its media are in the store already,
    since they were published with that version. Answers the new version."""
    held = session.get(Guide, code)
    if held is None:
        raise ApiError(404, "unknown_guide", guide=code)
    state = session.exec(select(ContentState).where(ContentState.id == 1).with_for_update()).one()
    versions = session.exec(select(GuideVersion.version).where(GuideVersion.code == code)).all()
    version = max([held.version, *versions]) + 1
    data = {**data, "version": version}
    Guide(code=code, version=version, data=data).published()  # still a guide as the wire has it
    state.change_seq += 1
    held.version, held.data, held.seq = version, data, state.change_seq
    session.add_all([held, state])
    session.add(GuideVersion(code=code, version=version, data=data, published_by=actor))
    audit.record(session, actor, "content.republish", code, version=version)
    return version


def unpack_bundle(archive: Path, into: Path, max_bytes: int) -> Path:
    """A bundle uploaded as .tar.gz -> a folder; only plain files, nothing outside `into`."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()
            if sum(m.size for m in members) > max_bytes:
                raise ApiError(413, "body_too_large", limit=max_bytes)
            for member in members:
                if not (member.isfile() or member.isdir()):
                    raise _bad_bundle(f"not a plain file: {member.name}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _bad_bundle(f"not a readable .tar.gz: {type(exc).__name__}") from exc
    roots = [p for p in into.rglob("manifest.json")]
    if len(roots) != 1:
        raise _bad_bundle("the archive must hold exactly one manifest.json")
    return roots[0].parent


def publish_archive(
    engine: Engine,
    media_dir: MediaStore | Path,
    archive: Path,
    actor: str,
    only_guide: str | None,
    max_bytes: int,
) -> PublishResult:
    """An uploaded .tar.gz bundle: unpacked in a folder of its own, published in one transaction."""
    with tempfile.TemporaryDirectory(prefix="cnscd-bundle-") as work:
        bundle = unpack_bundle(archive, Path(work) / "unpacked", max_bytes)
        with session_scope(engine) as session:
            return publish_bundle(session, media_dir, bundle, actor, only_guide)


def pack_bundle(bundle_dir: Path, archive: Path) -> Path:
    """The other way round, for the CLI and tests: a bundle folder -> .tar.gz."""
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(Path(bundle_dir).rglob("*")):
            if path.is_file():
                tar.add(path, arcname=str(path.relative_to(bundle_dir)))
    return archive


def published(session: Session) -> tuple[str, list[Guide]]:
    """The content version last published whole, and every published guide."""
    state = session.get(ContentState, 1)
    return (state.content_version if state else ""), list(
        session.exec(select(Guide).order_by(Guide.code))
    )


def media_file(session: Session, sha256: str) -> MediaFile | None:
    return session.get(MediaFile, sha256)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
