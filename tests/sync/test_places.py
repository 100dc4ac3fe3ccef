"""Places sync like everything else (the real client, the real server on SQLite and
PostgreSQL): a village added after a phone enrolled reaches it at its next sync and can hold a
household at once; a village the server retires is no longer offered, while the households
already there keep their place; another commune's villages never come."""

from __future__ import annotations

from support import demo
from synctest import FAST, new_device, server_rows

from app.services import areas, households, sync_state
from app.services.households import HouseholdInput
from server.core.db import make_engine, session_scope
from server.models import Household
from server.services import accounts
from sync.client import ApiClient
from sync.engine import Sync


def _sync(device):
    state = sync_state.get(device.store)
    with ApiClient(state.server_url, device.tokens.read()) as client:
        return Sync(device.store, client, backoff=FAST, media=False).run()


def test_a_village_added_then_one_retired_reach_an_enrolled_phone(
    live, team, server_settings, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, live.url)
    kept = households.create(
        device.store, HouseholdInput("Đinh Văn Tú", demo.VILLAGES[2].id, consent=True)
    )
    assert _sync(device).ok
    engine = make_engine(server_settings.url)
    with session_scope(engine) as s:
        accounts.add_area(s, "qn.quang-la.thon-moi", "village", "Thôn Mới", demo.COMMUNE.id, "test")
        accounts.add_area(s, "qn.khac", "commune", "Xã Khác", demo.PROVINCE.id, "test")
        accounts.add_area(s, "qn.khac.thon-1", "village", "Thôn Một", "qn.khac", "test")
    assert _sync(device).ok
    offered = {v.id: v.name for v in areas.villages(device.store)}
    assert offered["qn.quang-la.thon-moi"] == "Thôn Mới" and "qn.khac.thon-1" not in offered
    new = households.create(
        device.store, HouseholdInput("Lò Thị Mai", "qn.quang-la.thon-moi", consent=True)
    )
    assert _sync(device).ok
    assert new.id in {h.id for h in server_rows(live.engine, Household)}

    with session_scope(engine) as s:
        accounts.retire_area(s, demo.VILLAGES[2].id, "test")
    engine.dispose()
    assert _sync(device).ok
    assert demo.VILLAGES[2].id not in {v.id for v in areas.villages(device.store)}
    assert areas.place_name(device.store, kept.village_id).startswith(demo.VILLAGES[2].name)
    device.close()
