"""The server keeps the same rules as the devices (wire.rules): a note with an identity-card
number however it is written, or a session naming more services or guides than a session may,
is refused with the rule's own code and words; a note with a phone number, a date and an amount
of money is stored."""

from __future__ import annotations

import apitest as records
import pytest
from apitest import World
from sqlmodel import Session, select

from server.models import HelpSession


def _with(record: dict, **changes: object) -> dict:
    return {**record, "payload": {**record["payload"], **changes}}


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"note": "CCCD 001 234 567 890"}, "identity_number_in_note", "Không ghi số căn cước"),
        ({"note": "số 001.234.567.890"}, "identity_number_in_note", "Không ghi số căn cước"),
        ({"note": "CMND 145-678-901"}, "identity_number_in_note", "Không ghi số căn cước"),
        (
            {"services": [f"dich_vu_{n}" for n in range(21)]},
            "too_many_services",
            "Chọn nhiều nhất 20 dịch vụ cho một buổi hỗ trợ.",
        ),
        (
            {"guides": [f"huong-dan-{n}" for n in range(21)]},
            "too_many_guides_shared",
            "Chọn nhiều nhất 20 hướng dẫn đã chia sẻ trong một buổi.",
        ),
    ],
)
def test_the_rules_of_a_note_and_of_a_sessions_lists(
    client, world: World, device_a, change, code, words
) -> None:
    h = records.household(world.village_a)
    bad = _with(records.session(h["payload"]["id"]), **change)
    answer = client.post("/api/v1/sync/push", json={"records": [h, bad]}, headers=device_a)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == code and error["message"].startswith(words)


def test_phones_dates_and_money_in_a_note_are_stored(client, app, world: World, device_a) -> None:
    note = "Gọi 0912 345 678; hẹn 12.05.2025 09.30; lệ phí 150.000.000 đồng"
    h = records.household(world.village_a)
    good = _with(records.session(h["payload"]["id"]), note=note)
    answer = client.post("/api/v1/sync/push", json={"records": [h, good]}, headers=device_a)
    assert answer.status_code == 200, answer.text
    with Session(app.state.cnscd.engine) as s:
        assert [row.note for row in s.exec(select(HelpSession))] == [note]
