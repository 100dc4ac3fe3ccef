"""The device refuses before saving what the server would refuse (the same wire.rules), in the
catalogue's words on the field it is about, never a technical path: an identity-card number in
the note however it is written, more services or guides than a session may name."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support import demo

from app.db import Store
from app.errors import ValidationError
from app.models import Guide, Service
from app.services import households, outbox, sessions
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput


@pytest.fixture
def household_id(store: Store) -> str:
    return households.create(
        store, HouseholdInput("Vũ Thị Hoa", demo.VILLAGES[0].id, consent=True)
    ).id


def _codes(store: Store, model) -> list[str]:
    with store.session() as s:
        return list(s.exec(select(model.code)))


@pytest.mark.parametrize("note", ["CCCD 001 234 567 890", "số 001.234.567.890", "CMND 145-678-901"])
def test_an_identity_number_in_the_note_is_refused_however_it_is_written(
    store: Store, household_id: str, note: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        sessions.record(
            store, SessionInput(household_id, ["vneid_muc_2"], "done_online", 10, note=note)
        )
    assert (refused.value.field, refused.value.code) == ("note", "identity_number_in_note")
    assert refused.value.message == "Không ghi số căn cước hay số CMND vào ghi chú."
    assert outbox.pending_count(store) == 1  # the household only


def test_more_services_than_a_session_may_name_is_refused_in_plain_words(
    store: Store, household_id: str
) -> None:
    services = _codes(store, Service)
    assert len(services) > 20  # the catalogue offers more than one session may name
    with pytest.raises(ValidationError) as refused:
        sessions.record(store, SessionInput(household_id, services[:21], "done_online", 10))
    assert (refused.value.field, refused.value.code) == ("services", "too_many_services")
    assert refused.value.message == "Chọn nhiều nhất 20 dịch vụ cho một buổi hỗ trợ."
    assert (
        "records." not in refused.value.message
        and "Giá trị không hợp lệ" not in refused.value.message
    )
    assert sessions.record(store, SessionInput(household_id, services[:20], "done_online", 10)).id


def test_a_note_with_a_phone_a_date_and_money_is_kept(store: Store, household_id: str) -> None:
    note = "Gọi 0912 345 678; hẹn 12.05.2025 09.30; lệ phí 150.000.000 đồng"
    made = sessions.record(
        store,
        SessionInput(
            household_id,
            ["vneid_muc_2"],
            "done_online",
            10,
            note=note,
            guides=_codes(store, Guide)[:1],
        ),
    )
    assert sessions.get(store, made.id).note == note
