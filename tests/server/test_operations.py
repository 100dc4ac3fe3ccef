"""Operations: /healthz, OpenAPI that lists the endpoints, JSON logs without personal data,
and `python -m server` starting the API on its own."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import apitest as records
import httpx

from support import pgcluster
from server.core.config import Settings
from server.core.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_healthz(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_openapi_describes_the_endpoints_and_wire_types(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/enrol", "/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/media/{sha256}",
                 "/api/v1/content/bundles", "/g/{code}", "/healthz"):
        assert path in spec["paths"], path
    assert {"PushRequest", "PullResponse", "EnrolRequest"} <= set(spec["components"]["schemas"])
    push_body = spec["paths"]["/api/v1/sync/push"]["post"]["requestBody"]
    assert push_body["content"]["application/json"]["schema"]["$ref"].endswith("/PushRequest")


def test_logs_are_json_lines_without_personal_data(client, world, device_a, caplog) -> None:
    h = records.household(world.village_a, name="Phạm Thị Bí Mật", phone="0978123456")
    with caplog.at_level(logging.INFO, logger="cnscd.server"):
        client.post("/api/v1/sync/push", json={"records": [h, records.session(h["payload"]["id"], note="ghi chú kín")]},
                    headers=device_a)
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert any(json.loads(line)["event"] == "push stored" for line in lines)
    assert any(json.loads(line).get("route") == "/api/v1/sync/push" for line in lines)
    text = "\n".join(lines)
    assert "Bí Mật" not in text and "0978123456" not in text and "ghi chú kín" not in text
    assert device_a["Authorization"].split()[1] not in text


def test_python_m_server_starts_on_its_own(tmp_path) -> None:
    port = pgcluster.free_port()
    env = {**os.environ, "CNSCD_SERVER_DATA_DIR": str(tmp_path / "data")}
    env.pop("CNSCD_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "server", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise AssertionError(process.stdout.read().decode()) from None
                time.sleep(0.1)
        assert answer.json()["status"] == "ok"
        assert (tmp_path / "data" / "cnscd-server.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(10)


def test_rate_limits_can_be_raised_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("CNSCD_PUBLIC_RATE_PER_MINUTE", "5000")
    monkeypatch.setenv("CNSCD_LOGIN_RATE_PER_MINUTE", "3")
    settings = Settings.from_env()
    assert (settings.public_rate_per_minute, settings.login_rate_per_minute, settings.enrol_rate_per_minute) == (5000, 3, 10)
