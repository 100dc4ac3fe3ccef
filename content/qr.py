"""QR codes, drawn in one place for the content build, the app and the server. Printed codes of
guide URLs use high error correction (H, 30 % of the code may be lost) so a crumpled or smudged
print still scans. A rendered code is checked by decoding it: with zxing-cpp, and where a code
must scan on any phone (the QR image, the printed sheets) with two independent decoders,
zxing-cpp and OpenCV's QRCodeDetector, since phones' scanners differ: one guide's code read by
the first and not the second at every size, until another mask pattern was chosen."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import lru_cache

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H

from content.catalog import ContentError

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK_PATTERNS = range(8)


def qr_image(text: str, module_px: int = 10, error_correction: int = ERROR_CORRECT_H,
             mask_pattern: int | None = None) -> Image.Image:
    """A black-and-white QR image, `module_px` pixels per module; the mask the standard's
    penalty rule picks unless one is given."""
    code = qrcode.QRCode(error_correction=error_correction, box_size=module_px, border=QUIET_ZONE,
                         mask_pattern=mask_pattern)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


@lru_cache(maxsize=1024)
def modules(text: str, error_correction: int = ERROR_CORRECT_H) -> int:
    """How many modules wide the code of `text` is, quiet zone excluded (whatever the mask)."""
    code = qrcode.QRCode(error_correction=error_correction, border=0, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    return code.modules_count


def legible_qr_image(text: str, module_px: int = 10, error_correction: int = ERROR_CORRECT_H,
                     as_seen: Callable[[Image.Image], Image.Image] | None = None) -> Image.Image:
    """The code of `text` that both decoders read, each of OpenCV's two ways (one code, or all
    codes of a picture) too: as drawn, and as `as_seen` shows it when given (printed on a page
    and rasterised at 150 dpi, say). The standard's mask first, then the others in order, so
    the same text always gives the same image; ContentError if none reads. Where the decoders
    are not installed (the app on a phone), the standard's mask."""
    for image in legible_qr_images(text, module_px, error_correction, as_seen):
        return image
    raise ContentError(f"no QR code of {text!r} reads back with both decoders")


def legible_qr_images(text: str, module_px: int = 10, error_correction: int = ERROR_CORRECT_H,
                      as_seen: Callable[[Image.Image], Image.Image] | None = None,
                      ) -> Iterator[Image.Image]:
    """Every legible code of `text` (see legible_qr_image), one per mask, in that order."""
    if not can_decode():
        yield qr_image(text, module_px, error_correction)
        return
    for mask in (None, *MASK_PATTERNS):
        image = qr_image(text, module_px, error_correction, mask)
        if _reads_every_way(image, text) and (
                as_seen is None or _reads_every_way(as_seen(image), text)):
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


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def decoded_texts(image: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds in the image."""
    import zxingcpp  # needed by the build and the tests, not by the app

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def opencv_texts(image: Image.Image) -> list[str]:
    """Every QR code OpenCV's QRCodeDetector reads in the image, looking for several codes
    and for one."""
    import cv2  # the build and the tests, as zxing-cpp
    import numpy as np

    gray = np.asarray(image.convert("L"))
    detector = cv2.QRCodeDetector()
    ok, texts, _, _ = detector.detectAndDecodeMulti(gray)
    found = [t for t in texts if t] if ok else []
    single = detector.detectAndDecode(gray)[0]
    return found + [single] if single and single not in found else found


def decoded_by_both(image: Image.Image) -> list[str]:
    """The texts of the codes that both decoders read in the image, in zxing-cpp's order."""
    other = set(opencv_texts(image))
    return [t for t in decoded_texts(image) if t in other]


def check_decodes(image: Image.Image, expected: str, what: str) -> None:
    """Fail loudly unless the image holds a QR code that reads back exactly `expected`."""
    found = decoded_texts(image)
    if expected not in found:
        raise ContentError(f"{what}: QR code does not read back {expected!r} (decoded {found!r})")


def check_decoded_by_both(image: Image.Image, expected: str, what: str) -> None:
    """Fail loudly unless both decoders read a QR code in the image as exactly `expected`."""
    found, other = decoded_texts(image), opencv_texts(image)
    if expected not in found or expected not in other:
        raise ContentError(f"{what}: QR code does not read back {expected!r} "
                           f"(decoded {found!r} by zxing-cpp, {other!r} by OpenCV)")
