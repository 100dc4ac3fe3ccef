"""Places: province → commune → village."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.db import Store
from app.models import Area, AreaLevel, SyncState


def add(store: Store, areas: list[Area]) -> None:
    with store.session() as session:
        for area in areas:
            session.merge(area)


def villages(store: Store) -> list[Area]:
    """The villages this device works in, by name: those of its team's commune (every one,
    before it is enrolled) that the server has not retired. The server places a household in
    no other (its rule `unknown_village`), so no other is offered."""
    with store.session() as session:
        statement = select(Area).where(
            Area.level == AreaLevel.VILLAGE.value, col(Area.retired).is_(False)
        )
        commune_id = _commune(session)
        if commune_id:
            statement = statement.where(Area.parent_id == commune_id)
        return list(session.exec(statement.order_by(Area.name)))


def may_hold_households(session: Session, village_id: str) -> bool:
    """Whether a household may be placed in this village: the rule of `villages`."""
    village = session.get(Area, village_id) if village_id else None
    if village is None or village.level != AreaLevel.VILLAGE.value or village.retired:
        return False
    commune_id = _commune(session)
    return not commune_id or village.parent_id == commune_id


def _commune(session: Session) -> str:
    state = session.get(SyncState, 1)
    return state.commune_id if state is not None else ""


def get(store: Store, area_id: str) -> Area | None:
    with store.session() as session:
        return session.get(Area, area_id)


def place_name(store: Store, village_id: str) -> str:
    """'Thôn Khe Cát, xã Quảng La' for showing a household's address."""
    with store.session() as session:
        village = session.get(Area, village_id)
        if village is None:
            return ""
        commune = session.get(Area, village.parent_id) if village.parent_id else None
        return f"{village.name}, {commune.name}" if commune else village.name


def place_names(store: Store) -> dict[str, str]:
    """place_name of every village at once, by id: for showing a list of households."""
    with store.session() as session:
        places = {area.id: area for area in session.exec(select(Area))}
    names = {}
    for area in places.values():
        if area.level == AreaLevel.VILLAGE.value:
            commune = places.get(area.parent_id) if area.parent_id else None
            names[area.id] = f"{area.name}, {commune.name}" if commune else area.name
    return names
