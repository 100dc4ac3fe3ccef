"""A team leader's device pages: the list, a new enrolment code with a QR a real decoder reads
and a device can use, revoking a device; nothing of another team."""

from __future__ import annotations

import base64
import io
import json

import zxingcpp
from apitest import World
from PIL import Image
from webtest import Page, login

from wire.api import EnrolmentQr


def _qr_text(html: str) -> str:
    source = html.split('id="enrolment-qr" src="data:image/png;base64,', 1)[1].split('"', 1)[0]
    image = Image.open(io.BytesIO(base64.b64decode(source)))
    found = [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert len(found) == 1, found
    return found[0]


def test_a_new_code_shows_its_qr_and_enrols_a_device(client, settings, world: World) -> None:
    csrf = login(client, "lead-a")
    answer = client.post(f"/staff/teams/{world.team_a}/enrolment-codes", data={"csrf": csrf})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    page = Page(answer.text)
    code = page.texts["enrolment-code"]
    qr = EnrolmentQr.model_validate(json.loads(_qr_text(answer.text)))
    assert qr.server == settings.public_base_url
    assert qr.code.replace("-", "") == code.replace("-", "")
    enrolled = client.post(
        "/api/v1/enrol", json={"code": qr.code, "device_name": "Máy của chị Hoa"}
    )
    assert enrolled.status_code == 201 and enrolled.json()["team_id"] == world.team_a
    devices = Page(client.get(f"/staff/teams/{world.team_a}/devices").text).tables["devices"]
    assert [(row[0], row[3]) for row in devices] == [("Máy của chị Hoa", "Đang dùng")]


def test_revoking_from_the_page_refuses_the_device_at_once(client, world: World, device_a) -> None:
    csrf = login(client, "lead-a")
    html = client.get(f"/staff/teams/{world.team_a}/devices").text
    action = html.split('action="/staff/devices/', 1)[1].split('"', 1)[0]
    answer = client.post(f"/staff/devices/{action}", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "Đã thu hồi thiết bị." in page and "Đã thu hồi lúc" in page
    assert (
        client.get("/api/v1/sync/pull", headers=device_a).json()["error"]["code"]
        == "device_revoked"
    )


def test_forms_without_the_csrf_token_change_nothing(client, world: World, device_a) -> None:
    csrf = login(client, "lead-a")
    device_id = client.get("/api/v1/device", headers=device_a).json()["device_id"]
    for data in ({}, {"csrf": "0" * 64}, {"csrf": csrf[:-1] + ("0" if csrf[-1] != "0" else "1")}):
        assert client.post(f"/staff/devices/{device_id}/revoke", data=data).status_code == 403
        assert (
            client.post(f"/staff/teams/{world.team_a}/enrolment-codes", data=data).status_code
            == 403
        )
    assert client.get("/api/v1/device", headers=device_a).status_code == 200  # not revoked


def test_a_leader_cannot_touch_another_teams_devices(client, world: World, device_b) -> None:
    csrf = login(client, "lead-a")
    device_b_id = client.get("/api/v1/device", headers=device_b).json()["device_id"]
    assert client.get(f"/staff/teams/{world.team_b}/devices").status_code == 403
    assert (
        client.post(f"/staff/teams/{world.team_b}/enrolment-codes", data={"csrf": csrf}).status_code
        == 403
    )
    assert (
        client.post(f"/staff/devices/{device_b_id}/revoke", data={"csrf": csrf}).status_code == 403
    )
    assert client.get("/api/v1/device", headers=device_b).status_code == 200


def test_commune_staff_see_figures_but_manage_no_devices(
    client, world: World, commune_staff_a
) -> None:
    csrf = login(client, "xa-a")
    assert client.get(f"/staff/teams/{world.team_a}/devices").status_code == 403
    assert (
        client.post(f"/staff/teams/{world.team_a}/enrolment-codes", data={"csrf": csrf}).status_code
        == 403
    )
    assert "Thiết bị của tổ" not in client.get("/staff/report").text
