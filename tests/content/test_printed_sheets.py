"""The printed household sheet and village poster: A4 pages in one language, black and white,
whose every code scans first time: read by two independent decoders (zxing-cpp and OpenCV)
from the whole page rasterised at 150 dpi and from the frame a phone sees around it, which
holds no other code; modules of 0.8 mm or more, with the standard quiet zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from contenttest import pdf_pages, pdf_texts
from PIL import Image, ImageChops
from support.chromium import screenshot_path

from content.catalog import load_catalog
from content.qr import QUIET_ZONE, decoded_by_both
from content.sheet import (
    ALONE,
    MAX_GUIDES_PER_POSTER,
    MAX_GUIDES_PER_SHEET,
    MIN_MODULE_MM,
    HouseholdPage,
    SheetGuide,
    TeamContact,
    household_sheets,
    village_poster,
)
from content.site import load_site

PROVINCE = "https://huongdan.quangninh.gov.vn"
DEMO = "http://192.168.1.23:8000"  # the demo's central API on a LAN address
SITE = load_site()
COMMUNE = "qn.quang-la"
CATALOG = load_catalog().guides


def guides(base: str = PROVINCE) -> list[SheetGuide]:
    site = SITE.with_base_url(base)
    return [
        SheetGuide(g.code, g.title, g.title_en, site.guide_url(g.code, COMMUNE)) for g in CATALOG
    ]


GUIDES = guides()
TEAM = TeamContact("Tổ công nghệ số cộng đồng thôn 3, xã Quảng La", "0912 345 678")
A4_POINTS = (595.28, 841.89)
DPI = 150
MM = 72 / 25.4  # PDF points per millimetre


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Code:
    """A code as drawn on a page, in millimetres from the top-left corner, quiet zone aside."""

    left: float
    top: float
    width: float  # of its dark part
    module: float

    def frame(self) -> tuple[float, float, float, float]:
        """What a phone framing this code sees: the code filling half the frame each way."""
        grow = self.width * ALONE
        return (
            self.left - grow,
            self.top - grow,
            self.left + self.width + grow,
            self.top + self.width + grow,
        )


def _codes(page: pypdfium2.PdfPage) -> list[Code]:
    height = page.get_size()[1]
    found = []
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        left, _, right, top = image.get_bounds()
        pixels = image.get_px_size()[0]
        modules = pixels // 8  # content.sheet draws 8 pixels a module, quiet zone included
        module = (right - left) / MM / modules
        quiet = QUIET_ZONE * module
        found.append(
            Code(
                left / MM + quiet,
                (height - top) / MM + quiet,
                (right - left) / MM - 2 * quiet,
                module,
            )
        )
    return found


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crop(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    scale = DPI / 25.4
    left, top, right, bottom = (round(v * scale) for v in box)
    return image.crop(
        (max(0, left), max(0, top), min(image.width, right), min(image.height, bottom))
    )


def check_every_code(pdf: bytes, wanted: list[set[str]]) -> None:
    """Each page: both decoders read exactly its codes from the whole page at 150 dpi; each
    code sits alone in a phone's frame, where both read it; modules of 0.8 mm or more."""
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == len(wanted)
    for page, urls in zip(document, wanted, strict=True):
        image = page.render(scale=DPI / 72).to_pil().convert("L")
        assert set(decoded_by_both(image)) == urls
        codes = _codes(page)
        assert len(codes) == len(urls)
        for code in codes:
            assert code.module >= MIN_MODULE_MM
            others = [o for o in codes if o is not code]
            assert not any(
                _overlap(code.frame(), (o.left, o.top, o.left + o.width, o.top + o.width))
                for o in others
            )
            [alone] = decoded_by_both(_crop(image, code.frame()))
            assert alone in urls
            # The quiet zone is white: four modules round the dark part hold no ink.
            quiet = QUIET_ZONE * code.module
            ring = _crop(
                image,
                (
                    code.left - quiet + 0.3,
                    code.top - quiet + 0.3,
                    code.left + code.width + quiet - 0.3,
                    code.top + code.width + quiet - 0.3,
                ),
            )
            inner = _crop(
                image,
                (
                    code.left - 0.3,
                    code.top - 0.3,
                    code.left + code.width + 0.3,
                    code.top + code.width + 0.3,
                ),
            )
            assert _white_ring(ring, inner.size)


