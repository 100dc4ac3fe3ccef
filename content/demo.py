"""The demo commune as data (`content/demo/quang-la.toml`): its places, invented households and
their visits. The device's demo (launcher) and the demo's central API (server/demo.py) both read
it, so the demo device's households lie in villages the server knows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "quang-la.toml"


@dataclass(frozen=True)
class Place:
    id: str
    parent_id: str | None
    level: str  # "province", "commune" or "village"
    name: str


@dataclass(frozen=True)
class Visit:
    """A help session, dated relative to the moment the demo is loaded."""

    days_ago: int
    hours_ago: int
    services: list[str]
    outcome: str
    minutes: int
    follow_up_in_days: int | None = None


@dataclass(frozen=True)
class DemoHousehold:
    head_name: str
    village_id: str
    phone: str | None
    visits: list[Visit]


@dataclass(frozen=True)
class Names:
    """Parts of invented Vietnamese names, for generated households."""

    family: list[str]
    middle: list[str]
    given: list[str]


@dataclass(frozen=True)
class Demo:
    province: Place
    commune: Place
    villages: list[Place]
    names: Names
    households: list[DemoHousehold]

    @property
    def places(self) -> list[Place]:
        """Every place, parents first."""
        return [self.province, self.commune, *self.villages]


@cache
def load_demo(path: Path = DEMO_FILE) -> Demo:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    province = Place(data["province"]["id"], None, "province", data["province"]["name"])
    commune = Place(data["commune"]["id"], province.id, "commune", data["commune"]["name"])
    villages = [Place(v["id"], commune.id, "village", v["name"]) for v in data["villages"]]
    households = [
        DemoHousehold(
            h["head_name"],
            h["village_id"],
            h.get("phone"),
            [Visit(**visit) for visit in h.get("visits", [])],
        )
        for h in data["households"]
    ]
    return Demo(province, commune, villages, Names(**data["names"]), households)
