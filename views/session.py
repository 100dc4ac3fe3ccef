"""Recording a help session in a handful of taps: the household (found or added with its
consent), the services as chips, the guides shared, the outcome, the minutes, a note.
The same screen edits a session that has not been synced yet.

Nothing typed is lost: the form is kept as a draft on the device at every change
(app.services.drafts), so it comes back as it was after a tab switch or the app's restart,
until the session is saved or the draft thrown away. A new household is written only with its
session (app.services.visits). A save that a rule refuses scrolls the form to the field at
fault, which shows the message, and says it beside the Save button too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

import flet as ft

from app.errors import DomainError, ValidationError
from app.models import Household, Outcome
from app.services import areas, drafts, guides, households, sessions, settings, stats, visits
from app.services.drafts import SessionDraft
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from views.base import Screen
from views.host import Host
from views.widgets import PAD, FieldErrors, Picker, chip, chip_row, error_line, heading, muted
from wire.clock import local, show_date, show_datetime, today_local

QUICK_MINUTES = [5, 10, 15, 20, 30, 45, 60]
DEFAULT_MINUTES = 10
FOLLOW_UP_DAYS = [1, 3, 7, 14]
SUGGESTED_SERVICES = 8
HOUSEHOLD_MATCHES = 5
OUTCOMES = [Outcome.DONE_ONLINE.value, Outcome.FOLLOW_UP.value, Outcome.REFERRED.value]
# Where the form scrolls to for a rule broken on a field (ScrollKeys of its sections).
SCROLL_TO = {
    "household_id": "household",
    "head_name": "head_name",
    "village_id": "village_id",
    "phone": "phone",
    "consent": "consent",
    "services": "services",
    "guides": "guides",
    "outcome": "outcome",
    "follow_up_on": "follow_up",
    "minutes": "minutes",
    "note": "note",
}


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
    def __init__(
        self,
        host: Host,
        guide_code: str | None = None,
        household_id: str | None = None,
        session_id: str | None = None,
    ) -> None:
        super().__init__(host)
        store = host.store
        self.editing = sessions.get(store, session_id) if session_id else None
        self.title = self.t("session_edit_title" if self.editing else "session_title")
        self.services = guides.services(store)
        self.guides = guides.all_guides(store)
        self.frequent = stats.frequent_services(store, SUGGESTED_SERVICES)
        self.guide_code, self.household_id = guide_code, household_id
        self.draft_key = drafts.editing(self.editing.id) if self.editing else drafts.NEW
        self.form = self._first_form()
        self.saved_id: str | None = None
        self._build()
        self.pristine = self._draft()  # the form as it opens, before any draft: not worth keeping
        self.restored = drafts.load(store, self.draft_key)
        if self.restored is not None:
            self._apply(self.restored)
            self._apply_presets()
        self._suggest()
        self._render()
        self._keep_draft()

    def _first_form(self) -> SessionForm:
        store = self.host.store
        if self.editing:
            e = self.editing
            return SessionForm(
                households.get(store, e.household_id),
                services=list(e.services),
                guides=list(e.guides),
                outcome=e.outcome,
                follow_up_on=e.follow_up_on,
                minutes=e.minutes,
            )
        form = SessionForm()
        self._apply_presets(form)
        return form

    def _apply_presets(self, form: SessionForm | None = None) -> None:
        """What the form was opened with (from a guide, from a household) goes onto it, over a
        draft too: the guide and its services are added, the household is the one chosen."""
        form = form or self.form
        store = self.host.store
        if self.household_id:
            chosen = households.get(store, self.household_id)
            if chosen is not None:
                form.household, form.adding_household = chosen, False
        guide = guides.get(store, self.guide_code) if self.guide_code else None
        if guide:
            form.guides = list(dict.fromkeys([*form.guides, guide.code]))
            known = {s.code for s in self.services}
            offered = (c for c in guide.services if c in known)
            form.services = list(dict.fromkeys([*form.services, *offered]))

    def _suggest(self) -> None:
        # Offered first: what is chosen, what this device records most, what the library has
        # guides for; then the rest of the catalogue.
        with_guides = [
            s.code for s in self.services if any(s.code in g.services for g in self.guides)
        ]
        ordered = dict.fromkeys(
            [*self.form.services, *self.frequent, *with_guides, *(s.code for s in self.services)]
        )
        self.suggested = list(ordered)[: max(SUGGESTED_SERVICES, len(self.form.services))]

    # -- building the controls -------------------------------------------------------------

    def _build(self) -> None:
        store = self.host.store
        self.restored_text = ft.Text("", size=15, expand=True)  # (an expand in a wrapping Row
        # throws Flutter's layout and its semantics tree off the screen)
        said = ft.Row(
            [ft.Icon(ft.Icons.RESTORE, color=ft.Colors.PRIMARY), self.restored_text],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        discard = ft.TextButton(
            self.t("draft_discard"), icon=ft.Icons.DELETE_OUTLINE, on_click=self.discard_draft
        )
        self.restored_line = ft.Container(
            ft.Column([said, ft.Row([discard])], spacing=2),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=8,
            visible=False,
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        )
        self.household_search = ft.TextField(
            label=self.t("session_find_household"),
            prefix_icon=ft.Icons.SEARCH,
            on_change=self.on_household_search,
        )
        self.household_matches = ft.Column(spacing=0)
        self.chosen_household = ft.Column(spacing=0)
        self.add_household_button = ft.TextButton(
            self.t("session_new_household"),
            icon=ft.Icons.PERSON_ADD,
            on_click=self.start_new_household,
        )
        self.name = ft.TextField(
            label=self.t("household_name"),
            key=ft.ScrollKey("head_name"),
            capitalization=ft.TextCapitalization.WORDS,
            on_change=self.on_typed,
        )
        self.village = Picker(
            self.t("household_village"),
            [(v.id, v.name) for v in areas.villages(store)],
            settings.last_village(store),
            on_select=self.on_typed,
            empty=self.t("picker_none"),
            key="village_id",
        )
        self.phone = ft.TextField(
            label=self.t("household_phone"),
            key=ft.ScrollKey("phone"),
            keyboard_type=ft.KeyboardType.PHONE,
            on_change=self.on_typed,
        )
        # Never ticked in advance: the volunteer asks, the household says yes. The text sits
        # beside the box (a checkbox's own label does not wrap on a phone); a screen reader
        # reads it once, as the box's name.
        self.consent = ft.Checkbox(
            value=False, semantics_label=self.t("household_consent"), on_change=self.on_typed
        )
        said = ft.Container(
            ft.Text(self.t("household_consent"), size=15), on_click=self.toggle_consent
        )
        consent_text = ft.Semantics(content=said, exclude_semantics=True, expand=True)
        self.consent_error = error_line()
        self.back_to_search = ft.TextButton(
            self.t("session_pick_existing"),
            icon=ft.Icons.ARROW_BACK,
            on_click=self.cancel_new_household,
        )
        self.new_household = ft.Column(
            [
                self.name,
                self.village.root,
                self.phone,
                ft.Row(
                    [self.consent, consent_text],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                    key=ft.ScrollKey("consent"),
                ),
                self.consent_error,
                ft.Row([self.back_to_search]),
            ],
            spacing=8,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
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
        self.follow_up = ft.Column(
            [
                heading(self.t("session_follow_up")),
                self.follow_up_chips,
                self.follow_up_label,
                self.follow_up_error,
            ],
            spacing=8,
            key=ft.ScrollKey("follow_up"),
        )
        self.minute_chips = chip_row([])
        self.minutes_error = error_line()
        self.note = ft.TextField(
            # A short label stays inside the border at 200 % text; the warning wraps below.
            label=self.t("session_note"),
            helper=self.t("session_note_help"),
            helper_max_lines=3,
            multiline=True,
            min_lines=1,
            max_lines=4,
            max_length=sessions.MAX_NOTE,
            value=self.editing.note if self.editing else "",
            key=ft.ScrollKey("note"),
            on_change=self.on_typed,
        )
        self.general_error = error_line()
        # Said beside the button too, where the finger is; read out by a screen reader.
        self.save_problem = ft.Text("", color=ft.Colors.ERROR, size=15, weight=ft.FontWeight.W_500)
        self.save_problem_line = ft.Semantics(
            content=self.save_problem, live_region=True, visible=False
        )
        self.save_button = ft.FilledButton(
            self.t("session_save_changes" if self.editing else "session_save"),
            icon=ft.Icons.SAVE,
            on_click=self.save,
            height=52,
        )
        self.errors = FieldErrors(
            {
                "household_id": self.household_error,
                "head_name": self.name,
                "village_id": self.village,
                "phone": self.phone,
                "consent": self.consent_error,
                "services": self.services_error,
                "guides": self.guides_error,
                "outcome": self.outcome_error,
                "follow_up_on": self.follow_up_error,
                "minutes": self.minutes_error,
                "note": self.note,
            },
            self.general_error,
            self.host.language,
        )

        def section(key: str, *controls: ft.Control) -> ft.Column:
            return ft.Column(
                list(controls),
                spacing=8,
                key=ft.ScrollKey(key),
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            )

        # Columns, not a ListView: the whole form is laid out, so every field is reachable
        # and the form can scroll to any of them.
        fields = ft.Column(
            [
                self.restored_line,
                section(
                    "household",
                    heading(self.t("session_household")),
                    self.chosen_household,
                    self.household_search,
                    self.household_matches,
                    ft.Row([self.add_household_button]),
                ),
                self.new_household,
                self.household_error,
                section(
                    "services",
                    heading(self.t("session_services")),
                    self.service_chips,
                    ft.Row([self.services_toggle]),
                    self.services_error,
                ),
                section(
                    "outcome",
                    heading(self.t("session_outcome")),
                    self.outcome_chips,
                    self.outcome_error,
                ),
                self.follow_up,
                section(
                    "minutes",
                    heading(self.t("session_minutes")),
                    self.minute_chips,
                    self.minutes_error,
                ),
                section(
                    "guides",
                    heading(self.t("session_guides")),
                    self.guide_chips,
                    ft.Row([self.guides_toggle]),
                    self.guides_error,
                ),
                self.note,
                self.general_error,
                self.save_problem_line,
                self.save_button,
            ],
            spacing=8,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.root = ft.Column(
            [ft.Container(fields, padding=PAD)],
            scroll=ft.ScrollMode.AUTO,
            expand=True,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        )

    # -- the draft -------------------------------------------------------------------------

    def _draft(self) -> SessionDraft:
        f = self.form
        return SessionDraft(
            household_id=f.household.id if f.household else None,
            adding_household=f.adding_household,
            search=self.household_search.value or "",
            head_name=self.name.value or "",
            village_id=self.village.value,
            phone=self.phone.value or "",
            consent=bool(self.consent.value),
            services=list(f.services),
            guides=list(f.guides),
            outcome=f.outcome,
            follow_up_on=f.follow_up_on,
            minutes=f.minutes,
            note=self.note.value or "",
        )

    def _apply(self, draft: SessionDraft) -> None:
        store = self.host.store
        chosen = households.get(store, draft.household_id) if draft.household_id else None
        known_services = {s.code for s in self.services}
        known_guides = {g.code for g in self.guides}
        self.form = SessionForm(
            household=chosen,
            adding_household=draft.adding_household and chosen is None,
            services=[c for c in draft.services if c in known_services],
            guides=[c for c in draft.guides if c in known_guides],
            outcome=draft.outcome,
            follow_up_on=draft.follow_up_on,
            minutes=draft.minutes or DEFAULT_MINUTES,
        )
        self.household_search.value = draft.search
        self.name.value = draft.head_name
        if draft.village_id in {key for key, _ in self.village.options}:
            self.village.value = draft.village_id
        self.phone.value = draft.phone
        self.consent.value = draft.consent
        self.note.value = draft.note

    def _keep_draft(self) -> None:
        """Keep the form as it is now (or nothing, while it is as it opened)."""
        draft = self._draft()
        if draft == self.pristine:
            drafts.discard(self.host.store, self.draft_key)
            self.restored_line.visible = False
        else:
            drafts.save(self.host.store, draft, self.draft_key)
            if self.restored is not None and self.restored.saved_at is not None:
                self.restored_line.visible = True
                self.restored_text.value = self.t(
                    "draft_restored", when=show_datetime(self.restored.saved_at)
                )

    def discard_draft(self) -> None:
        """Throw the unsaved form away and start again as the form first opened."""
        drafts.discard(self.host.store, self.draft_key)
        self.restored = None
        self.form = self._first_form()
        self.household_search.value = ""
        self.name.value = ""
        self.village.value = self.pristine.village_id
        self.phone.value = ""
        self.consent.value = False
        self.note.value = self.editing.note if self.editing else ""
        self.restored_line.visible = False
        self.errors.clear()
        self.save_problem_line.visible = False
        self._suggest()
        self._render()

    # -- showing the state -----------------------------------------------------------------

    def _render(self) -> None:
        self._render_household()
        self._render_services()
        self._render_guides()
        f = self.form
        self.outcome_chips.controls = [
            chip(self.t(f"outcome_{o}"), f.outcome == o, partial(self.choose_outcome, o))
            for o in OUTCOMES
        ]
        self.follow_up.visible = f.outcome == Outcome.FOLLOW_UP.value
        today = today_local()
        days = [(f.follow_up_on - today).days] if f.follow_up_on else []
        self.follow_up_chips.controls = [
            *(
                chip(self._in_days(n), n in days, partial(self.choose_follow_up, n))
                for n in FOLLOW_UP_DAYS
            ),
            ft.Chip(
                label=self.t("follow_up_pick"),
                leading=ft.Icon(ft.Icons.EVENT),
                on_click=self.pick_date,
            ),
        ]
        self.follow_up_label.value = (
            self.t("follow_up_chosen", date=show_date(f.follow_up_on)) if f.follow_up_on else ""
        )
        minutes = sorted({*QUICK_MINUTES, f.minutes})
        self.minute_chips.controls = [
            chip(
                self.t("minutes_value", minutes=m), f.minutes == m, partial(self.choose_minutes, m)
            )
            for m in minutes
        ]

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
        self.chosen_household.controls = (
            []
            if chosen is None
            else [
                ft.Card(
                    ft.ListTile(
                        leading=ft.Icon(ft.Icons.HOME),
                        title=ft.Text(chosen.head_name, size=17, weight=ft.FontWeight.W_500),
                        subtitle=ft.Text(areas.place_name(self.host.store, chosen.village_id)),
                        trailing=ft.TextButton(
                            self.t("session_change_household"), on_click=self.change_household
                        ),
                    )
                )
            ]
        )
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
        rows += [
            ft.ListTile(
                leading=ft.Icon(ft.Icons.HOME_OUTLINED),
                title=ft.Text(h.head_name),
                subtitle=ft.Text(places.get(h.village_id, "")),
                on_click=partial(self.choose_household, h.id),
                dense=True,
            )
            for h in found
        ]
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
        self.service_chips.controls = [
            chip(self._service_name(code), code in f.services, partial(self.toggle_service, code))
            for code in shown
        ]
        self.services_toggle.content = self.t("show_fewer" if f.all_services else "show_all")

    def _render_guides(self) -> None:
        f = self.form
        related = [
            g for g in self.guides if g.code in f.guides or set(g.services) & set(f.services)
        ]
        shown = self.guides if f.all_guides else related
        self.guide_chips.controls = [
            chip(
                self.pick(g.title, g.title_en),
                g.code in f.guides,
                partial(self.toggle_guide, g.code),
            )
            for g in shown
        ]
        self.guides_toggle.content = self.t("show_fewer" if f.all_guides else "show_all")

    # -- handlers --------------------------------------------------------------------------

    def on_typed(self) -> None:
        self._keep_draft()

    def on_household_search(self) -> None:
        self._render_matches()
        self._keep_draft()

    def choose_household(self, household_id: str) -> None:
        self.form.household = households.get(self.host.store, household_id)
        self.form.adding_household = False
        self.household_error.visible = False
        self._render_household()
        self._keep_draft()

    def change_household(self) -> None:
        self.form.household = None
        self._render_household()
        self._keep_draft()

    def start_new_household(self) -> None:
        self.form.adding_household = True
        if not self.name.value:
            self.name.value = self.household_search.value or ""
        self._render_household()
        self._keep_draft()

    def cancel_new_household(self) -> None:
        """Back to finding a household already known; what was typed stays for a second try."""
        self.form.adding_household = False
        if not self.household_search.value:
            self.household_search.value = self.name.value or ""
        self._render_household()
        self._keep_draft()

    def toggle_consent(self) -> None:
        self.consent.value = not self.consent.value
        self._keep_draft()

    def toggle_service(self, code: str) -> None:
        _toggle(self.form.services, code)
        self._render_services()
        self._render_guides()
        self._keep_draft()

    def toggle_all_services(self) -> None:
        self.form.all_services = not self.form.all_services
        self._render_services()

    def toggle_guide(self, code: str) -> None:
        _toggle(self.form.guides, code)
        self._render_guides()
        self._keep_draft()

    def toggle_all_guides(self) -> None:
        self.form.all_guides = not self.form.all_guides
        self._render_guides()

    def choose_outcome(self, outcome: str) -> None:
        self.form.outcome = outcome
        self._render()
        self._keep_draft()

    def choose_follow_up(self, days: int) -> None:
        self.form.follow_up_on = today_local() + timedelta(days=days)
        self._render()
        self._keep_draft()

    def pick_date(self) -> None:
        today = today_local()
        self.date_picker = ft.DatePicker(
            value=self.form.follow_up_on or today + timedelta(days=1),
            first_date=today,
            last_date=today + timedelta(days=365),
            on_change=self.on_date_picked,
        )
        self.host.show_dialog(self.date_picker)

    def on_date_picked(self) -> None:
        picked = self.date_picker.value
        if isinstance(picked, datetime):
            picked = local(picked).date() if picked.tzinfo else picked.date()
        self.form.follow_up_on = picked
        self._render()
        self._keep_draft()

    def choose_minutes(self, minutes: int) -> None:
        self.form.minutes = minutes
        self._render()
        self._keep_draft()

    async def save(self) -> None:
        self.errors.clear()
        self.save_problem_line.visible = False
        try:
            saved = self._write()
        except ValidationError as error:
            await self._refused(error)
            return
        except DomainError as error:  # e.g. synced meanwhile: no longer editable
            self.errors.general.value = error.text(self.host.language)
            self.errors.general.visible = True
            return
        self.saved_id = saved.id
        drafts.discard(self.host.store, self.draft_key)
        name = self.form.household.head_name if self.form.household else ""
        self.host.notify(self.t("session_saved", name=name))
        self.host.after_session_saved(self)

    def _write(self):
        """The session (with its new household, if one is being added), or a ValidationError
        and nothing written."""
        store = self.host.store
        f = self.form
        data = SessionInput(
            household_id=f.household.id if f.household else "",
            services=list(f.services),
            guides=list(f.guides),
            outcome=f.outcome or "",
            minutes=f.minutes,
            follow_up_on=f.follow_up_on if f.outcome == Outcome.FOLLOW_UP.value else None,
            note=self.note.value or "",
            occurred_at=self.editing.occurred_at if self.editing else None,
        )
        if self.editing:
            return sessions.update(store, self.editing.id, data)
        if f.household is None and f.adding_household:
            household, saved = visits.record_for_new_household(
                store,
                HouseholdInput(
                    head_name=self.name.value or "",
                    village_id=self.village.value or "",
                    phone=self.phone.value or None,
                    consent=bool(self.consent.value),
                ),
                data,
            )
            self.form.household, self.form.adding_household = household, False
            return saved
        return sessions.record(store, data)

    async def _refused(self, error: ValidationError) -> None:
        """The message at the field and beside the button; the form scrolls to the field."""
        self.errors.show(error)
        key = SCROLL_TO.get(error.field)
        if key is None:  # shown beside the button already (the general line)
            return
        message = error.text(self.host.language)
        self.save_problem.value = self.t("session_not_saved", message=message)
        self.save_problem_line.visible = True
        self.host.show_now()
        await self.host.reveal(self.root, key)


def _toggle(chosen: list[str], code: str) -> None:
    if code in chosen:
        chosen.remove(code)
    else:
        chosen.append(code)
