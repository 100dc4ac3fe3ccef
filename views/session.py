"""Recording a help session in a handful of taps: the household (found or added with its
consent), the services as chips, the guides shared, the outcome, the minutes, a note.
The same screen edits a session that has not been synced yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

import flet as ft

from app.errors import DomainError, ValidationError
from app.models import Household, Outcome
from app.services import areas, guides, households, sessions, settings, stats
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from views.base import Screen
from views.host import Host
from views.widgets import PAD, FieldErrors, chip, chip_row, error_line, heading, muted
from wire.clock import local, show_date, today_local

QUICK_MINUTES = [5, 10, 15, 20, 30, 45, 60]
DEFAULT_MINUTES = 10
FOLLOW_UP_DAYS = [1, 3, 7, 14]
SUGGESTED_SERVICES = 8
HOUSEHOLD_MATCHES = 5
OUTCOMES = [Outcome.DONE_ONLINE.value, Outcome.FOLLOW_UP.value, Outcome.REFERRED.value]


@dataclass
class SessionForm:
    """What the volunteer has chosen so far; the typed text stays in the text fields."""

    household: Household | None = None
    adding_household: bool = False
    services: list[str] = field(default_factory=list)
    guides: list[str] = field(default_factory=list)
    outcome: str | None = None
    follow_up_on: date | None = None
    minutes: int = DEFAULT_MINUTES
    all_services: bool = False
    all_guides: bool = False


class SessionScreen(Screen):
    def __init__(self, host: Host, guide_code: str | None = None, household_id: str | None = None,
                 session_id: str | None = None) -> None:
        super().__init__(host)
        store = host.store
        self.editing = sessions.get(store, session_id) if session_id else None
        self.title = self.t("session_edit_title" if self.editing else "session_title")
        self.services = guides.services(store)
        self.guides = guides.all_guides(store)
        self.frequent = stats.frequent_services(store, SUGGESTED_SERVICES)
        self.form = self._first_form(guide_code, household_id)
        # Offered first: what is chosen, what this device records most, what the library has
        # guides for; then the rest of the catalogue.
        with_guides = [s.code for s in self.services if any(s.code in g.services for g in self.guides)]
        ordered = dict.fromkeys([*self.form.services, *self.frequent, *with_guides, *(s.code for s in self.services)])
        self.suggested = list(ordered)[:max(SUGGESTED_SERVICES, len(self.form.services))]
        self.saved_id: str | None = None
        self._build()
        self._render()

    def _first_form(self, guide_code: str | None, household_id: str | None) -> SessionForm:
        store = self.host.store
        if self.editing:
            e = self.editing
            return SessionForm(households.get(store, e.household_id), services=list(e.services),
                               guides=list(e.guides), outcome=e.outcome, follow_up_on=e.follow_up_on,
                               minutes=e.minutes)
        form = SessionForm(households.get(store, household_id) if household_id else None)
        guide = guides.get(store, guide_code) if guide_code else None
        if guide:
            form.guides = [guide.code]
            known = {s.code for s in self.services}
            form.services = [code for code in guide.services if code in known]
        return form

    # -- building the controls -------------------------------------------------------------

    def _build(self) -> None:
        store = self.host.store
        self.household_search = ft.TextField(
            label=self.t("session_find_household"), prefix_icon=ft.Icons.SEARCH, on_change=self.on_household_search)
        self.household_matches = ft.Column(spacing=0)
        self.chosen_household = ft.Column(spacing=0)
        self.add_household_button = ft.TextButton(
            self.t("session_new_household"), icon=ft.Icons.PERSON_ADD, on_click=self.start_new_household)
        self.name = ft.TextField(label=self.t("household_name"), capitalization=ft.TextCapitalization.WORDS)
        self.village = ft.Dropdown(
            label=self.t("household_village"),
            options=[ft.DropdownOption(key=v.id, text=v.name) for v in areas.villages(store)],
            value=settings.last_village(store),
        )
        self.phone = ft.TextField(label=self.t("household_phone"), keyboard_type=ft.KeyboardType.PHONE)
        # Never ticked in advance: the volunteer asks, the household says yes. The text sits
        # beside the box (a checkbox's own label does not wrap on a phone).
        self.consent = ft.Checkbox(value=False, semantics_label=self.t("household_consent"))
        consent_text = ft.Container(ft.Text(self.t("household_consent"), size=15), expand=True,
                                    on_click=self.toggle_consent)
        self.consent_error = error_line()
        self.new_household = ft.Column(
            [self.name, self.village, self.phone,
             ft.Row([self.consent, consent_text], vertical_alignment=ft.CrossAxisAlignment.START),
             self.consent_error],
            spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.household_error = error_line()

        self.service_chips = chip_row([])
        self.services_toggle = ft.TextButton(on_click=self.toggle_all_services)
        self.services_error = error_line()
        self.guide_chips = chip_row([])
        self.guides_toggle = ft.TextButton(on_click=self.toggle_all_guides)
        self.guides_error = error_line()
        self.outcome_chips = chip_row([])
        self.outcome_error = error_line()
        self.follow_up_chips = chip_row([])
        self.follow_up_label = ft.Text("", size=16, weight=ft.FontWeight.W_500)
        self.follow_up_error = error_line()
        self.follow_up = ft.Column([heading(self.t("session_follow_up")), self.follow_up_chips,
                                    self.follow_up_label, self.follow_up_error], spacing=8)
        self.minute_chips = chip_row([])
        self.minutes_error = error_line()
        self.note = ft.TextField(label=self.t("session_note"), multiline=True, min_lines=1, max_lines=4,
                                 max_length=sessions.MAX_NOTE, value=self.editing.note if self.editing else "")
        self.general_error = error_line()
        self.save_button = ft.FilledButton(
            self.t("session_save_changes" if self.editing else "session_save"), icon=ft.Icons.SAVE,
            on_click=self.save)
        self.errors = FieldErrors(
            {
                "household_id": self.household_error, "head_name": self.name, "village_id": self.village,
                "phone": self.phone, "consent": self.consent_error, "services": self.services_error,
                "guides": self.guides_error, "outcome": self.outcome_error, "follow_up_on": self.follow_up_error,
                "minutes": self.minutes_error, "note": self.note,
            },
            self.general_error,
            self.host.language,
        )
        # Columns, not a ListView: the whole form is laid out, so every field is reachable.
        fields = ft.Column(
            [
                heading(self.t("session_household")), self.chosen_household, self.household_search,
                self.household_matches, self.add_household_button, self.new_household, self.household_error,
                heading(self.t("session_services")), self.service_chips, self.services_toggle, self.services_error,
                heading(self.t("session_outcome")), self.outcome_chips, self.outcome_error, self.follow_up,
                heading(self.t("session_minutes")), self.minute_chips, self.minutes_error,
                heading(self.t("session_guides")), self.guide_chips, self.guides_toggle, self.guides_error,
                self.note, self.general_error, self.save_button,
            ],
            spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.root = ft.Column([ft.Container(fields, padding=PAD)], scroll=ft.ScrollMode.AUTO, expand=True,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    # -- showing the state -----------------------------------------------------------------

    def _render(self) -> None:
        self._render_household()
        self._render_services()
        self._render_guides()
        f = self.form
        self.outcome_chips.controls = [chip(self.t(f"outcome_{o}"), f.outcome == o, partial(self.choose_outcome, o))
                                       for o in OUTCOMES]
        self.follow_up.visible = f.outcome == Outcome.FOLLOW_UP.value
        today = today_local()
        days = [(f.follow_up_on - today).days] if f.follow_up_on else []
        self.follow_up_chips.controls = [
            *(chip(self._in_days(n), n in days, partial(self.choose_follow_up, n)) for n in FOLLOW_UP_DAYS),
            ft.Chip(label=self.t("follow_up_pick"), leading=ft.Icon(ft.Icons.EVENT), on_click=self.pick_date),
        ]
        self.follow_up_label.value = self.t("follow_up_chosen", date=show_date(f.follow_up_on)) if f.follow_up_on else ""
        minutes = sorted({*QUICK_MINUTES, f.minutes})
        self.minute_chips.controls = [chip(self.t("minutes_value", minutes=m), f.minutes == m,
                                           partial(self.choose_minutes, m)) for m in minutes]

    def _in_days(self, days: int) -> str:
        if days == 1:
            return self.t("follow_up_tomorrow")
        if days == 7:
            return self.t("follow_up_week")
        if days == 14:
            return self.t("follow_up_two_weeks")
        return self.t("follow_up_days", days=days)

    def _render_household(self) -> None:
        f = self.form
        chosen = f.household
        self.chosen_household.controls = [] if chosen is None else [ft.Card(ft.ListTile(
            leading=ft.Icon(ft.Icons.HOME),
            title=ft.Text(chosen.head_name, size=17, weight=ft.FontWeight.W_500),
            subtitle=ft.Text(areas.place_name(self.host.store, chosen.village_id)),
            trailing=ft.TextButton(self.t("session_change_household"), on_click=self.change_household),
        ))]
        picking = chosen is None and not f.adding_household
        self.household_search.visible = picking
        self.household_matches.visible = picking
        self.add_household_button.visible = picking
        self.new_household.visible = chosen is None and f.adding_household
        if picking:
            self._render_matches()

    def _render_matches(self) -> None:
        store = self.host.store
        query = (self.household_search.value or "").strip()
        if query:
            found = households.search(store, query, limit=HOUSEHOLD_MATCHES)
            rows: list[ft.Control] = [] if found else [muted(self.t("session_no_match"))]
        else:
            found = [due.household for due in households.follow_ups(store)][:HOUSEHOLD_MATCHES]
            rows = [muted(self.t("session_due_today"))] if found else []
        places = areas.place_names(store)
        rows += [ft.ListTile(
            leading=ft.Icon(ft.Icons.HOME_OUTLINED),
            title=ft.Text(h.head_name),
            subtitle=ft.Text(places.get(h.village_id, "")),
            on_click=partial(self.choose_household, h.id),
            dense=True,
        ) for h in found]
        self.household_matches.controls = rows

    def _service_name(self, code: str) -> str:
        for service in self.services:
            if service.code == code:
                return self.pick(service.name, service.name_en)
        return code

    def _render_services(self) -> None:
        f = self.form
        if f.all_services:
            shown = [s.code for s in self.services]
        else:  # the same chips stay in the same places while the volunteer taps
            shown = self.suggested + [code for code in f.services if code not in self.suggested]
        self.service_chips.controls = [chip(self._service_name(code), code in f.services,
                                            partial(self.toggle_service, code)) for code in shown]
        self.services_toggle.content = self.t("show_fewer" if f.all_services else "show_all")

    def _render_guides(self) -> None:
        f = self.form
        related = [g for g in self.guides if g.code in f.guides or set(g.services) & set(f.services)]
        shown = self.guides if f.all_guides else related
        self.guide_chips.controls = [chip(self.pick(g.title, g.title_en), g.code in f.guides,
                                          partial(self.toggle_guide, g.code)) for g in shown]
        self.guides_toggle.content = self.t("show_fewer" if f.all_guides else "show_all")

    # -- handlers --------------------------------------------------------------------------

    def on_household_search(self) -> None:
        self._render_matches()

    def choose_household(self, household_id: str) -> None:
        self.form.household = households.get(self.host.store, household_id)
        self.form.adding_household = False
        self.household_error.visible = False
        self._render_household()

    def change_household(self) -> None:
        self.form.household = None
        self._render_household()

    def start_new_household(self) -> None:
        self.form.adding_household = True
        if not self.name.value:
            self.name.value = self.household_search.value or ""
        self._render_household()

    def toggle_consent(self) -> None:
        self.consent.value = not self.consent.value

    def toggle_service(self, code: str) -> None:
        _toggle(self.form.services, code)
        self._render_services()
        self._render_guides()

    def toggle_all_services(self) -> None:
        self.form.all_services = not self.form.all_services
        self._render_services()

    def toggle_guide(self, code: str) -> None:
        _toggle(self.form.guides, code)
        self._render_guides()

    def toggle_all_guides(self) -> None:
        self.form.all_guides = not self.form.all_guides
        self._render_guides()

    def choose_outcome(self, outcome: str) -> None:
        self.form.outcome = outcome
        self._render()

    def choose_follow_up(self, days: int) -> None:
        self.form.follow_up_on = today_local() + timedelta(days=days)
        self._render()

    def pick_date(self) -> None:
        today = today_local()
        self.date_picker = ft.DatePicker(
            value=self.form.follow_up_on or today + timedelta(days=1),
            first_date=today, last_date=today + timedelta(days=365),
            on_change=self.on_date_picked,
        )
        self.host.show_dialog(self.date_picker)

    def on_date_picked(self) -> None:
        picked = self.date_picker.value
        if isinstance(picked, datetime):
            picked = local(picked).date() if picked.tzinfo else picked.date()
        self.form.follow_up_on = picked
        self._render()

    def choose_minutes(self, minutes: int) -> None:
        self.form.minutes = minutes
        self._render()

    def save(self) -> None:
        self.errors.clear()
        store = self.host.store
        try:
            household = self.form.household or self._add_household()
            data = SessionInput(
                household_id=household.id if household else "",
                services=list(self.form.services),
                guides=list(self.form.guides),
                outcome=self.form.outcome or "",
                minutes=self.form.minutes,
                follow_up_on=self.form.follow_up_on if self.form.outcome == Outcome.FOLLOW_UP.value else None,
                note=self.note.value or "",
                occurred_at=self.editing.occurred_at if self.editing else None,
            )
            if self.editing:
                saved = sessions.update(store, self.editing.id, data)
            else:
                saved = sessions.record(store, data)
        except ValidationError as error:
            self.errors.show(error)
            return
        except DomainError as error:  # e.g. synced meanwhile: no longer editable
            self.errors.general.value = error.text(self.host.language)
            self.errors.general.visible = True
            return
        self.saved_id = saved.id
        name = self.form.household.head_name if self.form.household else ""
        self.host.notify(self.t("session_saved", name=name))
        self.host.after_session_saved(self)

    def _add_household(self) -> Household | None:
        """Adds the new household first (a real visit, consented); if the session's own
        fields then need fixing, the household stays chosen so saving again adds no twin."""
        if not self.form.adding_household:
            return None
        household = households.create(self.host.store, HouseholdInput(
            head_name=self.name.value or "",
            village_id=self.village.value or "",
            phone=self.phone.value or None,
            consent=bool(self.consent.value),
        ))
        self.form.household = household
        self.form.adding_household = False
        self._render_household()
        return household


def _toggle(chosen: list[str], code: str) -> None:
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
