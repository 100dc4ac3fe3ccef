"""The demo commune (content/demo/quang-la.toml) as the device store holds it, for tests and
benchmarks that need real places: its province, commune and villages as app.models.Area, and
the parts of invented names."""

from __future__ import annotations

from app.models import Area
from content.demo import Place, load_demo

_DEMO = load_demo()


def _area(place: Place) -> Area:
    return Area(id=place.id, parent_id=place.parent_id, level=place.level, name=place.name)


PROVINCE = _area(_DEMO.province)
COMMUNE = _area(_DEMO.commune)
VILLAGES = [_area(place) for place in _DEMO.villages]
FAMILY, MIDDLE, GIVEN = _DEMO.names.family, _DEMO.names.middle, _DEMO.names.given
