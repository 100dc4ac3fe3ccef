"""The device's demo data, loaded once on the demo's first run: the demo commune's places and
invented households with their visits, from the data file content/demo/quang-la.toml."""

from __future__ import annotations

from datetime import timedelta

from app.clock import today_local, utcnow
from app.db import Store
from app.models import Area
from app.services import areas, households, sessions, settings
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from content.demo import Place, load_demo

_DEMO = load_demo()


def _area(place: Place) -> Area:
    return Area(id=place.id, parent_id=place.parent_id, level=place.level, name=place.name)


PROVINCE = _area(_DEMO.province)
COMMUNE = _area(_DEMO.commune)
VILLAGES = [_area(place) for place in _DEMO.villages]
FAMILY, MIDDLE, GIVEN = _DEMO.names.family, _DEMO.names.middle, _DEMO.names.given


def load(store: Store) -> bool:
    """Fill an empty store with the demo commune; answers False if it was loaded before."""
    if settings.get(store, "demo_loaded"):
        return False
    areas.add(store, [PROVINCE, COMMUNE, *VILLAGES])
    now = utcnow()
    for demo_household in _DEMO.households:
        household = households.create(store, HouseholdInput(
            demo_household.head_name, demo_household.village_id, demo_household.phone, consent=True))
        for visit in demo_household.visits:
            follow_up = (today_local(now) + timedelta(days=visit.follow_up_in_days)
                         if visit.follow_up_in_days is not None else None)
            sessions.record(store, SessionInput(
                household_id=household.id,
                services=list(visit.services),
                outcome=visit.outcome,
                minutes=visit.minutes,
                follow_up_on=follow_up,
                occurred_at=now - timedelta(days=visit.days_ago, hours=visit.hours_ago),
            ))
    settings.put(store, "demo_loaded", "1")
    return True
