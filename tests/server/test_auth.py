"""Staff login: a real password check (scrypt), tokens that expire, wrong passwords refused."""

from __future__ import annotations

import hashlib

import httpx
from apitest import PASSWORD, World


def test_login_with_the_right_password_gives_a_working_token(client, world: World) -> None:
    answer = client.post("/api/v1/auth/login", json={"username": "lead-a", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    assert answer.json()["role"] == "team_leader"
    token = answer.json()["token"]
    issued = client.post(f"/api/v1/teams/{world.team_a}/enrolment-codes", headers=World.auth(token))
    assert issued.status_code == 201


def test_a_wrong_password_or_unknown_user_is_refused_alike(client, world: World) -> None:
    wrong = client.post(
        "/api/v1/auth/login", json={"username": "lead-a", "password": "not-the-password"}
    )
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_staff_endpoints_refuse_missing_and_device_tokens(client, world: World, device_a) -> None:
    path = f"/api/v1/teams/{world.team_a}/enrolment-codes"
    assert client.post(path).json()["error"]["code"] == "missing_token"
    assert client.post(path, headers=device_a).status_code == 401
    assert (
        client.post(path, headers={"Authorization": "Bearer nonsense"}).json()["error"]["code"]
        == "invalid_token"
    )


def test_an_unknown_username_costs_the_same_scrypt_as_a_wrong_password(
    live, world: World, monkeypatch
) -> None:
    """Timing must not tell which usernames exist: against the live server, each refusal
    does exactly one scrypt (bench/server_hardening.py prints the times)."""
    calls = []
    scrypt = hashlib.scrypt

    def counted(*args, **kwargs):
        calls.append(1)
        return scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    with httpx.Client(base_url=live.url, timeout=60) as http:
        costs = []
        for username in ("lead-a", "khong-co-ai", "lead-b", "nobody.else"):
            before = len(calls)
            wrong = {"username": username, "password": "sai-roi-ban-oi"}
            answer = http.post("/api/v1/auth/login", json=wrong)
            assert answer.status_code == 401
            assert answer.json()["error"]["code"] == "invalid_credentials"
            costs.append(len(calls) - before)
    assert costs == [1, 1, 1, 1]
