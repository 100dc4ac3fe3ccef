"""The QR that joins a household's phone to the volunteer's hotspot: the standard `WIFI:`
format that phone cameras understand (ZXing's "WIFI network config" syntax)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db import Store
from app.errors import ValidationError
from app.services import settings

SECURITY_KINDS = ("WPA", "nopass")  # WPA covers WPA2/WPA3 personal; WEP is long gone from phones
_SPECIAL = '\\;,:"'


@dataclass(frozen=True)
class Hotspot:
    ssid: str
    password: str = ""

    @property
    def security(self) -> str:
        return "WPA" if self.password else "nopass"


def _escaped(value: str) -> str:
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in value)


def qr_text(hotspot: Hotspot) -> str:
    """'WIFI:T:WPA;S:Tổ CNSCĐ;P:a\\;b;;' — the characters \\ ; , : " escaped with a backslash."""
    parts = [f"T:{hotspot.security}", f"S:{_escaped(hotspot.ssid)}"]
    if hotspot.password:
        parts.append(f"P:{_escaped(hotspot.password)}")
    return "WIFI:" + ";".join(parts) + ";;"


def checked(ssid: str, password: str) -> Hotspot:
    """The hotspot as the volunteer typed it, or a ValidationError saying what to fix."""
    if not ssid.strip():
        raise ValidationError("ssid", "ssid_required", "Hãy nhập tên Wi-Fi (tên điểm phát sóng của máy).",
                              "Enter the Wi-Fi name (the phone's hotspot name).")
    if len(ssid.encode("utf-8")) > 32:
        raise ValidationError("ssid", "ssid_too_long", "Tên Wi-Fi dài quá 32 byte.", "The Wi-Fi name is longer than 32 bytes.")
    if password and not 8 <= len(password) <= 63:
        raise ValidationError("password", "password_length", "Mật khẩu Wi-Fi phải dài từ 8 đến 63 ký tự.",
                              "The Wi-Fi password must be 8 to 63 characters.")
    return Hotspot(ssid, password)


def save(store: Store, hotspot: Hotspot) -> None:
    """Remembered on the device, so the volunteer types it once."""
    settings.put(store, "hotspot_ssid", hotspot.ssid)
    settings.put(store, "hotspot_password", hotspot.password)


def saved(store: Store) -> Hotspot | None:
    ssid = settings.get(store, "hotspot_ssid")
    return Hotspot(ssid, settings.get(store, "hotspot_password", "") or "") if ssid else None
