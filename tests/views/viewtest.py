"""Driving screens without a Flutter client: walk the controls a screen built, read what it
shows, and fire their handlers the way the client does (set the value, then call on_change)."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Iterator

import flet as ft

from content.manifest import Manifest, MediaFile
from views.widgets import chip_label, is_chip
from wire.guides import Guide

PUBLIC_BASE_URL = "https://huongdan.quangninh.gov.vn"  # a province's own domain

# Properties that hold words a person sees (when they hold a string).
_SHOWN = ("value", "label", "content", "title", "subtitle", "text", "error", "error_text")


def walk(root: ft.BaseControl) -> Iterator[ft.BaseControl]:
    """Every control shown under `root` (hidden ones and what they hold are left out)."""
    if getattr(root, "visible", True) is False:
        return
    yield root
    for f in dataclasses.fields(root):
        if f.name.startswith("_") or f.name.startswith("on_"):
            continue
        value = getattr(root, f.name, None)
        if isinstance(value, ft.BaseControl):
            yield from walk(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ft.BaseControl):
                    yield from walk(item)


def texts(root: ft.BaseControl) -> list[str]:
    found = []
    for control in walk(root):
        for name in _SHOWN:
            value = getattr(control, name, None)
            if isinstance(value, str) and value:
                found.append(value)
    return found


def shown(root: ft.BaseControl) -> str:
    return "\n".join(texts(root))


def find_all(root: ft.BaseControl, kind: type, text: str | None = None) -> list:
    """Controls of `kind` under `root` whose own words contain `text`."""
    return [c for c in walk(root) if isinstance(c, kind) and (text is None or text in shown(c))]


def find(root: ft.BaseControl, kind: type, text: str | None = None):
    found = find_all(root, kind, text)
    assert found, f"no {kind.__name__} showing {text!r} in:\n{shown(root)}"
    return found[0]


def tappable(root: ft.BaseControl, text: str):
    """The first control with a tap handler that shows `text` (a button, a tile, a chip)."""
    for control in walk(root):
        handler = getattr(control, "on_click", None) or getattr(control, "on_select", None)
        if handler and text in shown(control):
            return control
    raise AssertionError(f"nothing to tap showing {text!r} in:\n{shown(root)}")


def tap(control: ft.BaseControl) -> None:
    """What the client does on a tap: a checkbox flips its value first, a chip its selection.
    An async handler is run to its end."""
    if isinstance(control, ft.Checkbox):
        control.value = not control.value
        if control.on_change:
            _run(control.on_change())
        return
    if isinstance(control, ft.Chip) and control.on_select:
        control.selected = not control.selected
        _run(control.on_select())
        return
    if is_chip(control):  # views.widgets.chip: the screen redraws it
        _run(control.on_tap())
        return
    _run(control.on_click())


def _run(result: object) -> None:
    if inspect.iscoroutine(result):
        asyncio.run(result)


def tap_text(root: ft.BaseControl, text: str) -> None:
    tap(tappable(root, text))


def type_into(field: ft.TextField, text: str) -> None:
    field.value = text
    if field.on_change:
        field.on_change()


def chips(root: ft.BaseControl) -> list[ft.Semantics]:
    """The choice chips (views.widgets.chip) under `root`."""
    return [c for c in walk(root) if is_chip(c)]


def chip(root: ft.BaseControl, label: str) -> ft.Semantics:
    """The chip of that label; `.checked` says whether it is chosen."""
    return next(c for c in chips(root) if chip_label(c) == label)


def small_manifest(root) -> Manifest:
    """Three guides with exact words, for searching; no media files."""

    def guide(
        code: str, category: str, title: str, title_en: str, services: list[str], **english: str
    ) -> Guide:
        fields = {"varies_by_province": "", **english}  # and what else the guide has in English
        return Guide(
            code=code,
            category=category,
            title=title,
            title_en=title_en,
            summary=f"Hướng dẫn: {title}",
            services=services,
            version=2,
            updated_on="2026-10-01",
            source="Công an xã",
            steps=[
                {"text": "Mở ứng dụng VNeID.", "text_en": "Open the VNeID app."},
                {"text": "Bấm “Đăng nhập”.", "text_en": "Tap “Đăng nhập” (log in)."},
            ],
            **fields,
        )

    return Manifest(
        content_version="view-test-1",
        categories=[
            {
                "code": "project06",
                "name": "Dịch vụ công thiết yếu",
                "name_en": "Essential public services",
            },
            {
                "code": "vneid",
                "name": "Định danh điện tử VNeID",
                "name_en": "VNeID electronic identity",
            },
        ],
        services=[
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
            {
                "code": "vneid_muc_2",
                "name": "Kích hoạt tài khoản VNeID mức 2",
                "name_en": "Activating a level-2 VNeID account",
                "category": "vneid",
            },
        ],
        guides=[
            guide(
                "thuong-tru",
                "project06",
                "Đăng ký thường trú",
                "Permanent residence",
                ["thuong_tru"],
                summary_en="A guide to registering permanent residence",
                source_en="Commune police",
                varies_by_province="Một số xã yêu cầu mang giấy tờ nhà đến trực tiếp.",
                varies_by_province_en="Some communes ask for the house's papers in person.",
            ),
            guide(
                "khai-sinh",
                "project06",
                "Đăng ký khai sinh trực tuyến",
                "Birth registration online",
                ["khai_sinh"],
            ),
            guide(
                "vneid-m2",
                "vneid",
                "Kích hoạt tài khoản định danh điện tử mức 2",
                "Activate VNeID level 2",
                ["vneid_muc_2"],
            ),
        ],
        media=[],
        root=root,
    )


def guide_with_media(manifest: Manifest) -> Guide:
    """A bundled guide that has both a video and an infographic."""
    return next(g for g in manifest.guides if "video" in g.media and "infographic" in g.media)


def media_of(manifest: Manifest, sha256: str) -> MediaFile:
    return next(m for m in manifest.media if m.sha256 == sha256)
