"""Small building blocks the screens share: headings, choice chips, field errors."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.errors import ValidationError
from views.host import Said

BODY_SIZE = 17
STEP_SIZE = 20  # steps are read aloud from the screen, often by older eyes
PAD = 16


def heading(text: str) -> ft.Text:
    return ft.Text(text, size=18, weight=ft.FontWeight.BOLD)


def muted(text: str, size: int = 14) -> ft.Text:
    return ft.Text(text, size=size, color=ft.Colors.ON_SURFACE_VARIANT)


def error_line() -> ft.Text:
    """A red line under a group of chips, hidden until a rule is broken there."""
    return ft.Text("", color=ft.Colors.ERROR, size=14, visible=False)


def chip(label: str, selected: bool, on_select: Callable[[], None]) -> ft.Chip:
    return ft.Chip(label=label, selected=selected, on_select=on_select, show_checkmark=True)


def chip_row(chips: list[ft.Control]) -> ft.Row:
    return ft.Row(chips, wrap=True, spacing=8, run_spacing=8)


class FieldErrors:
    """Shows a service's ValidationError next to the field it names.

    Text fields and dropdowns show it in their own error slot; groups of chips have an
    `error_line()` under them. A field with no place of its own falls back to `general`."""

    def __init__(self, places: dict[str, ft.Control], general: ft.Text, language: str) -> None:
        self.places = places
        self.general = general
        self.language = language

    def clear(self) -> None:
        for place in [*self.places.values(), self.general]:
            self._put(place, None)

    def show(self, error: ValidationError) -> None:
        self.show_on(error.field, error)

    def show_on(self, field: str, reason: Said) -> None:
        """`reason` (any error with words, e.g. a refused enrolment) next to `field`."""
        self.clear()
        self._put(self.places.get(field, self.general), reason.text(self.language))

    def message(self, field: str) -> str | None:
        """The message shown for `field` now, if any."""
        place = self.places.get(field, self.general)
        if isinstance(place, ft.TextField):
            return place.error
        if isinstance(place, ft.Dropdown):
            return place.error_text
        return place.value if place.visible else None

    @staticmethod
    def _put(place: ft.Control, message: str | None) -> None:
        if isinstance(place, ft.TextField):
            place.error = message
        elif isinstance(place, ft.Dropdown):
            place.error_text = message
        else:
            place.value = message or ""
            place.visible = bool(message)
