"""The QR that joins a household's phone to the volunteer's hotspot: the standard `WIFI:`
format that phone cameras understand (ZXing's "WIFI network config" syntax)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db import Store
from app.errors import ValidationError
from app.services import settings

SECURITY_KINDS = ("WPA", "nopass")  # WPA covers WPA2/WPA3 personal; WEP is long gone from phones
_SPECIAL = '\\;,:"'
MAX_SSID_BYTES = 32  # what 802.11 allows a network's name
MIN_PASSWORD, MAX_PASSWORD = 8, 63  # a WPA passphrase


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
        raise ValidationError("ssid", "ssid_required")
    if len(ssid.encode("utf-8")) > MAX_SSID_BYTES:
        raise ValidationError("ssid", "ssid_too_long", most=MAX_SSID_BYTES)
    if password and not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValidationError("password", "password_length", least=MIN_PASSWORD, most=MAX_PASSWORD)
    return Hotspot(ssid, password)


def save(store: Store, hotspot: Hotspot) -> None:
    """Remembered on the device, so the volunteer types it once."""
    settings.put(store, "hotspot_ssid", hotspot.ssid)
    settings.put(store, "hotspot_password", hotspot.password)


def saved(store: Store) -> Hotspot | None:
    ssid = settings.get(store, "hotspot_ssid")
    return Hotspot(ssid, settings.get(store, "hotspot_password", "") or "") if ssid else None
