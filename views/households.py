"""Households: search by the head's name; before any search, the follow-ups ahead: overdue,
due today and due in the coming week; and each household's history of help sessions (unsynced
ones can be edited) and its guide sheet."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import flet as ft

from app.models import HelpSession, Household
from app.services import areas, guides, households
from views.base import Screen
from views.host import Host
from views.session import SessionScreen
from views.widgets import BODY_SIZE, PAD, heading, muted
from wire.clock import show_date, show_datetime, today_local

LIST_LIMIT = 50
AHEAD_DAYS = 7  # the follow-ups listed before they are due


class HouseholdsScreen(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = self.t("households_title")
        self.search = ft.TextField(
            label=self.t("households_search"),
            prefix_icon=ft.Icons.SEARCH,
            on_change=self.on_search,
            on_submit=self.on_search,
        )
        self.results = ft.ListView(
            expand=True, spacing=0, padding=ft.Padding.only(left=PAD / 2, right=PAD / 2, bottom=PAD)
        )
        self.root = ft.Column(
            [
                ft.Container(
                    self.search, padding=ft.Padding.only(left=PAD, right=PAD, top=PAD, bottom=8)
                ),
                self.results,
            ],
            expand=True,
            spacing=0,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.on_search()

    def refresh(self) -> None:
        self.on_search()

    def on_search(self) -> None:
        store = self.host.store
        self.places = areas.place_names(store)
        query = (self.search.value or "").strip()
        rows: list[ft.Control] = []
        if not query:
            rows += self._follow_ups()
            rows.append(self._heading(self.t("households_all")))
        found = households.search(store, query, limit=LIST_LIMIT)
        rows += [self._tile(h) for h in found]
        if not found:
            rows.append(
                ft.Container(
                    muted(self.t("households_no_match" if query else "households_none"), 16),
                    padding=PAD / 2,
                )
            )
        self.results.controls = rows

    def _follow_ups(self) -> list[ft.Control]:
        """Overdue, today, the coming week: each group under its heading, soonest first."""
        today = today_local()
        ahead = households.follow_ups(self.host.store, until=today + timedelta(days=AHEAD_DAYS))
        groups = [
            ("households_overdue", [d for d in ahead if d.due_on < today], ft.Icons.EVENT_BUSY),
            ("households_due", [d for d in ahead if d.due_on == today], ft.Icons.EVENT),
            ("households_week", [d for d in ahead if d.due_on > today], ft.Icons.EVENT_NOTE),
        ]
        rows: list[ft.Control] = []
        for key, due, icon in groups:
            if due:
                rows.append(self._heading(self.t(key, count=len(due))))
                rows += [self._tile(d.household, self._when(d.due_on, today), icon) for d in due]
        return rows

    def _when(self, due_on, today) -> str:
        days = (due_on - today).days
        if days < 0:
            return self.t("due_late", date=show_date(due_on), days=-days)
        if days > 0:
            return self.t("due_in", date=show_date(due_on), days=days)
        return self.t("due_on", date=show_date(due_on))

    @staticmethod
    def _heading(text: str) -> ft.Control:
        return ft.Container(heading(text), padding=ft.Padding.only(left=PAD / 2, top=12, bottom=4))

    def _tile(
        self, household: Household, note: str = "", icon: ft.IconData = ft.Icons.HOME_OUTLINED
    ) -> ft.Control:
        place = self.places.get(household.village_id, "")
        return ft.ListTile(
            leading=ft.Icon(icon),
            title=ft.Text(household.head_name, size=BODY_SIZE),
            subtitle=ft.Text(f"{place} · {note}" if note else place),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=partial(self.open_household, household.id),
        )

    def open_household(self, household_id: str) -> None:
        self.host.open(HouseholdScreen(self.host, household_id))


class HouseholdScreen(Screen):
    """One household and its sessions, newest first."""

    def __init__(self, host: Host, household_id: str) -> None:
        super().__init__(host)
        self.household_id = household_id
        self.service_names = {
            s.code: self.pick(s.name, s.name_en) for s in guides.services(host.store)
        }
        self.guide_titles = {
            g.code: self.pick(g.title, g.title_en) for g in guides.all_guides(host.store)
        }
        self.root = ft.ListView(expand=True, spacing=8, padding=PAD)
        self.refresh()

    def refresh(self) -> None:
        store = self.host.store
        household = households.get(store, self.household_id)
        if household is None:
            self.title = self.t("households_title")
            self.root.controls = [muted(self.t("household_missing"), 16)]
            return
        self.title = self.t("households_title")
        details = areas.place_name(store, household.village_id)
        if household.phone:
            details += f" · {household.phone}"
        history = households.history(store, household.id)
        self.root.controls = [
            ft.Text(household.head_name, size=24, weight=ft.FontWeight.BOLD),
            ft.Text(details, size=BODY_SIZE),
            ft.Row(
                [
                    ft.FilledButton(
                        self.t("household_new_session"),
                        icon=ft.Icons.EDIT_NOTE,
                        on_click=self.record_session,
                    ),
                    ft.OutlinedButton(
                        self.t("household_print_sheet"),
                        icon=ft.Icons.PRINT,
                        on_click=self.print_sheet,
                    ),
                ],
                wrap=True,
                spacing=8,
                run_spacing=8,
            ),
            heading(self.t("household_history")),
            *(
                [self._session_card(s) for s in history]
                or [muted(self.t("household_no_sessions"), 16)]
            ),
        ]

    def _session_card(self, record: HelpSession) -> ft.Control:
        lines = [
            ft.Text(show_datetime(record.occurred_at), size=14, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(
                ", ".join(self.service_names.get(code, code) for code in record.services),
                size=BODY_SIZE,
                weight=ft.FontWeight.W_500,
            ),
            ft.Text(self._outcome(record), size=15),
        ]
        if record.guides:
            lines.append(
                ft.Text(
                    f"{self.t('session_guides')}: "
                    + ", ".join(self.guide_titles.get(code, code) for code in record.guides),
                    size=14,
                )
            )
        if record.note:
            lines.append(ft.Text(record.note, size=14, italic=True))
        synced = record.synced_at is not None
        status = ft.Row(
            [
                ft.Icon(
                    ft.Icons.CLOUD_DONE if synced else ft.Icons.CLOUD_UPLOAD_OUTLINED,
                    size=18,
                    color=ft.Colors.ON_SURFACE_VARIANT,
                ),
                muted(self.t("session_synced" if synced else "session_not_synced")),
                *(
                    []
                    if synced
                    else [
                        ft.TextButton(
                            self.t("session_edit"),
                            icon=ft.Icons.EDIT,
                            on_click=partial(self.edit_session, record.id),
                        )
                    ]
                ),
            ],
            spacing=6,
        )
        return ft.Card(ft.Container(ft.Column([*lines, status], spacing=4), padding=12))

    def _outcome(self, record: HelpSession) -> str:
        text = self.t(f"outcome_{record.outcome}")
        if record.follow_up_on:
            text += f" · {self.t('due_on', date=show_date(record.follow_up_on))}"
        return f"{text} · {self.t('session_minutes_short', minutes=record.minutes)}"

    def record_session(self) -> None:
        self.host.open(SessionScreen(self.host, household_id=self.household_id))

    def print_sheet(self) -> None:
        from views.sheet import SheetScreen  # its PDF library takes 0.17 s to load: not at start

        self.host.open(SheetScreen(self.host, self.household_id))

    def edit_session(self, session_id: str) -> None:
        self.host.open(SessionScreen(self.host, session_id=session_id))
