"""The device's small preferences, kept in the app_settings table."""

from __future__ import annotations

from app.db import Store
from app.models import AppSetting

LANGUAGES = ("vi", "en")


def get(store: Store, key: str, default: str | None = None) -> str | None:
    with store.session() as session:
        row = session.get(AppSetting, key)
        return row.value if row else default


def put(store: Store, key: str, value: str) -> None:
    with store.session() as session:
        session.merge(AppSetting(key=key, value=value))


def language(store: Store) -> str:
    return get(store, "language", "vi") or "vi"


def set_language(store: Store, code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    put(store, "language", code)


def last_village(store: Store) -> str | None:
    return get(store, "last_village_id")
