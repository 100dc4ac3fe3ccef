"""Staff pages: password login into a secure cookie, CSRF on every form, logout that ends the
login, pages that run no script and send no one in without a login."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from apitest import PASSWORD, World
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from webtest import Page, login

from server.models import StaffToken


def _cookie(answer, name: str) -> SimpleCookie:
    for header in answer.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar
    raise AssertionError(f"no {name} cookie set")


def _login_answer(client, username: str = "lead-a", password: str = PASSWORD):
    form = Page(client.get("/staff/login").text)
    return client.post(
        "/staff/login",
        data={"csrf": form.csrf, "username": username, "password": password},
        follow_redirects=False,
    )


def test_login_sets_an_httponly_samesite_cookie_that_opens_the_pages(client, world: World) -> None:
    answer = _login_answer(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/staff/report"
    cookie = _cookie(answer, "cnscd_staff")["cnscd_staff"]
    assert (
        cookie["httponly"] is True
        and cookie["samesite"].lower() == "lax"
        and cookie["path"] == "/staff"
    )
    assert not cookie["secure"]  # plain http here: a Secure cookie would never come back
    page = client.get("/staff/report")
    assert page.status_code == 200 and "Báo cáo: Tổ CNSCĐ Quảng La" in page.text


def test_over_https_the_cookie_is_secure(app, world: World) -> None:
    with TestClient(app, base_url="https://testserver") as https:
        answer = _login_answer(https)
        assert _cookie(answer, "cnscd_staff")["cnscd_staff"]["secure"] is True
        assert https.get("/staff/report").status_code == 200


def test_a_wrong_password_shows_the_form_again_in_vietnamese(client, world: World) -> None:
    answer = _login_answer(client, password="sai-mat-khau-roi")
    assert answer.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in answer.text and 'value="lead-a"' in answer.text
    assert "cnscd_staff=" not in answer.headers.get("set-cookie", "")
    assert client.get("/staff/report", follow_redirects=False).status_code == 303


def test_login_without_its_csrf_token_is_refused(client, world: World) -> None:
    client.get("/staff/login")
    for data in (
        {"username": "lead-a", "password": PASSWORD},
        {
            "username": "lead-a",
            "password": PASSWORD,
            "csrf": "forged-token-of-another-site-000000000000",
        },
    ):
        answer = client.post("/staff/login", data=data, follow_redirects=False)
        assert answer.status_code == 403 and "Biểu mẫu đã cũ hoặc không hợp lệ" in answer.text
        assert "cnscd_staff=" not in answer.headers.get("set-cookie", "")


def test_pages_without_a_login_go_to_the_login_page(client, world: World) -> None:
    for path in (
        "/staff",
        "/staff/report",
        "/staff/report.csv",
        f"/staff/teams/{world.team_a}/devices",
        "/staff/admin",
        "/staff/content",
    ):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"] in {"/staff/login", "/staff/report"}, path
    client.cookies.set("cnscd_staff", "a-made-up-token", path="/staff")
    assert client.get("/staff/report", follow_redirects=False).headers["location"] == "/staff/login"


def test_logout_ends_the_login_for_good(client, app, world: World) -> None:
    csrf = login(client, "lead-a")
    token = client.cookies.get("cnscd_staff")
    answer = client.post("/staff/logout", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/staff/login?done=logout"
    assert "Bạn đã đăng xuất." in client.get("/staff/login?done=logout").text
    # the old cookie, replayed, opens nothing
    client.cookies.set("cnscd_staff", token, path="/staff")
    assert client.get("/staff/report", follow_redirects=False).status_code == 303
    with Session(app.state.cnscd.engine) as s:
        assert len(s.exec(select(StaffToken)).all()) == 3  # the seeded bearer tokens only


def test_logout_needs_the_csrf_token(client, world: World) -> None:
    login(client, "lead-a")
    assert client.post("/staff/logout", data={}, follow_redirects=False).status_code == 403
    assert client.get("/staff/report").status_code == 200  # still logged in


def test_staff_pages_allow_no_script_and_no_framing(client, world: World) -> None:
    login(client, "lead-a")
    for path in ("/staff/login", "/staff/report", f"/staff/teams/{world.team_a}/devices"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert (
            "default-src 'none'" in policy
            and "script-src" not in policy
            and "frame-ancestors 'none'" in policy
        )
        assert (
            answer.headers["x-frame-options"] == "DENY"
            and answer.headers["cache-control"] == "no-store"
        )
        assert "<script" not in answer.text and '<html lang="vi">' in answer.text


def test_staff_login_is_rate_limited(client, app, world: World) -> None:
    app.state.cnscd.limiters["login"].per_minute = 2
    statuses = [_login_answer(client, password="sai-mat-khau-roi").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


@pytest.mark.parametrize("path", ["/staff/report?team=abc", "/staff/khong-co-trang-nay"])
def test_bad_addresses_get_an_html_page_with_a_code(client, world: World, path: str) -> None:
    login(client, "lead-a")
    answer = client.get(path)
    assert answer.status_code in {404, 422} and answer.headers["content-type"].startswith(
        "text/html"
    )
    assert "Không làm được việc này" in answer.text
