"""The printed household sheet and village poster: A4 pages, each QR read back by a real decoder
from the rasterised page, the team's contact and the safety line, black and white only."""

from __future__ import annotations

from datetime import date

import pypdfium2
import pytest
from contenttest import page_qr_texts, pdf_pages, pdf_texts
from PIL import ImageChops

from content.catalog import load_catalog
from content.sheet import (
    MAX_GUIDES_PER_POSTER,
    MAX_GUIDES_PER_SHEET,
    HouseholdPage,
    SheetGuide,
    TeamContact,
    household_sheets,
    village_poster,
)
from content.site import load_site

SITE = load_site()
GUIDES = [SheetGuide(g.code, g.title, g.title_en, SITE.guide_url(g.code)) for g in load_catalog().guides]
TEAM = TeamContact("Tổ công nghệ số cộng đồng thôn 3, xã Quảng La", "0912 345 678")
A4_POINTS = (595.28, 841.89)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_one_page_per_household_with_its_own_guides() -> None:
    pages = [
        HouseholdPage("Đặng Thị Hồng", "Thôn 3, xã Quảng La", GUIDES[:MAX_GUIDES_PER_SHEET]),
        HouseholdPage("Nguyễn Văn Ấn", "Thôn 3, xã Quảng La", GUIDES[3:4]),
    ]
    pdf = household_sheets(pages, TEAM, SITE, date(2026, 11, 25))
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 2
    assert document[0].get_size() == pytest.approx(A4_POINTS, abs=0.5)
    texts = [_flat(t) for t in pdf_texts(pdf)]
    for page, text in zip(pages, texts, strict=True):
        assert f"Hộ gia đình: {page.head_name}" in text and page.village in text
        for guide in page.guides:
            assert _flat(guide.title) in text
        assert TEAM.phone in text and _flat(SITE.safety_advice) in text and "In ngày 25/11/2026" in text
    assert "Nguyễn Văn Ấn" not in texts[0] and "Đặng Thị Hồng" not in texts[1]
    images = pdf_pages(pdf)
    for page, image in zip(pages, images, strict=True):
        assert page_qr_texts(image) == {g.url for g in page.guides}


def test_the_pages_print_in_black_and_white() -> None:
    pdf = household_sheets([HouseholdPage("Lý Thị Mai", "Thôn 1", GUIDES[:3])], TEAM, SITE)
    poster = village_poster("Thôn 1, xã Quảng La", GUIDES[:2], TEAM, SITE)
    for image in pdf_pages(pdf, scale=1) + pdf_pages(poster, scale=1):
        red, green, blue = image.convert("RGB").split()
        assert ImageChops.difference(red, green).getbbox() is None
        assert ImageChops.difference(green, blue).getbbox() is None


def test_the_poster_has_the_guides_and_no_household() -> None:
    chosen = GUIDES[:MAX_GUIDES_PER_POSTER]
    pdf = village_poster("Thôn 3, xã Quảng La", chosen, TEAM, SITE)
    [text] = [_flat(t) for t in pdf_texts(pdf)]
    assert "HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN" in text and "Thôn 3, xã Quảng La" in text
    assert "Hộ gia đình" not in text
    [image] = pdf_pages(pdf, scale=2)
    assert page_qr_texts(image) == {g.url for g in chosen}


@pytest.mark.parametrize("count", [0, MAX_GUIDES_PER_SHEET + 1])
def test_a_sheet_holds_one_to_eight_guides(count: int) -> None:
    with pytest.raises(ValueError, match="a sheet holds 1 to 8 guides"):
        household_sheets([HouseholdPage("Lý Thị Mai", "Thôn 1", GUIDES[:count])], TEAM, SITE)
