"""Small building blocks the screens share: headings, choice chips, a picker, field errors.

They stay readable with the phone's text set large (Flutter's text scale up to 2.0): a chip's
label wraps onto more lines instead of losing its last words, and a picker shows its options
as such chips. Each has a name and a value for a screen reader."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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


def named_icon(icon: ft.IconData, name: str) -> dict[str, object]:
    """An icon button's icon and tooltip with its name on the button itself, for a screen
    reader: the icon's label merges into the button, and the tooltip (which Flutter would
    put on a node around the button) stays out of the accessibility tree, so it is read once."""
    return {
        "icon": ft.Icon(icon, semantics_label=name),
        "tooltip": ft.Tooltip(message=name, exclude_from_semantics=True),
    }


def chip(label: str, selected: bool, on_select: Callable[[], None]) -> ft.Semantics:
    """A choice chip, read as a checkbox with its label and whether it is ticked.

    Drawn here rather than with Flet's Chip: a Chip keeps a label given as a string on one
    line, and one given as a wrapping Text is laid out wider than it is drawn, so near the
    edge it still loses its last words ("...mức" without "2"), worse when the tick appears.
    This one's label wraps inside its own box at any text size."""
    words = ft.Text(label, size=CHIP_TEXT, expand=True, expand_loose=True)
    tick = ft.Icon(
        ft.Icons.CHECK, size=20, color=ft.Colors.ON_SECONDARY_CONTAINER, visible=selected
    )
    box = ft.Container(
        ft.Row([tick, words], tight=True, spacing=6),
        padding=ft.Padding.symmetric(horizontal=12, vertical=13),
        border_radius=8,
        bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else None,
        border=ft.Border.all(1, ft.Colors.PRIMARY if selected else ft.Colors.OUTLINE_VARIANT),
        on_click=on_select,
    )
    return ft.Semantics(
        content=ft.Semantics(content=box, exclude_semantics=True),
        label=label,
        checked=selected,
        on_tap=on_select,
        container=True,
    )


CHIP_TEXT = 15


def is_chip(control: ft.BaseControl) -> bool:
    return isinstance(control, ft.Semantics) and control.checked is not None


def chip_label(control: ft.Semantics) -> str:
    """The words on a chip."""
    return control.label or ""


def chip_row(chips: list[ft.Control]) -> ft.Row:
    return ft.Row(chips, wrap=True, spacing=8, run_spacing=8)


class Picker:
    """One choice out of a list (a village, a guide), for a finger and a screen reader alike.

    Flet's Dropdown reads as a button with no name and no value. This is a field that shows
    its label and the chosen option (read as one button: "label, value", and whether its
    options are open); tapping it opens the options beneath it as chips, which wrap at any
    text size; choosing one closes them and calls `on_select()`. `root` goes on the screen;
    `value` is the chosen key; `error_text` a message under the field (FieldErrors sets it).
    """

    def __init__(
        self,
        label: str,
        options: list[tuple[str, str]],
        value: str | None = None,
        on_select: Callable[[], None] | None = None,
        empty: str = "",
        key: str | None = None,
    ) -> None:
        self.label = label
        self.options = options  # (key, text)
        self.value = value
        self.on_select = on_select
        self.empty = empty  # shown while nothing is chosen
        self.is_open = False
        self._label = ft.Text(label, size=13, color=ft.Colors.ON_SURFACE_VARIANT)
        self._value = ft.Text("", size=BODY_SIZE)
        self._icon = ft.Icon(ft.Icons.ARROW_DROP_DOWN)
        self._box = ft.Container(
            ft.Column(
                [self._label, ft.Row([ft.Container(self._value, expand=True), self._icon])],
                spacing=2,
                tight=True,
            ),
            border=ft.Border.all(1, ft.Colors.OUTLINE),
            border_radius=4,
            padding=ft.Padding.symmetric(horizontal=12, vertical=8),
            on_click=self.toggle,
        )
        # The box's own texts are left out, so the button is read once, with its value.
        self._field = ft.Semantics(
            content=ft.Semantics(content=self._box, exclude_semantics=True),
            button=True,
            container=True,
            on_tap=self.toggle,
        )
        self._choices = ft.Container(
            chip_row([]), visible=False, padding=ft.Padding.only(left=4, top=4, bottom=4)
        )
        self._error = error_line()
        self.root = ft.Column(
            [self._field, self._choices, self._error],
            spacing=6,
            tight=True,
            key=ft.ScrollKey(key) if key else None,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self._render()

    @property
    def text(self) -> str:
        """The chosen option's words ('' when none is)."""
        return next((text for key, text in self.options if key == self.value), "")

    @property
    def error_text(self) -> str | None:
        return self._error.value if self._error.visible else None

    def show_error(self, message: str | None) -> None:
        self._error.value = message or ""
        self._error.visible = bool(message)
        self._render()

    def toggle(self) -> None:
        self.is_open = not self.is_open
        self._render()

    def choose(self, key: str) -> None:
        self.value = key
        self.is_open = False
        self.show_error(None)
        if self.on_select is not None:
            self.on_select()

    def _render(self) -> None:
        shown = self.text or self.empty
        self._value.value = shown
        self._icon.icon = ft.Icons.ARROW_DROP_UP if self.is_open else ft.Icons.ARROW_DROP_DOWN
        self._field.label = self.label
        self._field.value = shown
        self._field.expanded = self.is_open
        wrong = self._error.visible
        self._box.border = ft.Border.all(
            2 if wrong else 1, ft.Colors.ERROR if wrong else ft.Colors.OUTLINE
        )
        self._choices.visible = self.is_open
        self._choices.content.controls = [
            chip(text, key == self.value, partial(self.choose, key)) for key, text in self.options
        ]


class FieldErrors:
    """Shows a service's ValidationError next to the field it names.

    Text fields and dropdowns show it in their own error slot; groups of chips have an
    `error_line()` under them. A field with no place of its own falls back to `general`."""

    def __init__(
        self, places: dict[str, ft.Control | Picker], general: ft.Text, language: str
    ) -> None:
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
        if isinstance(place, (ft.Dropdown, Picker)):
            return place.error_text
        return place.value if place.visible else None

    @staticmethod
    def _put(place: ft.Control | Picker, message: str | None) -> None:
        if isinstance(place, ft.TextField):
            place.error = message
        elif isinstance(place, Picker):
            place.show_error(message)
        elif isinstance(place, ft.Dropdown):
            place.error_text = message
        else:
            place.value = message or ""
            place.visible = bool(message)
