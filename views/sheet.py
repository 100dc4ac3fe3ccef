"""A household's guide sheet, to print or share as a PDF: the guides shared in its sessions come
pre-selected (chips to change the choice), with the team's name and contact phone (remembered
on the device; the enrolled team's name by default), in Vietnamese or, as its own choice, all
in English. Its codes carry the enrolled team's commune; a public address that no code may hold
(unset, an example domain) is said under the button instead of printing codes that lead
nowhere. The PDF goes through the platform's save dialog, which in a browser is a download. Its
file name carries the village, the date and a short mark of the household (the end of its id),
never the household's name: two households' sheets of one village on one day get two names."""

from __future__ import annotations

import asyncio
import re
from functools import partial

import flet as ft

from app.errors import DomainError, ValidationError
from app.services import areas, guides, households, settings, sheets, sync_state
from app.services.sheets import TeamContact
from app.text import fold
from views.base import Screen
from views.host import Host
from views.widgets import BODY_SIZE, PAD, FieldErrors, chip, chip_row, error_line, heading, muted
from wire.clock import today_local

TEAM_NAME, TEAM_PHONE = "sheet_team_name", "sheet_team_phone"  # keys of the app's settings


HOUSEHOLD_MARK = 6  # hex digits of the id's random end


def file_name(village: str, day, household_id: str) -> str:
    """'Thôn Đồng Mỏ', 2026-11-25, '0197…-8f3a2c' -> 'phieu-thon-dong-mo-2026-11-25-8f3a2c.pdf'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(village)).strip("-") or "thon"
    mark = re.sub(r"[^0-9a-f]", "", household_id.lower())[-HOUSEHOLD_MARK:]
    return f"phieu-{slug}-{day.isoformat()}-{mark}.pdf"


class SheetScreen(Screen):
    def __init__(self, host: Host, household_id: str) -> None:
        super().__init__(host)
        self.title = self.t("sheet_title")
        store = host.store
        self.household_id = household_id
        self.pdf: bytes | None = None  # the last sheet made, and the name it was saved under
        self.saved_as = ""
        household = households.get(store, household_id)
        if household is None:
            self.root = ft.Container(muted(self.t("household_missing"), 16), padding=PAD)
            return
        self.village = areas.get(store, household.village_id)
        self.titles = {g.code: self.pick(g.title, g.title_en) for g in guides.all_guides(store)}
        self.chosen = sheets.preselected_guides(store, household_id)
        self.preselected = list(self.chosen)
        self.show_all = not self.preselected  # nothing shared yet: the whole library to choose from
        self.team = ft.TextField(
            label=self.t("sheet_team"),
            value=settings.get(store, TEAM_NAME) or sync_state.get(store).team_name,
        )
        self.phone = ft.TextField(
            label=self.t("sheet_phone"),
            value=settings.get(store, TEAM_PHONE, ""),
            keyboard_type=ft.KeyboardType.PHONE,
        )
        self.language = "vi"  # of the sheet; an English sheet is its own choice
        self.language_chips = chip_row([])
        self.guide_chips = chip_row([])
        self.guides_toggle = ft.TextButton(on_click=self.toggle_all_guides)
        self.guides_error = error_line()
        self.contact_error = error_line()
        self.general_error = error_line()
        self.errors = FieldErrors(
            {"guides": self.guides_error, "team": self.contact_error},
            self.general_error,
            host.language,
        )
        self.make_button = ft.FilledButton(
            self.t("sheet_make"), icon=ft.Icons.PICTURE_AS_PDF, on_click=self.make_sheet, height=52
        )
        self.working = ft.Row(
            [ft.ProgressRing(width=20, height=20), muted(self.t("sheet_working"))], visible=False
        )
        # A Column, not a ListView: the whole library's chips are laid out at once, so a screen
        # reader (and a test) reaches the button under them.
        fields = ft.Column(
            [
                ft.Text(
                    self.t(
                        "sheet_for",
                        name=household.head_name,
                        place=areas.place_name(store, household.village_id),
                    ),
                    size=BODY_SIZE,
                    weight=ft.FontWeight.W_500,
                ),
                heading(self.t("sheet_guides", most=sheets.MAX_GUIDES_PER_SHEET)),
                *([muted(self.t("sheet_guides_hint"))] if self.preselected else []),
                self.guide_chips,
                ft.Row([self.guides_toggle]),
                self.guides_error,
                heading(self.t("sheet_language")),
                self.language_chips,
                self.team,
                self.phone,
                self.contact_error,
                self.general_error,
                self.working,
                self.make_button,
            ],
            spacing=10,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.root = ft.Column(
            [ft.Container(fields, padding=PAD)], scroll=ft.ScrollMode.AUTO, expand=True
        )
        self._render_chips()
        self._render_languages()

    def _render_languages(self) -> None:
        self.language_chips.controls = [
            chip(
                self.t(f"language_{code}"),
                code == self.language,
                partial(self.choose_language, code),
            )
            for code in ("vi", "en")
        ]

    def choose_language(self, code: str) -> None:
        self.language = code
        self._render_languages()

    def _render_chips(self) -> None:
        """The pre-selected guides (and any chosen since) first; the rest of the library on demand."""
        first = [*self.preselected, *(code for code in self.chosen if code not in self.preselected)]
        shown = (
            [*first, *(code for code in self.titles if code not in first)]
            if self.show_all
            else first
        )
        self.guide_chips.controls = [
            chip(self.titles[code], code in self.chosen, partial(self.toggle_guide, code))
            for code in shown
        ]
        self.guides_toggle.content = self.t("show_fewer" if self.show_all else "show_all")

    def toggle_all_guides(self) -> None:
        self.show_all = not self.show_all
        self._render_chips()

    def toggle_guide(self, code: str) -> None:
        if code in self.chosen:
            self.chosen.remove(code)
        else:
            self.chosen.append(code)
        self._render_chips()

    async def make_sheet(self) -> None:
        """Make the PDF (off the page's loop: it draws a QR per guide) and save it."""
        self.errors.clear()
        contact = TeamContact((self.team.value or "").strip(), (self.phone.value or "").strip())
        self._working(True)
        self.host.show_now()
        try:
            await self._make(contact)
        finally:
            self._working(False)
            self.host.show_now()  # once a handler has sent an update, Flet sends none at its end

    async def _make(self, contact: TeamContact) -> None:
        store = self.host.store
        try:
            config = self.host.settings
            pdf = await asyncio.to_thread(
                partial(
                    sheets.household_sheet,
                    store,
                    self.household_id,
                    contact,
                    config.public_base_url,
                    list(self.chosen),
                    demo=config.demo,
                    language=self.language,
                )
            )
        except ValidationError as error:
            self.errors.show(error)
            return
        except DomainError as error:  # the household was erased meanwhile
            self.general_error.value = error.text(self.host.language)
            self.general_error.visible = True
            return
        settings.put(store, TEAM_NAME, contact.team)
        settings.put(store, TEAM_PHONE, contact.phone)
        self.pdf = pdf
        self.saved_as = file_name(
            self.village.name if self.village else "", today_local(), self.household_id
        )
        await self.host.save_file(self.saved_as, pdf, self.t("sheet_make"))
        self.host.notify(self.t("sheet_made", file=self.saved_as))

    def _working(self, working: bool) -> None:
        self.working.visible = working
        self.make_button.disabled = working
