"""The demo's central API beside the app: started by the app's entry point, seeded with the
demo commune's team, leader and guides, the demo device enrolled once, and a sync through it
lands the demo households on the server."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from urllib.parse import urlsplit

import httpx
from PIL import Image
from support.pgcluster import free_port

from app.config import Settings
from app.services import guides, outbox, qr, sync_state
from content.manifest import load_manifest
from content.qr import decoded_by_both
from launcher import demo
from launcher.cli import open_store
from server.cli import main as admin
from server.core.config import Settings as ServerSettings
from sync.client import ApiClient
from sync.engine import Sync
from sync.tokens import default_token_store
from wire.api import EnrolmentQr


def test_the_demo_world_is_made_once(tmp_path, capsys) -> None:
    settings = ServerSettings(data_dir=tmp_path / "server")
    assert admin(["demo"], settings) == 0
    assert admin(["demo"], settings) == 0
    said = capsys.readouterr().out.splitlines()
    assert (
        f"{len(load_manifest().guides)} hướng dẫn mới đăng" in said[0]
        and "0 hướng dẫn mới đăng" in said[1]
    )
    assert "totruong (tổ trưởng)" in said[1] and "(team 1)" in said[1]
    assert admin(["demo", "--enrolment-qr"], settings) == 0
    qr = EnrolmentQr.model_validate(json.loads(capsys.readouterr().out.strip()))
    assert qr.server == settings.public_base_url and len(qr.code) >= 8


def test_the_demo_starts_its_central_api_and_enrols_the_device(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "demo", public_base_url="", demo=True)
    settings.data_dir.mkdir()
    store = open_store(settings, demo=True)
    port = free_port()
    lan = demo.lan_address()
    assert lan is None or not lan.startswith("127.")
    central, env = demo.start_central(settings, port, lan)
    assert central is not None
    try:
        url = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
        demo.enrol_device(store, settings, env)
        state = sync_state.get(store)
        assert (state.server_url, state.team_name, state.device_name) == (
            url,
            "Tổ CNSCĐ xã Quảng La",
            "Máy demo",
        )
        token = default_token_store(settings.data_dir).read()
        demo.enrol_device(store, settings, env)  # already enrolled: nothing changes
        assert default_token_store(settings.data_dir).read() == token
        waiting = outbox.pending_count(store)
        assert waiting > 0  # the demo's households and sessions
        with ApiClient(url, token) as client:
            assert Sync(store, client, media=False).run().ok
        assert outbox.pending_count(store) == 0
        # The team leader sees them: log in to the staff pages with the demo account.
        with httpx.Client(base_url=url) as staff:
            token = staff.post(
                "/api/v1/auth/login", json={"username": "totruong", "password": "demo-quang-la"}
            ).json()["token"]
            figures = staff.get(
                "/api/v1/reports/figures", headers={"Authorization": f"Bearer {token}"}
            ).json()
        assert figures["households_reached"] > 0
        # The demo's QR codes open its own central API: on the LAN address where there is one
        # (it listens there too), with the demo commune; fetched here on loopback, the same server.
        shown = replace(settings, public_base_url=demo.public_address(port, lan))
        qr_text = guides.shared_url(store, shown.public_base_url, "vneid-m2", shown.demo)
        [scanned] = decoded_by_both(Image.open(io.BytesIO(qr.png(qr_text))))
        assert scanned == f"http://{lan or '127.0.0.1'}:{port}/g/vneid-m2?c=qn.quang-la"
        page = httpx.get(f"{url}{urlsplit(scanned).path}?{urlsplit(scanned).query}")
        assert page.status_code == 200 and "<h1>" in page.text
    finally:
        central.terminate()
        central.wait(10)
    store.close()
