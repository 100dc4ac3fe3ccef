"""QR codes, drawn in one place for the content build, the app and the server. Printed codes of
guide URLs use high error correction (H, 30 % of the code may be lost) so a crumpled or smudged
print still scans, and are checked by decoding the rendered image with zxing-cpp."""

from __future__ import annotations

import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H

from content.catalog import ContentError

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_image(text: str, module_px: int = 10, error_correction: int = ERROR_CORRECT_H) -> Image.Image:
    """A black-and-white QR image, `module_px` pixels per module."""
    code = qrcode.QRCode(error_correction=error_correction, box_size=module_px, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def decoded_texts(image: Image.Image) -> list[str]:
    """Every QR code a real decoder finds in the image."""
    import zxingcpp  # needed by the build and the tests, not by the app

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def check_decodes(image: Image.Image, expected: str, what: str) -> None:
    """Fail loudly unless the image holds a QR code that reads back exactly `expected`."""
    found = decoded_texts(image)
    if expected not in found:
        raise ContentError("content_qr_unreadable", what=what, expected=repr(expected),
                           found=repr(found))
