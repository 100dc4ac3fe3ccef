"""Bad input gets a clear 4xx with a stable code in {"error": {"code", "message"}} — and
nothing is stored."""

from __future__ import annotations

import gzip
import json

import apitest as records
import httpx
import pytest
from apitest import World
from sqlalchemy import func, select
from sqlmodel import Session

from server.models import HelpSession, Household, HouseholdErasure, SharedOpen
from wire.clock import utcnow


def _nothing_stored(app) -> None:
    with Session(app.state.cnscd.engine) as s:
        assert s.exec(select(func.count()).select_from(Household)).one()[0] == 0
        assert s.exec(select(func.count()).select_from(HelpSession)).one()[0] == 0


def _push_raw(client, device, body: bytes, **headers: str):
    return client.post(
        "/api/v1/sync/push",
        content=body,
        headers={**device, "Content-Type": "application/json", **headers},
    )


def _error(answer, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"]
    return error


def _with(record: dict, **changes: object) -> dict:
    return {**record, "payload": {**record["payload"], **changes}}


def test_malformed_json(client, app, world: World, device_a) -> None:
    for body in (b"{", b"not json", b'{"records": [}', '{"records": "\u0000"'.encode()):
        _error(_push_raw(client, device_a, body), 400, "malformed_json")
    _nothing_stored(app)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"minutes": "15"}, "invalid_value"),  # no coercion: a string is not a number
        ({"minutes": 15.0}, "invalid_value"),
        ({"minutes": 0}, "invalid_value"),
        ({"minutes": 100000}, "invalid_value"),
        ({"services": "vneid_muc_2"}, "invalid_value"),
        ({"services": []}, "invalid_value"),
        ({"outcome": "maybe"}, "invalid_value"),
        ({"household_id": 42}, "invalid_value"),
        ({"id": "not-a-uuid"}, "not_uuid"),
        ({"occurred_at": "2026-11-20T10:00:00"}, "invalid_value"),  # no UTC offset
        ({"occurred_at": "1900-01-01T00:00:00+00:00"}, "date_out_of_range"),
        ({"occurred_at": "3000-01-01T00:00:00+00:00"}, "date_out_of_range"),
        ({"occurred_at": "2026-13-45T99:00:00+00:00"}, "invalid_value"),
        ({"outcome": "follow_up"}, "follow_up_date_required"),
        ({"note": "<script>alert('x')</script>"}, "markup_not_allowed"),
        ({"note": "<img src=x onerror=alert(1)>"}, "markup_not_allowed"),
        ({"note": "CCCD 012345678901 của ông"}, "identity_number_in_note"),
        ({"note": "dòng\x00rỗng"}, "control_character"),
        ({"note": "x" * 501}, "invalid_value"),
        ({"extra": 1}, "unknown_field"),
    ],
)
def test_a_bad_session_field_refuses_the_whole_batch(
    client, app, world: World, device_a, change, code
) -> None:
    h = records.household(world.village_a)
    bad = _with(records.session(h["payload"]["id"]), **change)
    error = _error(
        client.post("/api/v1/sync/push", json={"records": [h, bad]}, headers=device_a), 422, code
    )
    assert error["field"].startswith("records.1")
    _nothing_stored(app)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"head_name": "A"}, "invalid_value"),
        ({"head_name": "<b>Nguyễn</b>"}, "markup_not_allowed"),
        ({"phone": "12345"}, "invalid_value"),
        ({"phone": 912345678}, "invalid_value"),
        ({"village_id": None}, "invalid_value"),
        ({"consent_at": "yesterday"}, "invalid_value"),
    ],
)
def test_a_bad_household_field_is_refused(
    client, app, world: World, device_a, change, code
) -> None:
    _error(
        client.post(
            "/api/v1/sync/push",
            json={"records": [_with(records.household(world.village_a), **change)]},
            headers=device_a,
        ),
        422,
        code,
    )
    _nothing_stored(app)


def test_unknown_fields_and_types_at_every_level(client, app, world: World, device_a) -> None:
    h = records.household(world.village_a)
    _error(
        client.post("/api/v1/sync/push", json={"records": [h], "force": True}, headers=device_a),
        422,
        "unknown_field",
    )
    _error(
        client.post("/api/v1/sync/push", json={"records": [{**h, "v": 2}]}, headers=device_a),
        422,
        "unknown_field",
    )
    _error(
        client.post(
            "/api/v1/sync/push", json={"records": [{**h, "type": "payment"}]}, headers=device_a
        ),
        422,
        "invalid_value",
    )
    _error(
        client.post("/api/v1/sync/push", json={"records": []}, headers=device_a),
        422,
        "invalid_value",
    )
    _error(client.post("/api/v1/sync/push", json=[h], headers=device_a), 422, "invalid_value")
    _nothing_stored(app)


