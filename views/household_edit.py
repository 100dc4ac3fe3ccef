"""Changing a household's details (the head's name, the village, the phone): what the sync
screen opens to fix a household the server refused, e.g. one placed in a village the commune
no longer has. Consent was given when it was first recorded; it is not asked again."""

from __future__ import annotations

import flet as ft

from app.errors import ValidationError
from app.services import areas, households
from app.services.households import HouseholdInput
from views.base import Screen
from views.host import Host
from views.widgets import PAD, FieldErrors, error_line, muted


class HouseholdEditScreen(Screen):
    def __init__(self, host: Host, household_id: str) -> None:
        super().__init__(host)
        self.household_id = household_id
        self.title = self.t("household_edit_title")
        held = households.get(host.store, household_id)
        offered = areas.villages(host.store)
        self.name = ft.TextField(
            label=self.t("household_name"),
            value=held.head_name if held else "",
            capitalization=ft.TextCapitalization.WORDS,
        )
        # The village it is in is offered only while the commune still has it.
        self.village = ft.Dropdown(
            label=self.t("household_village"),
            options=[ft.DropdownOption(key=v.id, text=v.name) for v in offered],
            value=held.village_id if held and held.village_id in {v.id for v in offered} else None,
        )
        self.phone = ft.TextField(
            label=self.t("household_phone"),
            value=(held.phone or "") if held else "",
            keyboard_type=ft.KeyboardType.PHONE,
        )
        self.general_error = error_line()
        self.errors = FieldErrors(
            {"head_name": self.name, "village_id": self.village, "phone": self.phone},
            self.general_error,
            host.language,
        )
        self.save_button = ft.FilledButton(
            self.t("household_edit_save"), icon=ft.Icons.SAVE, on_click=self.save, height=52
        )
        self.root = ft.ListView(
            [self.name, self.village, self.phone, self.general_error, self.save_button]
            if held
            else [muted(self.t("household_missing"), 16)],
            expand=True,
            spacing=12,
            padding=PAD,
        )

    def save(self) -> None:
        self.errors.clear()
        try:
            households.update(
                self.host.store,
                self.household_id,
                HouseholdInput(
                    self.name.value or "",
                    self.village.value or "",
                    self.phone.value or None,
                    consent=True,
                ),
            )
        except ValidationError as error:
            self.errors.show(error)
            return
        self.host.notify(self.t("saved"))
        self.host.back()
