"""The Wi-Fi QR that joins a household's phone to the volunteer's hotspot."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from app.errors import ValidationError
from app.services import qr, wifi


def decoded(text: str) -> str:
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.png(text))))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return found[0].text


@pytest.mark.parametrize(
    ("ssid", "password", "expected"),
    [
        ("ToCNSCD", "matkhau123", "WIFI:T:WPA;S:ToCNSCD;P:matkhau123;;"),
        ("Tổ CNSCĐ thôn 3", "mật khẩu 2026", "WIFI:T:WPA;S:Tổ CNSCĐ thôn 3;P:mật khẩu 2026;;"),
        (
            'a;b,c:d"e\\f',
            'p;w,d:"x\\y',
            'WIFI:T:WPA;S:a\\;b\\,c\\:d\\"e\\\\f;P:p\\;w\\,d\\:\\"x\\\\y;;',
        ),
        ("Mo cong khong mat khau", "", "WIFI:T:nopass;S:Mo cong khong mat khau;;"),
    ],
)
def test_the_wifi_qr_decodes_to_the_exact_string(ssid: str, password: str, expected: str) -> None:
    text = wifi.qr_text(wifi.checked(ssid, password))
    assert text == expected
    assert decoded(text) == expected


@pytest.mark.parametrize(
    ("ssid", "password", "field", "code"),
    [
        ("", "matkhau123", "ssid", "ssid_required"),
        ("   ", "matkhau123", "ssid", "ssid_required"),
        ("đ" * 17, "matkhau123", "ssid", "ssid_too_long"),  # 34 bytes in UTF-8
        ("ToCNSCD", "ngan", "password", "password_length"),
        ("ToCNSCD", "x" * 64, "password", "password_length"),
    ],
)
def test_a_hotspot_that_phones_cannot_join_is_refused_in_vietnamese(
    ssid: str, password: str, field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        wifi.checked(ssid, password)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert "Wi-Fi" in caught.value.message and caught.value.message != caught.value.message_en


def test_the_hotspot_is_remembered(tmp_path) -> None:
    from app.db import Store

    store = Store(tmp_path / "device.sqlite3")
    assert wifi.saved(store) is None
    wifi.save(store, wifi.checked("Tổ CNSCĐ", "matkhau123"))
    assert wifi.saved(store) == wifi.Hotspot("Tổ CNSCĐ", "matkhau123")
    store.close()
