"""A visit to a new household: the household and its first help session are written together
or not at all. A session that still needs fixing (no service chosen, say) leaves no household
behind; saving again after the fix adds it once."""

from __future__ import annotations

from dataclasses import replace

from app.db import Store
from app.models import HelpSession, Household
from app.services import device_clock, households, sessions, settings
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput


def record_for_new_household(
    store: Store, household: HouseholdInput, session: SessionInput
) -> tuple[Household, HelpSession]:
    """Check the household first (name, village, phone, consent), then the session; write both
    with their outbox entries in one transaction. Raises the first ValidationError."""
    with store.session() as unit:
        added = households.add(unit, household)
        recorded = sessions.add(unit, replace(session, household_id=added.id), device_clock.wall())
    settings.put(store, "last_village_id", household.village_id)
    return added, recorded
