"""Reading a QR code back from a picture (the team leader's enrolment QR, photographed or
saved as a screenshot), with a plain Vietnamese answer when there is none."""

from __future__ import annotations

import io

from devicetest import rejected
from PIL import Image

from app.services import qr

ENROLMENT = '{"kind":"cnscd-enrol","server":"https://api.cnscd.example.vn","code":"ABCDEFGH23"}'


def test_a_qr_in_a_picture_reads_back_exactly() -> None:
    assert qr.can_read()
    assert qr.read(qr.png(ENROLMENT)) == ENROLMENT
    # A photo: the code small, off-centre, on a grey page, saved as JPEG.
    page = Image.new("RGB", (900, 1200), (205, 205, 200))
    page.paste(Image.open(io.BytesIO(qr.png(ENROLMENT, box_size=6))).convert("RGB"), (310, 520))
    photo = io.BytesIO()
    page.save(photo, format="JPEG", quality=80)
    assert qr.read(photo.getvalue()) == ENROLMENT


def test_no_picture_or_no_code_is_said_plainly() -> None:
    rejected(lambda: qr.read(b"%PDF-1.7 not a picture"), "qr_image", "image_unreadable")
    blank = io.BytesIO()
    Image.new("RGB", (400, 400), "white").save(blank, format="PNG")
    rejected(lambda: qr.read(blank.getvalue()), "qr_image", "qr_not_found")
