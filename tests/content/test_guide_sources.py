"""The guide sources: enough real guides, each readable by someone who never used the service,
and the catalog refuses what must not be published."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from contenttest import small_content, write_guide

from content.catalog import ContentError, load_catalog

CATALOG = load_catalog()
GUIDES = {g.code: g for g in CATALOG.guides}
# The two seal procedures are done by businesses, not households: they may wait for a guide.
BUSINESS_ONLY = {"con_dau", "con_dau_them"}


def test_at_least_fifteen_guides_over_every_shelf() -> None:
    assert len(GUIDES) >= 15
    shelves = {g.category for g in GUIDES.values()}
    assert shelves == {c.code for c in CATALOG.categories}


@pytest.mark.parametrize(
    "services",
    [
        {"vneid_muc_1"},
        {"vneid_muc_2"},
        {"luu_tru"},
        {"vneid_tich_hop"},
        {"dvc_tai_khoan"},
        {"dvc_tra_cuu"},
        {"thanh_toan_phi"},
        {"lien_thong_khai_sinh"},
        {"thuong_tru"},
        {"ly_lich_tu_phap"},
        {"doi_gplx"},
        {"bhyt_ho_gia_dinh"},
        {"phat_giao_thong"},
        {"chu_ky_so"},
        {"chong_lua_dao"},
    ],
)
def test_every_service_the_issue_names_has_a_guide(services: set[str]) -> None:
    assert any(services <= set(g.services) for g in GUIDES.values())


@pytest.mark.parametrize("code", sorted(GUIDES))
def test_each_guide_is_complete_and_bilingual(code: str) -> None:
    guide = GUIDES[code]
    assert 4 <= len(guide.steps) <= 10
    assert guide.title and guide.title_en and guide.summary and guide.source
    assert guide.version >= 1 and guide.updated.year >= 2026
    for step in guide.steps:
        assert step.text and step.text_en
        assert len(step.text) <= 140, "one short action per step"
        assert step.text.count('"') % 2 == 0, "button labels are quoted in pairs"
    for text in (guide.title, guide.summary, *(s.text for s in guide.steps)):
        assert unicodedata.normalize("NFC", text) == text
    # Vietnamese with its marks, not stripped ASCII.
    assert any(unicodedata.decomposition(ch) for ch in guide.title + guide.summary)


def test_a_guide_with_an_unknown_category_is_refused(tmp_path: Path) -> None:
    root = small_content(tmp_path / "content")
    write_guide(root, "lac-loai", category="khong-co")
    with pytest.raises(ContentError, match="lac-loai.toml: unknown category 'khong-co'"):
        load_catalog(root)


def test_a_duplicate_code_is_refused(tmp_path: Path) -> None:
    root = small_content(tmp_path / "content")
    write_guide(root, "thu-mot", file_name="thu-mot-ban-sao")
    with pytest.raises(ContentError, match="duplicate code 'thu-mot'"):
        load_catalog(root)


def test_a_guide_with_too_few_steps_is_refused(tmp_path: Path) -> None:
    root = small_content(tmp_path / "content", codes=())
    path = write_guide(root, "ngan")
    head = path.read_text(encoding="utf-8").split("[[steps]]")[0]
    path.write_text(head + '[[steps]]\ntext = "Một bước."\n', encoding="utf-8")
    with pytest.raises(ContentError, match="1 steps; a guide has 4 to 10"):
        load_catalog(root)


def test_every_household_service_has_a_guide_and_only_the_business_ones_wait() -> None:
    covered = {code for guide in GUIDES.values() for code in guide.services}
    services = {s.code for s in CATALOG.services}
    assert BUSINESS_ONLY <= services
    assert services - covered == BUSINESS_ONLY


@pytest.mark.parametrize("code", sorted(GUIDES))
def test_each_guide_is_checked_and_each_step_names_its_source(code: str) -> None:
    guide = GUIDES[code]
    assert isinstance(guide.checked, date) and guide.checked.year >= 2026
    assert len(guide.details) == len(guide.steps)
    for detail in guide.details:
        assert detail.spoken.strip() and detail.source.strip()
        assert unicodedata.normalize("NFC", detail.spoken) == detail.spoken
        if detail.screen is not None:
            assert 1 <= len(detail.screen.items) <= 6
            assert not detail.screen.press or detail.screen.press in detail.screen.items


@pytest.mark.parametrize("code", sorted(GUIDES))
def test_one_name_for_one_thing(code: str) -> None:
    """The 6-digit code is 'mã bảo vệ (passcode)' the first time in a guide, then 'mã bảo vệ';
    the police office is 'công an xã, phường'; jargon has a plain word beside it."""
    text = "\n".join(step.text for step in GUIDES[code].steps)
    mentions = [m.start() for m in re.finditer("mã bảo vệ", text)]
    if mentions:
        assert text[mentions[0] :].startswith("mã bảo vệ (passcode)")
    assert text.count("passcode") == text.count("mã bảo vệ (passcode)") <= 1
    assert not re.search(r"công an xã(?!, phường)", text)
    for jargon, plain in (
        ("PDF", "tệp"),
        (".apk", "tệp cài đặt"),
        ("(ID)", "tên đăng nhập"),
        ("OTP", "mã"),
    ):
        for line in text.splitlines():
            if jargon in line:
                assert plain in line, f"{jargon!r} needs a plain word: {line}"


def test_the_birth_bundle_issues_the_child_card_not_household_insurance() -> None:
    services = set(GUIDES["khai-sinh-lt"].services)
    assert "bhyt_tre_em" in services and "bhyt_ho_gia_dinh" not in services