def test_a_date_far_in_the_future_is_refused(client, app, world: World, device_a) -> None:
    h = _with(records.household(world.village_a), updated_at="2099-01-01T00:00:00+00:00")
    error = _error(
        client.post("/api/v1/sync/push", json={"records": [h]}, headers=device_a),
        422,
        "date_in_future",
    )
    assert error["record_id"] == h["payload"]["id"]
    _nothing_stored(app)


def test_too_many_records_in_one_batch(client, app, world: World, device_a) -> None:
    batch = {"records": [records.household(world.village_a) for _ in range(501)]}
    _error(client.post("/api/v1/sync/push", json=batch, headers=device_a), 422, "too_many_records")
    app.state.cnscd.settings = app.state.cnscd.settings.with_(max_batch_records=10)
    batch = {"records": [records.household(world.village_a) for _ in range(11)]}
    _error(client.post("/api/v1/sync/push", json=batch, headers=device_a), 422, "too_many_records")
    _nothing_stored(app)


def test_oversized_bodies_plain_gzip_and_chunked(client, app, world: World, device_a) -> None:
    limit = app.state.cnscd.settings.max_body_bytes
    big = json.dumps({"records": [records.household(world.village_a)], "pad": "x" * limit}).encode()
    _error(_push_raw(client, device_a, big), 413, "body_too_large")
    bomb = gzip.compress(
        b'{"records": [' + b" " * (limit * 4) + b"]}"
    )  # tiny on the wire, huge inflated
    assert len(bomb) < limit
    _error(_push_raw(client, device_a, bomb, **{"Content-Encoding": "gzip"}), 413, "body_too_large")

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536

    _error(
        client.post(
            "/api/v1/sync/push",
            content=chunks(),
            headers={**device_a, "Content-Type": "application/json"},
        ),
        413,
        "body_too_large",
    )
    _nothing_stored(app)


def test_bad_encodings(client, app, world: World, device_a) -> None:
    body = json.dumps({"records": [records.household(world.village_a)]}).encode()
    _error(
        _push_raw(client, device_a, body, **{"Content-Encoding": "br"}), 415, "unsupported_encoding"
    )
    _error(
        _push_raw(client, device_a, b"\x1f\x8b\x08\x00garbage", **{"Content-Encoding": "gzip"}),
        400,
        "malformed_gzip",
    )
    _error(
        _push_raw(client, device_a, gzip.compress(body)[:-12], **{"Content-Encoding": "gzip"}),
        400,
        "malformed_gzip",
    )
    _nothing_stored(app)


def test_sql_in_text_is_kept_as_plain_text(client, app, world: World, device_a) -> None:
    """Text that looks like SQL is not an attack on parameterised queries: it is stored as
    typed and the tables are intact."""
    name = "Robert'); DROP TABLE households;--"
    h = records.household(world.village_a, name=name)
    s = records.session(h["payload"]["id"], note="' OR 1=1; DELETE FROM help_sessions; --")
    assert (
        client.post("/api/v1/sync/push", json={"records": [h, s]}, headers=device_a).status_code
        == 200
    )
    with Session(app.state.cnscd.engine) as db:
        assert db.get(Household, h["payload"]["id"]).head_name == name
        assert db.get(HelpSession, s["payload"]["id"]).note.startswith("' OR 1=1")


def test_bad_json_on_other_endpoints_uses_the_same_error_shape(client, world: World) -> None:
    _error(
        client.post("/api/v1/enrol", content=b"{", headers={"Content-Type": "application/json"}),
        400,
        "malformed_json",
    )
    _error(
        client.post("/api/v1/enrol", json={"code": "ABCDEFGH", "device_name": "x", "admin": True}),
        422,
        "unknown_field",
    )
    _error(
        client.post("/api/v1/enrol", json={"code": 12345678, "device_name": "x"}),
        422,
        "invalid_value",
    )
    _error(
        client.post(
            "/api/v1/enrol", json={"code": "ABCDEFGH", "device_name": "<script>x</script>"}
        ),
        422,
        "markup_not_allowed",
    )
    _error(client.get("/api/v1/nowhere"), 404, "not_found")
    _error(client.put("/api/v1/sync/push"), 405, "method_not_allowed")


# --- Loose parsing that a careful API refuses, against the live server ----------------------


def _stored(app) -> dict[str, int]:
    with Session(app.state.cnscd.engine) as s:
        return {
            model.__name__: s.exec(select(func.count()).select_from(model)).one()[0]
            for model in (Household, HelpSession, HouseholdErasure, SharedOpen)
        }


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "text/xml",
        None,
    ],
)
def test_a_push_that_is_not_declared_json_is_refused(
    app, live, world: World, device_a, content_type
) -> None:
    body = json.dumps({"records": [records.household(world.village_a)]}).encode()
    headers = {**device_a} | ({"Content-Type": content_type} if content_type else {})
    with httpx.Client(base_url=live.url, timeout=60) as http:
        answer = http.post("/api/v1/sync/push", content=body, headers=headers)
    _error(answer, 415, "unsupported_media_type")
    _nothing_stored(app)


