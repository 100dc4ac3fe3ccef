"""Rate limits against the live server: counted per client address, which a client cannot
choose by sending X-Forwarded-For (only a configured proxy's header is believed); strict for
login and enrolment, roomy for public pages, which many households open from one address."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
from apitest import LiveServer, make_bundle

from server.cli import main as cli
from server.main import create_app


def _without_refill(app, name: str) -> int:
    """Limiter `name` with its burst, but refilled at one a minute, too slowly to matter while
    a test runs (a token every 6 s lets an eleventh slow login through on a loaded machine):
    these tests are about whose requests are counted, not about the clock. Answers the burst."""
    limiter = app.state.cnscd.limiters[name]
    limiter.burst = int(limiter.capacity)
    limiter.per_minute = 1
    return limiter.burst


def _login_tries(url: str, count: int, forwarded: list[str]) -> list[int]:
    wrong = {"username": "nobody", "password": "x" * 12}
    with httpx.Client(base_url=url, timeout=60) as http:
        return [
            http.post(
                "/api/v1/auth/login",
                json=wrong,
                headers={"X-Forwarded-For": forwarded[n % len(forwarded)]},
            ).status_code
            for n in range(count)
        ]


def test_a_forwarded_for_header_does_not_buy_more_login_tries(app, live, world) -> None:
    """From 127.0.0.1 with a new X-Forwarded-For each try (a local proxy passing it on, or the
    client itself): the eleventh try is refused all the same."""
    limit = _without_refill(app, "login")
    statuses = _login_tries(live.url, limit + 1, [f"203.0.113.{n}" for n in range(1, 50)])
    assert statuses == [401] * limit + [429]


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_limit(settings, world) -> None:
    trusting = create_app(settings.with_(trusted_proxies=("127.0.0.1",)), run_migrations=False)
    limit = _without_refill(trusting, "login")
    with LiveServer(trusting) as live:
        first = _login_tries(live.url, limit + 1, ["203.0.113.7"])
        other = _login_tries(live.url, 1, ["203.0.113.8"])
    trusting.state.cnscd.engine.dispose()
    assert first == [401] * limit + [429]
    assert other == [401]


def _open_in_turn(url: str, path: str, count: int) -> list[int]:
    """One household's phone: its own connection, `count` opens one after another. Idle
    connections let go after 2 s, before the server closes them (5 s), as nginx in front does
    (deploy/nginx.conf). One client per phone, not one shared by threads: httpcore's shared
    pool can close a connection it has just handed to a waiting thread (encode/httpcore#1110),
    which fails a request with "Bad file descriptor" before it reaches the server."""
    limits = httpx.Limits(max_connections=1, keepalive_expiry=2)
    with httpx.Client(base_url=url, timeout=120, limits=limits) as http:
        return [http.get(path).status_code for _ in range(count)]


def test_five_hundred_page_opens_from_one_address_are_all_served(live, settings, tmp_path) -> None:
    """Households behind one carrier NAT open a guide's QR at once: none is refused."""
    bundle = make_bundle(tmp_path / "bundle")
    assert cli(["publish", str(bundle)], settings) == 0
    code = json.loads((bundle / "manifest.json").read_text())["guides"][0]["code"]
    with ThreadPoolExecutor(50) as pool:
        phones = list(pool.map(lambda _: _open_in_turn(live.url, f"/g/{code}", 10), range(50)))
    statuses = [status for phone in phones for status in phone]
    assert statuses.count(200) == 500, {s: statuses.count(s) for s in set(statuses)}


def test_login_and_enrolment_stay_strict(app, live, world) -> None:
    settings = app.state.cnscd.settings
    assert (settings.login_rate_per_minute, settings.enrol_rate_per_minute) == (10, 10)
    assert _without_refill(app, "enrol") == 10
    unknown = {"code": "ABCDE-FGH23", "device_name": "Máy"}
    with httpx.Client(base_url=live.url, timeout=60) as http:
        enrols = [http.post("/api/v1/enrol", json=unknown).status_code for _ in range(11)]
    assert enrols == [404] * 10 + [429]
