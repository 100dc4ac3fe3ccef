"""QR codes, drawn in one place for the content build, the app and the server. Printed codes of
guide URLs use high error correction (H, 30 % of the code may be lost) so a crumpled or smudged
print still scans, and are checked by decoding the rendered image with two independent
decoders: zxing-cpp (ZXing's C++ port, close to what Android's scanners run) and OpenCV's
QRCodeDetector (its own finder-pattern locator and the quirc decoder), which is the stricter of
the two: a code both read is a code a cheap phone's camera app reads."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H

from content.catalog import ContentError

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK_PATTERNS = range(8)  # the eight masks of ISO/IEC 18004


def qr_image(
    text: str,
    module_px: int = 10,
    error_correction: int = ERROR_CORRECT_H,
    mask_pattern: int | None = None,
) -> Image.Image:
    """A black-and-white QR image, `module_px` pixels per module; the mask is the library's
    choice (lowest penalty) unless `mask_pattern` names one."""
    code = qrcode.QRCode(
        error_correction=error_correction,
        box_size=module_px,
        border=QUIET_ZONE,
        mask_pattern=mask_pattern,
    )
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


@cache
def scannable_mask(text: str, error_correction: int = ERROR_CORRECT_H) -> int | None:
    """The mask that makes `text`'s code read in both decoders: None (the library's choice)
    when that one does, else the first of the eight that does. Some codes' lowest-penalty mask
    draws a pattern OpenCV's locator misses (`…/g/dvc-dang-nhap` with mask 6); the standard
    lets the encoder choose any mask, and every reader reads every mask."""
    for mask in (None, *MASK_PATTERNS):
        if text in decoded_by_both(qr_image(text, 6, error_correction, mask)):
            return mask
    raise ContentError("content_qr_no_mask", text=repr(text))


def guide_qr(text: str, module_px: int = 10) -> Image.Image:
    """The printed code of a guide's address: level H, with the mask both decoders read at the
    size it is drawn (a mask read at one size may not be at another: `http://192.168.1.20:8000/
    g/thu-mot`'s reads at 6 pixels a module and not at 10)."""
    return legible_qr_image(text, module_px, ERROR_CORRECT_H)


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def decoded_texts(image: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds in the image."""
    import zxingcpp  # needed by the build and the tests, not by the app

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def opencv_texts(image: Image.Image) -> list[str]:
    """Every QR code OpenCV's QRCodeDetector reads in the image: all it finds looking for
    several codes, and the one it finds looking for one (on some pages only one way works)."""
    import cv2  # opencv-python-headless: the build and the tests, not the app
    import numpy

    pixels = numpy.asarray(image.convert("L"))
    detector = cv2.QRCodeDetector()
    found, texts, _, _ = detector.detectAndDecodeMulti(pixels)
    many = [t for t in texts if t] if found else []
    one, _, _ = detector.detectAndDecode(pixels)
    if one and one not in many:
        many.append(one)
    return many


def decoded_by_both(image: Image.Image) -> list[str]:
    """The QR codes in the image that both decoders read, in zxing-cpp's order (a text twice
    only as often as both read it). A code only one of them reads is left out: it is the code a
    household's phone may fail on."""
    other = Counter(opencv_texts(image))
    both = []
    for text in decoded_texts(image):
        if other[text] > 0:
            other[text] -= 1
            both.append(text)
    return both


def check_decodes(image: Image.Image, expected: str, what: str) -> None:
    """Fail loudly unless both decoders read back exactly `expected` from the image."""
    by_zxing, by_opencv = decoded_texts(image), opencv_texts(image)
    if expected not in by_zxing or expected not in by_opencv:
        raise ContentError(
            "content_qr_unreadable",
            what=what,
            expected=repr(expected),
            by_zxing=repr(by_zxing),
            by_opencv=repr(by_opencv),
        )


@lru_cache(maxsize=1024)
def modules(text: str, error_correction: int = ERROR_CORRECT_H) -> int:
    """How many modules wide the code of `text` is, quiet zone excluded (whatever the mask)."""
    code = qrcode.QRCode(error_correction=error_correction, border=0, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    return code.modules_count


def legible_qr_image(
    text: str,
    module_px: int = 10,
    error_correction: int = ERROR_CORRECT_H,
    as_seen: Callable[[Image.Image], Image.Image] | None = None,
) -> Image.Image:
    """The code of `text` that both decoders read, each of OpenCV's two ways (one code, or all
    codes of a picture) too: as drawn, and as `as_seen` shows it when given (printed on a page
    and rasterised at 150 dpi, say). The standard's mask first, then the others in order, so
    the same text always gives the same image; ContentError if none reads. Where the decoders
    are not installed (the app on a phone), the standard's mask."""
    for image in legible_qr_images(text, module_px, error_correction, as_seen):
        return image
    raise ContentError("content_qr_illegible", text=repr(text))


def legible_qr_images(
    text: str,
    module_px: int = 10,
    error_correction: int = ERROR_CORRECT_H,
    as_seen: Callable[[Image.Image], Image.Image] | None = None,
) -> Iterator[Image.Image]:
    """Every legible code of `text` (see legible_qr_image), one per mask, in that order."""
    if not can_decode():
        yield qr_image(text, module_px, error_correction)
        return
    for mask in (None, *MASK_PATTERNS):
        image = qr_image(text, module_px, error_correction, mask)
        if _reads_every_way(image, text) and (
            as_seen is None or _reads_every_way(as_seen(image), text)
        ):
            yield image


def _reads_every_way(image: Image.Image, text: str) -> bool:
    import cv2
    import numpy as np

    if text not in decoded_texts(image):
        return False
    gray = np.asarray(image.convert("L"))
    detector = cv2.QRCodeDetector()
    ok, texts, _, _ = detector.detectAndDecodeMulti(gray)
    return ok and text in texts and detector.detectAndDecode(gray)[0] == text


def can_decode() -> bool:
    """Whether both decoders are installed (the `content` extra)."""
    try:
        import cv2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def check_decoded_by_both(image: Image.Image, expected: str, what: str) -> None:
    """check_decodes, under the name the sheets' code uses."""
    check_decodes(image, expected, what)