def test_a_json_object_that_repeats_a_key_is_refused(app, live, world: World, device_a) -> None:
    h = json.dumps(records.household(world.village_a))
    other = json.dumps(records.household(world.village_a))
    repeated_id = json.dumps(records.household(world.village_a)).replace(
        '"id":', f'"id": "{records.household(world.village_a)["payload"]["id"]}", "id":', 1
    )
    bodies = {
        "records": f'{{"records": [{h}], "records": [{other}]}}',
        "payload.id": f'{{"records": [{repeated_id}]}}',
    }
    with httpx.Client(base_url=live.url, timeout=60) as http:
        for key, body in bodies.items():
            answer = http.post(
                "/api/v1/sync/push",
                content=body.encode(),
                headers={**device_a, "Content-Type": "application/json"},
            )
            assert _error(answer, 422, "duplicate_key")["field"] == key.split(".")[-1]
    _nothing_stored(app)


@pytest.mark.parametrize(
    "stamp",
    [
        "0000000000000-0000-00000000",
        "1577836799999-0000-0000000a",
        "9999999999999-0000-0000000a",
        "٠٠٠٠٠٠٠٠٠٠٠٠٠-0000-0000000a",
    ],
)
def test_a_clock_before_2020_or_past_2100_is_refused(
    app, live, world: World, device_a, stamp
) -> None:
    h = records.household(world.village_a)
    h["payload"]["clocks"]["head_name"] = stamp
    with httpx.Client(base_url=live.url, timeout=60) as http:
        answer = http.post("/api/v1/sync/push", json={"records": [h]}, headers=device_a)
    error = _error(answer, 422, "invalid_value" if stamp[0] == "٠" else "clock_out_of_range")
    assert error["field"].startswith("records.0") and error["field"].endswith("clocks.head_name")
    _nothing_stored(app)


def test_an_erasure_naming_another_teams_record_is_refused(
    app, live, world: World, device_a, device_b
) -> None:
    h = records.household(world.village_a)
    s = records.session(h["payload"]["id"])
    opens = {
        "type": "guide_opens",
        "payload": {
            "id": records.uuid7(),
            "guide_code": "vneid-m2",
            "day": utcnow().date().isoformat(),
            "count": 2,
        },
    }
    with httpx.Client(base_url=live.url, timeout=60) as http:
        pushed = http.post("/api/v1/sync/push", json={"records": [h, s, opens]}, headers=device_a)
        assert pushed.status_code == 200, pushed.text
        before = _stored(app)
        for stolen in (s["payload"]["id"], opens["payload"]["id"]):
            answer = http.post(
                "/api/v1/sync/push", json={"records": [records.erasure(stolen)]}, headers=device_b
            )
            assert _error(answer, 403, "forbidden_record")["record_id"] == stolen
    assert _stored(app) == before
    with Session(app.state.cnscd.engine) as db:
        assert db.get(HelpSession, s["payload"]["id"]) is not None
        assert db.exec(select(func.count()).select_from(HouseholdErasure)).one()[0] == 0


@pytest.mark.parametrize("note", ["<img src=x onerror=alert(1)", "</p", "<!-- x", "<?xml", "a<b"])
def test_markup_is_refused_with_or_without_its_closing_bracket(
    app, live, world: World, device_a, note
) -> None:
    h = records.household(world.village_a)
    with httpx.Client(base_url=live.url, timeout=60) as http:
        batch = {"records": [h, _with(records.session(h["payload"]["id"]), note=note)]}
        answer = http.post("/api/v1/sync/push", json=batch, headers=device_a)
    _error(answer, 422, "markup_not_allowed")
    _nothing_stored(app)


def test_other_text_is_stored_as_typed(app, live, world: World, device_a) -> None:
    """Quotes, ampersands and a "<" before a space or a digit are text: stored verbatim, and
    escaped wherever they are shown."""
    h = records.household(world.village_a, name='Hộ "ông Ba" & con')
    s = records.session(h["payload"]["id"], note='" onmouseover="alert(1) — chờ < 5 phút, 3<4')
    with httpx.Client(base_url=live.url, timeout=60) as http:
        answer = http.post("/api/v1/sync/push", json={"records": [h, s]}, headers=device_a)
    assert answer.status_code == 200, answer.text
    with Session(app.state.cnscd.engine) as db:
        assert db.get(Household, h["payload"]["id"]).head_name == 'Hộ "ông Ba" & con'
        assert db.get(HelpSession, s["payload"]["id"]).note == s["payload"]["note"]
