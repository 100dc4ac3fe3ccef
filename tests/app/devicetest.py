"""Helpers for the device-store tests: small manifests with exact content, households and
sessions made through the services, and the check every ValidationError must pass."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support import demo

from app.db import Store
from app.errors import ValidationError
from app.models import Household
from app.services import areas, guides, households
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.manifest import Manifest
from wire.clock import utcnow
from wire.guides import Guide

VILLAGE = demo.VILLAGES[0].id
OTHER_VILLAGE = demo.VILLAGES[1].id

CATEGORIES = [
    {"code": "vneid", "name": "Định danh điện tử VNeID", "name_en": "VNeID electronic identity"},
    {"code": "project06", "name": "Dịch vụ công thiết yếu", "name_en": "Essential public services"},
]
SERVICES = [
    {
        "code": "vneid_muc_2",
        "name": "Kích hoạt tài khoản VNeID mức 2",
        "name_en": "Activating a level-2 VNeID account",
        "category": "vneid",
    },
    {
        "code": "thuong_tru",
        "name": "Đăng ký thường trú",
        "name_en": "Permanent residence registration",
        "category": "project06",
    },
    {
        "code": "khai_sinh",
        "name": "Đăng ký khai sinh",
        "name_en": "Birth registration",
        "category": "project06",
    },
]


def guide(
    code: str, category: str, title: str, title_en: str, version: int = 1, **extra: object
) -> Guide:
    fields: dict = {
        "code": code,
        "category": category,
        "title": title,
        "title_en": title_en,
        "summary": extra.pop("summary", f"Hướng dẫn: {title}"),
        "services": extra.pop("services", []),
        "version": version,
        "updated_on": "2025-10-01",
        "source": "Hướng dẫn của Công an xã",
        "varies_by_province": "",
        "steps": [{"text": "Mở ứng dụng VNeID.", "text_en": "Open the VNeID app."}],
    }
    fields.update(extra)
    return Guide(**fields)


GUIDES = [
    guide(
        "thuong-tru",
        "project06",
        "Đăng ký thường trú",
        "Permanent residence",
        services=["thuong_tru"],
    ),
    guide(
        "vneid-m2",
        "vneid",
        "Kích hoạt tài khoản định danh điện tử mức 2",
        "Activate VNeID level 2",
        services=["vneid_muc_2"],
    ),
    guide(
        "khai-sinh",
        "project06",
        "Đăng ký khai sinh trực tuyến",
        "Birth registration online",
        services=["khai_sinh"],
    ),
]


def small_manifest(
    root: Path, content_version: str = "test-1", guides_: list[Guide] | None = None
) -> Manifest:
    return Manifest(
        content_version=content_version,
        categories=CATEGORIES,
        services=SERVICES,
        guides=GUIDES if guides_ is None else guides_,
        media=[],
        root=root,
    )


def small_store(tmp_path: Path) -> Store:
    """A store with exactly the small manifest above and the demo commune's villages."""
    store = Store(tmp_path / "small.sqlite3")
    guides.import_manifest(store, small_manifest(tmp_path))
    areas.add(store, [demo.PROVINCE, demo.COMMUNE, *demo.VILLAGES])
    return store


def add_household(
    store: Store, name: str = "Nguyễn Văn An", village_id: str = VILLAGE, phone: str | None = None
) -> Household:
    return households.create(store, HouseholdInput(name, village_id, phone, consent=True))


def known_services(store: Store, count: int = 2) -> list[str]:
    """Codes of services the store knows (whatever the bundled manifest holds today)."""
    codes = [s.code for s in guides.services(store)]
    assert len(codes) >= count
    return codes[:count]


def session_input(household_id: str, **changes: object) -> SessionInput:
    fields: dict = {
        "household_id": household_id,
        "services": ["vneid_muc_2"],
        "outcome": "done_online",
        "minutes": 15,
        "occurred_at": utcnow() - timedelta(hours=1),
    }
    fields.update(changes)
    return SessionInput(**fields)


def ago(**delta: float) -> datetime:
    return utcnow() - timedelta(**delta)


def has_diacritics(text: str) -> bool:
    """Vietnamese written properly carries marks (or đ) that plain ASCII does not."""
    return any(ch in "đĐ" or unicodedata.decomposition(ch) for ch in text if ch.isalpha())


def rejected(call: Callable[[], object], field: str, code: str) -> ValidationError:
    """Run `call`, expect a ValidationError for `field` with `code` and a Vietnamese message."""
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    assert (error.field, error.code) == (field, code)
    assert has_diacritics(error.message), error.message
    assert error.message_en and error.message_en != error.message
    assert error.text("vi") == error.message and error.text("en") == error.message_en
    return error
