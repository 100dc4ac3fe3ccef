"""Operations: /healthz, OpenAPI that lists the endpoints, JSON logs without personal data,
and `python -m server` starting the API on its own."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import apitest as records
import httpx
from apitest import World, captured_logs
from support import pgcluster

from server.core.config import Settings
from server.core.logs import JsonFormatter
from wire.api import ErrorResponse

ROOT = Path(__file__).resolve().parents[2]


def test_healthz(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_openapi_describes_the_endpoints_and_wire_types(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/enrol",
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
        "/api/v1/media/{sha256}",
        "/api/v1/content/bundles",
        "/g/{code}",
        "/healthz",
    ):
        assert path in spec["paths"], path
    assert {"PushRequest", "PullResponse", "EnrolRequest"} <= set(spec["components"]["schemas"])
    push_body = spec["paths"]["/api/v1/sync/push"]["post"]["requestBody"]
    assert push_body["content"]["application/json"]["schema"]["$ref"].endswith("/PushRequest")


def test_logs_are_json_lines_without_personal_data(client, world, device_a, caplog) -> None:
    h = records.household(world.village_a, name="Phạm Thị Bí Mật", phone="0978123456")
    with caplog.at_level(logging.INFO, logger="cnscd.server"):
        client.post(
            "/api/v1/sync/push",
            json={"records": [h, records.session(h["payload"]["id"], note="ghi chú kín")]},
            headers=device_a,
        )
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
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
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
    assert (
        settings.public_rate_per_minute,
        settings.login_rate_per_minute,
        settings.enrol_rate_per_minute,
    ) == (5000, 3, 10)


def test_a_client_that_drops_mid_upload_is_logged_as_such(live, world, device_a) -> None:
    """A phone that loses its signal halfway through a push: one line at info saying the client
    went away; no 500, no traceback."""
    with captured_logs() as logs:
        sock = socket.create_connection(("127.0.0.1", live.port), timeout=30)
        head = (
            f"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: {device_a['Authorization']}\r\nContent-Length: 100000\r\n\r\n"
        )
        sock.sendall(head.encode() + b'{"records": [' + b" " * 20000)
        time.sleep(0.2)  # the route is reading the body (no assertion hangs on this)
        sock.close()
        deadline = time.monotonic() + 30
        while not logs.records and time.monotonic() < deadline:
            time.sleep(0.05)
    events = [(r.getMessage(), r.levelno) for r in logs.records]
    assert events == [("client disconnected", logging.INFO)]
    assert logs.records[0].route == "/api/v1/sync/push"


def test_the_openapi_document_lists_the_errors_in_the_shape_they_are_sent(live, world) -> None:
    with httpx.Client(base_url=live.url, timeout=60) as http:
        spec = http.get("/openapi.json").json()
        schemas = spec["components"]["schemas"]
        assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                for status, answer in operation["responses"].items():
                    json_body = answer.get("content", {}).get("application/json", {})
                    if status.startswith("4") and (path, status) != ("/g/{code}", "404"):
                        ours = {"$ref": "#/components/schemas/ErrorResponse"}
                        assert json_body["schema"] == ours, (method, path, status)
        # Answers really sent: each status is listed for its route, each body fits the shape.
        sent = [
            ("post", "/api/v1/auth/login", http.post("/api/v1/auth/login", json={"username": "x"})),
            (
                "post",
                "/api/v1/auth/login",
                http.post("/api/v1/auth/login", json={"username": "x", "password": "y"}),
            ),
            ("get", "/api/v1/teams/{team_id}/devices", http.get("/api/v1/teams/1/devices")),
            (
                "get",
                "/api/v1/teams/{team_id}/devices",
                http.get("/api/v1/teams/0/devices", headers=World.auth(world.admin)),
            ),
            ("get", "/api/v1/sync/pull", http.get("/api/v1/sync/pull")),
            ("post", "/api/v1/enrol", http.post("/api/v1/enrol", content=b"{")),
            ("get", "/g/{code}", http.get("/g/%00")),
        ]
    for method, path, answer in sent:
        listed = spec["paths"][path][method]["responses"]
        assert str(answer.status_code) in listed, (path, answer.text)
        ErrorResponse.model_validate(answer.json())
        assert set(answer.json()) == {"error"}


def test_no_page_loads_a_script_from_elsewhere(live) -> None:
    """Swagger UI and ReDoc load their scripts from a CDN: they are off; the document stays."""
    with httpx.Client(base_url=live.url, timeout=60) as http:
        assert http.get("/docs").status_code == 404
        assert http.get("/redoc").status_code == 404
        assert http.get("/docs/oauth2-redirect").status_code == 404
        assert http.get("/openapi.json").json()["info"]["version"] == "1"