def _white_ring(ring: Image.Image, inner: tuple[int, int]) -> bool:
    """The ring round the dark part (inner box blanked) holds only white and light grey."""
    blanked = ring.copy()
    x = (ring.width - inner[0]) // 2
    y = (ring.height - inner[1]) // 2
    blanked.paste(255, (x, y, x + inner[0], y + inner[1]))
    return blanked.getextrema()[0] > 200


@pytest.mark.parametrize(
    ("base", "chosen"),
    [
        (PROVINCE, slice(0, 8)),
        (PROVINCE, slice(8, 16)),
        (PROVINCE, slice(4, 6)),
        (DEMO, slice(9, 17)),
        (DEMO, slice(0, 1)),
    ],
    ids=["8-guides", "8-others", "2-guides", "8-demo", "1-guide"],
)
def test_every_code_of_a_household_sheet_scans_alone_and_from_the_whole_page(
    base: str, chosen: slice
) -> None:
    page = HouseholdPage("Đặng Thị Hồng", "Thôn 3, xã Quảng La", guides(base)[chosen])
    pdf = household_sheets([page], TEAM, SITE, date(2026, 11, 25))
    check_every_code(pdf, [{g.url for g in page.guides}])


def test_one_page_per_household_with_its_own_guides_and_no_english() -> None:
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
            assert _flat(guide.title) in text and _flat(guide.title_en) not in text
        assert (
            TEAM.phone in text
            and _flat(SITE.safety_advice) in text
            and "In ngày 25/11/2026" in text
        )
        assert "Guides to online" not in text and SITE.safety_advice_en not in text
    assert "Nguyễn Văn Ấn" not in texts[0] and "Đặng Thị Hồng" not in texts[1]
    check_every_code(pdf, [{g.url for g in page.guides} for page in pages])
    pdf_pages(pdf, scale=100 / 72)[0].save(screenshot_path("household-sheet"))


def test_an_english_sheet_is_all_in_english() -> None:
    chosen = GUIDES[:3]
    pdf = household_sheets(
        [HouseholdPage("Đặng Thị Hồng", "Thôn 3, xã Quảng La", chosen)],
        TEAM,
        SITE,
        date(2026, 11, 25),
        language="en",
    )
    [text] = [_flat(t) for t in pdf_texts(pdf)]
    assert "GUIDES TO ONLINE PUBLIC SERVICES" in text and "Household: Đặng Thị Hồng" in text
    assert "Printed on 25/11/2026" in text and _flat(SITE.safety_advice_en) in text
    for guide in chosen:
        assert _flat(guide.title_en) in text and _flat(guide.title) not in text
    assert "PHIẾU" not in text and "Hộ gia đình" not in text
    check_every_code(pdf, [{g.url for g in chosen}])


def test_the_pages_print_in_black_and_white() -> None:
    pdf = household_sheets([HouseholdPage("Lý Thị Mai", "Thôn 1", GUIDES[:3])], TEAM, SITE)
    poster = village_poster("Thôn 1, xã Quảng La", GUIDES[:2], TEAM, SITE)
    for image in pdf_pages(pdf, scale=1) + pdf_pages(poster, scale=1):
        red, green, blue = image.convert("RGB").split()
        assert ImageChops.difference(red, green).getbbox() is None
        assert ImageChops.difference(green, blue).getbbox() is None


def test_the_poster_has_the_guides_and_no_household_and_every_code_scans() -> None:
    chosen = GUIDES[:MAX_GUIDES_PER_POSTER]
    pdf = village_poster("Thôn 3, xã Quảng La", chosen, TEAM, SITE)
    [text] = [_flat(t) for t in pdf_texts(pdf)]
    assert "HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN" in text and "Thôn 3, xã Quảng La" in text
    assert "Hộ gia đình" not in text
    check_every_code(pdf, [{g.url for g in chosen}])


@pytest.mark.parametrize("count", [0, MAX_GUIDES_PER_SHEET + 1])
def test_a_sheet_holds_one_to_eight_guides(count: int) -> None:
    with pytest.raises(ValueError, match="a sheet holds 1 to 8 guides"):
        household_sheets([HouseholdPage("Lý Thị Mai", "Thôn 1", GUIDES[:count])], TEAM, SITE)
