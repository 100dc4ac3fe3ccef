"""Every QR code the content ships reads back, in two independent decoders (zxing-cpp and
OpenCV), as the guide's public URL; the error correction is H, so a damaged print still scans."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from content.catalog import ContentError
from content.manifest import DIST_DIR, load_manifest
from content.qr import (
    check_decodes,
    decoded_by_both,
    decoded_texts,
    guide_qr,
    opencv_texts,
    qr_image,
    scannable_mask,
)
from content.site import load_site

MANIFEST = load_manifest()
SITE = load_site()
PATHS = {m.sha256: DIST_DIR / m.path for m in MANIFEST.media}


@pytest.mark.parametrize("guide", MANIFEST.guides, ids=lambda g: g.code)
def test_the_qr_png_and_the_infographic_corner_read_back_the_url(guide) -> None:
    url = f"{SITE.public_base_url}/g/{guide.code}"
    qr_png = Image.open(PATHS[guide.media["qr"]])
    [result] = zxingcpp.read_barcodes(qr_png)
    assert result.text == url and result.ec_level == "H"
    assert decoded_by_both(qr_png) == [url]
    infographic = Image.open(PATHS[guide.media["infographic"]])
    assert decoded_by_both(infographic) == [url]
    # The code sits in the top corner: the top quarter alone holds it.
    corner = infographic.crop((infographic.width // 2, 0, infographic.width, infographic.width // 2))
    assert decoded_by_both(corner) == [url]


def test_a_damaged_print_still_scans() -> None:
    url = "https://cnscd.example.vn/g/vneid-m2"
    image = qr_image(url, module_px=8).convert("L")
    draw = ImageDraw.Draw(image)
    side = image.width
    # A smudge across the middle (away from the three finder patterns).
    draw.rectangle((side * 0.40, side * 0.40, side * 0.62, side * 0.62), fill=128)
    draw.line((0, side * 0.8, side, side * 0.7), fill=255, width=10)
    assert decoded_texts(image) == [url]


def test_a_code_that_does_not_read_back_fails_loudly() -> None:
    image = qr_image("https://cnscd.example.vn/g/khac")
    with pytest.raises(ContentError, match="does not read back 'https://cnscd.example.vn/g/vneid-m2'"):
        check_decodes(image, "https://cnscd.example.vn/g/vneid-m2", "vneid-m2: QR code")
    blank = Image.new("L", (200, 200), 255)
    with pytest.raises(ContentError, match="decoded \\[\\]"):
        check_decodes(blank, "https://cnscd.example.vn/g/vneid-m2", "vneid-m2: infographic")


def test_a_code_only_one_decoder_reads_does_not_count() -> None:
    # With mask 6 this code reads in zxing-cpp but OpenCV's locator misses it.
    url = "https://huongdan.example.com/g/tam-tru"
    image = qr_image(url, module_px=6, mask_pattern=6)
    assert decoded_texts(image) == [url] and opencv_texts(image) == []
    assert decoded_by_both(image) == []
    with pytest.raises(ContentError, match=r"in both decoders \(zxing-cpp decoded \['https"):
        check_decodes(image, url, "tam-tru: QR code")


def test_the_guide_code_takes_a_mask_both_decoders_read() -> None:
    # The library's lowest-penalty mask for this address is one OpenCV cannot read.
    url = "https://huongdan.example.com/g/so-suc-khoe"
    assert decoded_texts(qr_image(url, 6)) == [url] and opencv_texts(qr_image(url, 6)) == []
    assert scannable_mask(url) is not None
    for module_px in (4, 8, 12):
        assert decoded_by_both(guide_qr(url, module_px)) == [url]
    # Where the library's choice reads, it is kept, so most codes do not change.
    assert scannable_mask("https://huongdan.example.com/g/vneid-m2") is None


def test_both_decoders_read_every_code_of_a_page() -> None:
    urls = [f"https://huongdan.example.com/g/{code}" for code in ("vneid-m2", "khai-tu", "cap-dien")]
    page = Image.new("L", (1400, 500), 255)
    for i, url in enumerate(urls):
        page.paste(guide_qr(url, 8).convert("L"), (20 + i * 460, 20))
    assert sorted(decoded_by_both(page)) == sorted(urls)
