"""Enrolment codes and their QR, the exchange for a device token, expiry, single use,
revocation, rate limits."""

from __future__ import annotations

import json
from datetime import timedelta

import zxingcpp
from apitest import World, enrol
from PIL import Image
from sqlmodel import Session, select

from server.models import Device, EnrolmentCode
from wire.clock import utcnow


def test_a_leader_gets_a_code_and_a_qr_holding_it(client, world: World) -> None:
    answer = client.post(
        f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(world.leader_a)
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert len(body["code"]) == 11 and body["code"][5] == "-"
    assert json.loads(body["qr_text"]) == {
        "kind": "cnscd-enrol",
        "server": "https://cnscd.example.vn",
        "code": body["code"].replace("-", ""),
    }
    assert body["qr_svg"].startswith("<svg")


def test_the_code_is_stored_only_hashed(client, app, world: World) -> None:
    code = client.post(
        f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(world.leader_a)
    ).json()["code"]
    with Session(app.state.cnscd.engine) as s:
        row = s.exec(select(EnrolmentCode)).one()
    assert code.replace("-", "") not in row.code_hash and len(row.code_hash) == 64


def test_enrolment_gives_a_token_that_works_and_is_stored_hashed(client, app, world: World) -> None:
    token = enrol(client, world.leader_a, world.team_a, "Máy của chị Lan")
    me = client.get("/api/v1/device", headers=World.auth(token))
    assert me.status_code == 200
    assert me.json()["team_id"] == world.team_a and me.json()["device_name"] == "Máy của chị Lan"
    with Session(app.state.cnscd.engine) as s:
        device = s.exec(select(Device)).one()
    assert token not in device.token_hash and len(device.token_hash) == 64


def test_a_code_enrols_one_device_only(client, world: World) -> None:
    code = client.post(
        f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(world.leader_a)
    ).json()["code"]
    first = client.post(
        "/api/v1/enrol", json={"code": code.lower(), "device_name": "Một"}
    )  # typed in lower case
    second = client.post("/api/v1/enrol", json={"code": code, "device_name": "Hai"})
    assert first.status_code == 201
    assert second.status_code == 409 and second.json()["error"]["code"] == "code_used"


def test_an_expired_code_is_refused(client, app, world: World) -> None:
    code = client.post(
        f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(world.leader_a)
    ).json()["code"]
    with Session(app.state.cnscd.engine) as s:
        row = s.exec(select(EnrolmentCode)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        s.add(row)
        s.commit()
    answer = client.post("/api/v1/enrol", json={"code": code, "device_name": "Muộn"})
    assert answer.status_code == 410 and answer.json()["error"]["code"] == "code_expired"


def test_an_unknown_code_is_refused(client, world: World) -> None:
    answer = client.post("/api/v1/enrol", json={"code": "ABCDE-FGHJK", "device_name": "Đoán"})
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "invalid_code"


def test_a_revoked_device_is_refused_at_once(client, world: World) -> None:
    token = enrol(client, world.leader_a, world.team_a)
    device_id = client.get("/api/v1/device", headers=World.auth(token)).json()["device_id"]
    assert client.get("/api/v1/sync/pull", headers=World.auth(token)).status_code == 200
    revoked = client.post(f"/api/v1/devices/{device_id}/revoke", headers=World.auth(world.leader_a))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    for method, path in (
        ("GET", "/api/v1/sync/pull"),
        ("POST", "/api/v1/sync/push"),
        ("GET", "/api/v1/device"),
    ):
        answer = client.request(method, path, headers=World.auth(token), json={"records": []})
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "device_revoked", (
            path
        )
        assert "tổ trưởng" in answer.json()["error"]["message"]


def test_a_leader_lists_only_their_teams_devices_and_cannot_revoke_others(
    client, world: World
) -> None:
    enrol(client, world.leader_a, world.team_a)
    token_b = enrol(client, world.leader_b, world.team_b)
    device_b = client.get("/api/v1/device", headers=World.auth(token_b)).json()["device_id"]
    assert (
        len(
            client.get(
                f"/api/v1/teams/{world.team_a}/devices", headers=World.auth(world.leader_a)
            ).json()
        )
        == 1
    )
    assert (
        client.get(
            f"/api/v1/teams/{world.team_b}/devices", headers=World.auth(world.leader_a)
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/teams/{world.team_b}/enrolment-codes", headers=World.auth(world.leader_a)
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/devices/{device_b}/revoke", headers=World.auth(world.leader_a)
        ).status_code
        == 403
    )
    assert client.get("/api/v1/device", headers=World.auth(token_b)).status_code == 200
    # The province admin manages every team of the province.
    assert (
        client.get(
            f"/api/v1/teams/{world.team_b}/devices", headers=World.auth(world.admin)
        ).status_code
        == 200
    )


def test_enrolment_is_rate_limited_per_client(client, app, world: World) -> None:
    limit = app.state.cnscd.settings.enrol_rate_per_minute
    answers = [
        client.post("/api/v1/enrol", json={"code": f"WRONG{n:05d}", "device_name": "x"})
        for n in range(limit + 1)
    ]
    assert [a.status_code for a in answers[:limit]] == [404] * limit
    assert answers[-1].status_code == 429 and answers[-1].json()["error"]["code"] == "rate_limited"
    assert int(answers[-1].headers["retry-after"]) > 0


def test_the_cli_code_and_its_qr_png_enrol_a_device(
    client, settings, world: World, tmp_path, capsys
) -> None:
    from server.cli import main

    qr = tmp_path / "qr.png"
    assert main(["enrolment-code", str(world.team_a), "--qr-png", str(qr)], settings) == 0
    printed = capsys.readouterr().out.split()[0]
    decoded = zxingcpp.read_barcodes(Image.open(qr))
    assert len(decoded) == 1
    content = json.loads(decoded[0].text)
    assert (
        content["code"] == printed.replace("-", "")
        and content["server"] == settings.public_base_url
    )
    answer = client.post("/api/v1/enrol", json={"code": content["code"], "device_name": "Quét QR"})
    assert answer.status_code == 201 and answer.json()["team_id"] == world.team_a
