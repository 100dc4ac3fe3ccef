"""The guide library: diacritic-blind search, and importing the content manifest."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from devicetest import GUIDES, guide, small_manifest, small_store
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.db import Store
from app.models import Category, Guide, Service
from app.services import guides, settings
from app.text import clean, fold
from content.manifest import load_manifest


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Đăng ký thường trú", "dang ky thuong tru"),
        ("ĐẶNG THỊ HỒNG", "dang thi hong"),
        ("đường", "duong"),
        ("  Kích hoạt \t tài khoản\n mức 2  ", "kich hoat tai khoan muc 2"),
        ("Nguyễn Văn Ấn", "nguyen van an"),
        ("Ỷ Lan ữ ợ ụ", "y lan u o u"),
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_fold_drops_marks_case_and_extra_spaces(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_fold_is_the_same_however_the_text_was_typed() -> None:
    # Some keyboards send composed letters, others a base letter plus combining marks.
    composed = "Hướng dẫn Đăng ký"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "huong dan dang ky"
    assert clean(decomposed) == composed


def test_search_without_diacritics_finds_the_guide(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    found = [g.title for shelf in guides.shelves(store, "dang ky thuong tru") for g in shelf.guides]
    assert found == ["Đăng ký thường trú"]
    assert [g.code for s in guides.shelves(store, "THUONG   tru") for g in s.guides] == [
        "thuong-tru"
    ]
    # Every word must match, anywhere in title, English title, summary or code.
    assert [g.code for s in guides.shelves(store, "dang ky") for g in s.guides] == [
        "khai-sinh",
        "thuong-tru",
    ]
    assert [g.code for s in guides.shelves(store, "birth") for g in s.guides] == ["khai-sinh"]
    assert [g.code for s in guides.shelves(store, "vneid-m2") for g in s.guides] == ["vneid-m2"]
    assert guides.shelves(store, "dang ky ho chieu") == []
    assert guides.shelves(store, "%") == [] and guides.shelves(store, "d_ng") == []


def test_shelves_follow_the_category_order(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    shelves = guides.shelves(store)
    assert [s.category.code for s in shelves] == ["vneid", "project06"]
    assert [g.code for g in shelves[1].guides] == ["khai-sinh", "thuong-tru"]  # by title


def test_the_bundled_manifest_imports_and_is_searchable(store: Store) -> None:
    bundled = load_manifest()
    assert len(guides.all_guides(store)) == len(bundled.guides)
    assert len(guides.services(store)) == len(bundled.services)
    first = bundled.guides[0]
    hits = [g.code for s in guides.shelves(store, fold(first.title)) for g in s.guides]
    assert first.code in hits


def test_import_is_done_once_per_content_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "cnscd.sqlite3")
    manifest = small_manifest(tmp_path)
    assert guides.import_manifest(store, manifest) is True
    assert settings.get(store, "content_version") == "test-1"
    with store.session() as session:  # a local change that a re-import would overwrite
        row = session.get(Guide, "thuong-tru")
        row.title = "Đổi trên máy"
        session.add(row)
    assert guides.import_manifest(store, manifest) is False
    assert guides.get(store, "thuong-tru").title == "Đổi trên máy"


def test_a_new_content_version_updates_the_guides(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    newer = [
        replace(GUIDES[0], title="Đăng ký thường trú qua VNeID", version=2),
        GUIDES[1],
        guide("chu-ky-so", "vneid", "Chữ ký số công cộng", "Public digital signature"),
    ]
    assert guides.import_manifest(store, small_manifest(tmp_path, "test-2", newer)) is True
    updated = guides.get(store, "thuong-tru")
    assert (updated.title, updated.version) == ("Đăng ký thường trú qua VNeID", 2)
    assert updated.search_key == fold(
        "Đăng ký thường trú qua VNeID Permanent residence " + updated.summary + " thuong-tru"
    )
    assert guides.get(store, "chu-ky-so") is not None
    # A guide withdrawn from the content leaves the device's library.
    assert guides.get(store, "khai-sinh") is None
    assert sorted(g.code for g in guides.all_guides(store)) == [
        "chu-ky-so",
        "thuong-tru",
        "vneid-m2",
    ]
    assert [g.code for s in guides.shelves(store, "qua vneid") for g in s.guides] == ["thuong-tru"]
    assert settings.get(store, "content_version") == "test-2"


def test_an_import_that_fails_changes_nothing(tmp_path: Path) -> None:
    store = small_store(tmp_path)
    broken = [
        replace(GUIDES[0], title="Tiêu đề mới"),
        guide("lac-loai", "no-such-category", "Hướng dẫn lạc loại", "Stray guide"),
    ]
    manifest = replace(
        small_manifest(tmp_path, "test-2", broken),
        categories=[
            *small_manifest(tmp_path).categories,
            {"code": "safety", "name": "An toàn trên mạng", "name_en": "Safety"},
        ],
    )
    with pytest.raises(IntegrityError):
        guides.import_manifest(store, manifest)
    assert settings.get(store, "content_version") == "test-1"
    assert guides.get(store, "thuong-tru").title == "Đăng ký thường trú"
    assert guides.get(store, "khai-sinh") is not None
    with store.session() as session:
        assert session.get(Category, "safety") is None
        assert len(session.exec(select(Service)).all()) == 3
    # The same content, fixed, goes in afterwards.
    fixed = replace(manifest, guides=[broken[0]])
    assert guides.import_manifest(store, fixed) is True
    assert guides.get(store, "thuong-tru").title == "Tiêu đề mới"


def test_a_guides_captions_come_with_it_and_before_any_video(store: Store) -> None:
    """The bundled guides name their WebVTT captions; the media plan fetches them with the
    infographics, whatever the budget, and the hotspot server may share them."""
    from app.models import MediaAsset
    from app.services import media_store

    bundled = load_manifest()
    for wire_guide in bundled.guides:
        row = guides.get(store, wire_guide.code)
        assert row.captions_sha256 == wire_guide.media["captions"]
        assert [c.text for c in guides.caption_cues(store, row)] == [
            s["text"] for s in wire_guide.steps
        ]
        assert guides.shared_media(store, row.captions_sha256).mime == "text/vtt"
    with store.session() as session:  # as on a device that has downloaded nothing yet
        for asset in session.exec(select(MediaAsset)):
            asset.path = None
            session.add(asset)
    media_store.set_budget(store, 0)
    plan = media_store.plan(store, free_bytes=10**12)
    fetched = {p.sha256: p.role for p in plan.to_fetch}
    assert {g.media["captions"] for g in bundled.guides} <= set(fetched)
    assert "video" not in fetched.values()
    assert guides.caption_cues(store, guides.get(store, bundled.guides[0].code)) == []
