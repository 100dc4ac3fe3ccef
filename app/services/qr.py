"""QR codes drawn on the device: a guide's public address for the household to scan, the
hotspot's Wi-Fi QR. PNG bytes, which every Flet platform can show. And read back from a
picture: the team leader's enrolment QR, where the camera cannot be used."""

from __future__ import annotations

import io

from qrcode.constants import ERROR_CORRECT_M

from app.errors import ValidationError
from content import qr as content_qr


def png(text: str, box_size: int = 10) -> bytes:
    """Black on white with the standard quiet zone; level M suits a screen (printed codes use
    level H, see content/qr.py)."""
    return content_qr.png_bytes(content_qr.qr_image(text, box_size, ERROR_CORRECT_M))


def can_read() -> bool:
    """Whether this build can read QR codes from a picture (zxing-cpp is installed)."""
    try:
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def read(image_bytes: bytes) -> str:
    """The text of the QR code in a picture (a photo or a screenshot of the team leader's
    enrolment QR); a ValidationError in plain Vietnamese when there is none."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(image_bytes))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError("qr_image", "image_unreadable") from exc
    found = [
        code.text
        for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        if code.text
    ]
    if not found:
        raise ValidationError("qr_image", "qr_not_found")
    return found[0]
