"""Moving a phone to another team (the real client, the real server on SQLite and PostgreSQL):
its records not synced yet belong to its old team, so they go there first, with the old token,
before the new enrolment is used, and nothing of the old team's households stays on the phone.
What cannot go up first (the phone was revoked) keeps it to its team: another team's code is
refused in plain words and stays usable; its own team's code enrols it again."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from support import demo
from synctest import FAST, enrolment_code, new_device, server_rows

from app.db import Store
from app.services import areas, households, outbox, sessions, sync_state
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from server.core.db import make_engine, session_scope
from server.models import Area, Device, HelpSession, Household, Team
from server.services import enrolment
from sync.client import ApiClient
from sync.engine import Sync
from sync.enrol import enrol
from sync.errors import SyncError
from sync.tokens import FileTokenStore

OTHER_COMMUNE = "qn.dong-ngu"
OTHER_VILLAGE = "qn.dong-ngu.thon-1"


@pytest.fixture
def other_team(server_settings, team: int) -> int:
    """A team in another commune of the province."""
    engine = make_engine(server_settings.url)
    with session_scope(engine) as s:
        s.add(
            Area(id=OTHER_COMMUNE, parent_id=demo.PROVINCE.id, level="commune", name="Xã Đông Ngũ")
        )
        s.flush()
        s.add(Area(id=OTHER_VILLAGE, parent_id=OTHER_COMMUNE, level="village", name="Thôn Đông"))
        made = Team(commune_id=OTHER_COMMUNE, name="Tổ CNSCĐ Đông Ngũ")
        s.add(made)
        s.flush()
        team_id = made.id
    engine.dispose()
    return team_id


def _sync(device):
    state = sync_state.get(device.store)
    with ApiClient(state.server_url, device.tokens.read()) as client:
        return Sync(device.store, client, backoff=FAST, media=False).run()


def _offline_work(device, count: int = 31) -> list[str]:
    made = [
        households.create(
            device.store, HouseholdInput(f"Hộ cũ {n}", demo.VILLAGES[n % 3].id, consent=True)
        )
        for n in range(3)
    ]
    for n in range(count - len(made)):
        sessions.record(
            device.store, SessionInput(made[n % 3].id, ["vneid_muc_2"], "done_online", 5 + n)
        )
    return [h.id for h in made]


def test_the_old_teams_records_go_to_it_first_then_the_phone_joins_the_other(
    live, server_settings, team: int, other_team: int, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, live.url)
    old_households = _offline_work(device)
    assert outbox.pending_count(device.store) == 31

    enrol(
        device.store,
        device.tokens,
        "Máy của Lan",
        code=enrolment_code(server_settings, other_team),
        server_url=live.url,
    )

    held = server_rows(live.engine, Household)
    assert sorted(h.id for h in held) == sorted(old_households) and {h.team_id for h in held} == {
        team
    }
    assert len(server_rows(live.engine, HelpSession)) == 28
    assert {s.team_id for s in server_rows(live.engine, HelpSession)} == {team}
    assert outbox.pending_count(device.store) == 0
    assert households.search(device.store) == []  # nothing of the old team stays on the phone
    state = sync_state.get(device.store)
    assert state.team_id == other_team and state.commune_id == OTHER_COMMUNE and state.cursor == ""

    assert _sync(device).ok
    assert [v.id for v in areas.villages(device.store)] == [OTHER_VILLAGE]
    new = households.create(device.store, HouseholdInput("Hộ mới", OTHER_VILLAGE, consent=True))
    assert _sync(device).ok
    assert {h.id: h.team_id for h in server_rows(live.engine, Household)}[new.id] == other_team
    device.close()


def test_a_revoked_phone_with_records_waiting_joins_no_other_team(
    live, server_settings, team: int, other_team: int, tmp_path
) -> None:
    device = new_device(tmp_path / "device", server_settings, team, live.url)
    _offline_work(device)
    engine = make_engine(server_settings.url)
    with session_scope(engine) as s:
        enrolment.revoke(s, s.get(Device, sync_state.get(device.store).device_id), "test")
    other_code = enrolment_code(server_settings, other_team)

    with pytest.raises(SyncError) as refused:
        enrol(device.store, device.tokens, "Máy của Lan", code=other_code, server_url=live.url)
    assert refused.value.code == "enrol_other_team"
    assert refused.value.message.startswith(
        "Máy còn 31 bản ghi của Tổ CNSCĐ Quảng La chưa gửi lên máy chủ."
    )
    assert sync_state.get(device.store).team_id == team and outbox.pending_count(device.store) == 31
    with Session(engine) as s:  # the other team's code is still unused
        assert len(s.exec(select(Device).where(Device.team_id == other_team)).all()) == 0

    enrol(
        device.store,
        device.tokens,
        "Máy của Lan",
        code=enrolment_code(server_settings, team),
        server_url=live.url,
    )
    assert _sync(device).ok and outbox.pending_count(device.store) == 0
    assert len(server_rows(live.engine, HelpSession)) == 28
    fresh = Store(
        tmp_path / "fresh" / "cnscd.sqlite3"
    )  # another phone: the refused code still works
    enrol(
        fresh,
        FileTokenStore(tmp_path / "fresh" / "device-token"),
        "Máy mới",
        code=other_code,
        server_url=live.url,
    )
    assert sync_state.get(fresh).team_id == other_team
    engine.dispose()
    device.close()
    fresh.close()
