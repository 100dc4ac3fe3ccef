"""Printable sheets from the device's own records: a household's sheet with the guides shared in
its sessions (pre-selected, the volunteer may change the choice), a village batch with one page
per household, and the village poster with the guides most shared there. Each answers the PDF's
bytes, for the view to print or share.

The household's sheet carries the head's name and the village, nothing more; the poster carries
no personal data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlmodel import col, select

from app.db import Store
from app.errors import NotFound, ValidationError
from app.models import Area, AreaLevel, Guide, HelpSession, Household
from app.services import areas, guides, households, sync_state
from content import sheet
from content.sheet import HouseholdPage, SheetGuide, TeamContact
from content.site import Site, load_site
from wire.clock import today_local

__all__ = [
    "MAX_GUIDES_PER_POSTER",
    "MAX_GUIDES_PER_SHEET",
    "TeamContact",
    "household_sheet",
    "most_used_guides",
    "preselected_guides",
    "village_poster",
    "village_sheets",
]

MAX_GUIDES_PER_SHEET = sheet.MAX_GUIDES_PER_SHEET
MAX_GUIDES_PER_POSTER = sheet.MAX_GUIDES_PER_POSTER


def preselected_guides(store: Store, household_id: str) -> list[str]:
    """Codes of the guides shared in the household's sessions, the most recently shared first,
    each once, only those still in the library, at most one sheet's worth."""
    with store.session() as session:
        shared = session.exec(
            select(HelpSession.guides)
            .where(HelpSession.household_id == household_id)
            .order_by(col(HelpSession.occurred_at).desc())
        ).all()
        in_library = set(session.exec(select(Guide.code)))
    codes = [code for codes in shared for code in codes if code in in_library]
    return list(dict.fromkeys(codes))[:MAX_GUIDES_PER_SHEET]


def household_sheet(
    store: Store,
    household_id: str,
    team: TeamContact,
    base_url: str,
    guide_codes: Sequence[str] | None = None,
    printed_on: date | None = None,
    *,
    demo: bool = False,
    language: str = "vi",
) -> bytes:
    """One household's A4 sheet; `guide_codes` defaults to the pre-selection; `language` "en"
    prints it all in English."""
    site = _site(base_url, team, demo)
    household = _household(store, household_id)
    codes = (
        preselected_guides(store, household_id)
        if guide_codes is None
        else list(dict.fromkeys(guide_codes))
    )
    page = HouseholdPage(
        household.head_name,
        areas.place_name(store, household.village_id),
        _sheet_guides(store, codes, site, MAX_GUIDES_PER_SHEET),
    )
    return sheet.household_sheets([page], team, site, printed_on or today_local(), language)


def village_sheets(
    store: Store,
    village_id: str,
    team: TeamContact,
    base_url: str,
    printed_on: date | None = None,
    *,
    demo: bool = False,
    language: str = "vi",
) -> bytes:
    """A batch for one village: a page for every household that was shared a guide, by name,
    each with its own pre-selection."""
    site = _site(base_url, team, demo)
    place = _village_place(store, village_id)
    with store.session() as session:
        members = session.exec(
            select(Household)
            .where(Household.village_id == village_id)
            .order_by(Household.search_key)
        ).all()
    pages = []
    for household in members:
        codes = preselected_guides(store, household.id)
        if codes:
            pages.append(
                HouseholdPage(
                    household.head_name,
                    place,
                    _sheet_guides(store, codes, site, MAX_GUIDES_PER_SHEET),
                )
            )
    if not pages:
        raise ValidationError("village_id", "nothing_to_print")
    return sheet.household_sheets(pages, team, site, printed_on or today_local(), language)


def most_used_guides(
    store: Store, village_id: str, limit: int = MAX_GUIDES_PER_POSTER
) -> list[str]:
    """The guides shared with most households of the village (each household counted once per
    guide), most first; ties by code."""
    with store.session() as session:
        rows = session.exec(
            select(HelpSession.household_id, HelpSession.guides)
            .join(Household, col(Household.id) == HelpSession.household_id)
            .where(Household.village_id == village_id)
        ).all()
        in_library = set(session.exec(select(Guide.code)))
    pairs = {
        (household_id, code) for household_id, codes in rows for code in codes if code in in_library
    }
    counts = Counter(code for _, code in pairs)
    return [code for code, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][
        :limit
    ]


def village_poster(
    store: Store,
    village_id: str,
    team: TeamContact,
    base_url: str,
    guide_codes: Sequence[str] | None = None,
    printed_on: date | None = None,
    *,
    demo: bool = False,
    language: str = "vi",
) -> bytes:
    """The village's A4 poster; `guide_codes` defaults to the most used guides there."""
    site = _site(base_url, team, demo)
    place = _village_place(store, village_id)
    codes = (
        most_used_guides(store, village_id)
        if guide_codes is None
        else list(dict.fromkeys(guide_codes))
    )
    chosen = _sheet_guides(store, codes, site, MAX_GUIDES_PER_POSTER)
    return sheet.village_poster(place, chosen, team, site, printed_on or today_local(), language)


def _site(base_url: str, team: TeamContact, demo: bool) -> Site:
    """The site settings with the public address the codes hold, checked (a placeholder or an
    unset address is refused: guides.public_address)."""
    if not team.team.strip() or not team.phone.strip():
        raise ValidationError("team", "team_contact_required")
    return replace(load_site(), public_base_url=guides.public_address(base_url, demo))


def _household(store: Store, household_id: str) -> Household:
    household = households.get(store, household_id)
    if household is None:
        raise NotFound("household_missing")
    return household


def _village_place(store: Store, village_id: str) -> str:
    village: Area | None = areas.get(store, village_id)
    if village is None or village.level != AreaLevel.VILLAGE.value:
        raise NotFound("village_missing")
    return areas.place_name(store, village_id)


def _sheet_guides(store: Store, codes: list[str], site: Site, limit: int) -> list[SheetGuide]:
    if not codes:
        raise ValidationError("guides", "guides_required")
    if len(codes) > limit:
        raise ValidationError("guides", "too_many_guides", most=limit)
    found = {code: guides.get(store, code) for code in codes}
    if any(g is None for g in found.values()):
        raise ValidationError("guides", "unknown_guide")
    # The codes carry the enrolled team's commune, so its figures count the opens.
    commune = sync_state.get(store).commune_id
    return [
        SheetGuide(g.code, g.title, g.title_en, site.guide_url(g.code, commune))
        for g in found.values()
        if g
    ]
