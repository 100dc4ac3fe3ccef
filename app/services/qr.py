"""QR codes drawn on the device: a guide's public address for the household to scan, the
hotspot's Wi-Fi QR. PNG bytes, which every Flet platform can show."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def png(text: str, box_size: int = 10) -> bytes:
    """Black on white with the standard quiet zone; level M suits a screen (printed codes use a
    higher level, see content/)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
