"""The province admin's pages: adding teams, team leaders and commune staff through the forms,
publishing a content bundle by upload; nobody else may."""

from __future__ import annotations

from apitest import PASSWORD, World, make_bundle
from webtest import Page, login

from server.services import content


def test_an_admin_adds_a_team_and_its_leader_who_then_logs_in(app, client, world: World) -> None:
    csrf = login(client, "admin")
    answer = client.post(
        "/staff/admin/teams",
        data={"csrf": csrf, "commune": world.commune_b, "name": "Tổ CNSCĐ thôn 2"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = Page(client.get(answer.headers["location"]).text)
    assert "Đã thêm tổ." in page.html
    team_row = next(row for row in page.tables["teams"] if row[0] == "Tổ CNSCĐ thôn 2")
    assert team_row[1] == "Xã Đông Ngũ"
    new_team = next(
        t
        for t in client.get("/api/v1/teams", headers=World.auth(world.admin)).json()
        if t["name"] == "Tổ CNSCĐ thôn 2"
    )
    answer = client.post(
        "/staff/admin/staff",
        data={
            "csrf": csrf,
            "role": "team_leader",
            "team": str(new_team["id"]),
            "username": "tt.thon-2",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    accounts = Page(client.get("/staff/admin").text).tables["accounts"]
    assert ["tt.thon-2", "Tổ trưởng", "Tổ CNSCĐ thôn 2"] in accounts
    client.cookies.clear()
    login(client, "tt.thon-2")
    assert "Báo cáo: Tổ CNSCĐ thôn 2" in client.get("/staff/report").text


def test_an_admin_adds_commune_staff(client, world: World) -> None:
    csrf = login(client, "admin")
    client.post(
        "/staff/admin/staff",
        data={
            "csrf": csrf,
            "role": "commune_staff",
            "commune": world.commune_a,
            "username": "cb.quang-la",
            "password": PASSWORD,
        },
    )
    client.cookies.clear()
    login(client, "cb.quang-la")
    assert "Báo cáo: Xã Quảng La" in client.get("/staff/report").text


def test_a_refused_form_says_why_and_keeps_nothing(client, world: World) -> None:
    csrf = login(client, "admin")
    answer = client.post(
        "/staff/admin/staff",
        data={
            "csrf": csrf,
            "role": "commune_staff",
            "commune": world.commune_a,
            "username": "cb.ngan",
            "password": "ngắn",
        },
    )
    assert answer.status_code == 422 and "Mật khẩu cần ít nhất 10 ký tự." in answer.text
    answer = client.post(
        "/staff/admin/staff",
        data={
            "csrf": csrf,
            "role": "province_admin",
            "commune": world.commune_a,
            "username": "admin-moi",
            "password": PASSWORD,
        },
    )
    assert (
        answer.status_code == 422
        and "Chỉ tạo được tài khoản tổ trưởng hoặc cán bộ xã." in answer.text
    )
    answer = client.post(
        "/staff/admin/teams", data={"csrf": csrf, "commune": world.village_a, "name": "Tổ thôn"}
    )
    assert answer.status_code == 422 and "Không có xã/phường này." in answer.text
    usernames = [row[0] for row in Page(client.get("/staff/admin").text).tables["accounts"]]
    assert "cb.ngan" not in usernames and "admin-moi" not in usernames


def test_only_a_province_admin_reaches_the_admin_and_content_pages(
    client, world: World, commune_staff_a
) -> None:
    for username in ("lead-a", "xa-a"):
        client.cookies.clear()
        csrf = login(client, username)
        assert client.get("/staff/admin").status_code == 403
        assert client.get("/staff/content").status_code == 403
        assert (
            client.post(
                "/staff/admin/teams",
                data={"csrf": csrf, "commune": world.commune_a, "name": "Tổ lạ"},
            ).status_code
            == 403
        )
        assert (
            client.post(
                "/staff/admin/staff",
                data={
                    "csrf": csrf,
                    "role": "commune_staff",
                    "commune": world.commune_a,
                    "username": "ke-la",
                    "password": PASSWORD,
                },
            ).status_code
            == 403
        )
        answer = client.post(
            "/staff/content",
            data={"csrf": csrf},
            files={"bundle": ("b.tar.gz", b"x", "application/gzip")},
        )
        assert answer.status_code == 403
    teams = client.get("/api/v1/teams", headers=World.auth(world.admin)).json()
    assert {t["name"] for t in teams} == {"Tổ CNSCĐ Quảng La", "Tổ CNSCĐ Đông Ngũ"}


def test_admin_forms_need_the_csrf_token(client, world: World) -> None:
    login(client, "admin")
    assert (
        client.post(
            "/staff/admin/teams", data={"commune": world.commune_a, "name": "Tổ không token"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/staff/content", files={"bundle": ("b.tar.gz", b"x", "application/gzip")}
        ).status_code
        == 403
    )
    assert "Tổ không token" not in client.get("/staff/admin").text


def test_an_admin_publishes_a_bundle_by_upload(client, world: World, tmp_path) -> None:
    archive = content.pack_bundle(make_bundle(tmp_path / "bundle"), tmp_path / "bundle.tar.gz")
    csrf = login(client, "admin")
    with archive.open("rb") as upload:
        answer = client.post(
            "/staff/content",
            data={"csrf": csrf},
            files={"bundle": ("noi-dung.tar.gz", upload, "application/gzip")},
        )
    assert answer.status_code == 200, answer.text
    page = Page(answer.text)
    assert "Đã đăng: " in page.html
    codes = [row[0] for row in page.tables["guides"]]
    assert "vneid-m2" in codes
    assert client.get("/g/vneid-m2").status_code == 200
    # the same upload again changes nothing
    with archive.open("rb") as upload:
        again = client.post(
            "/staff/content",
            data={"csrf": csrf},
            files={"bundle": ("noi-dung.tar.gz", upload, "application/gzip")},
        )
    assert "Đã đăng: không có." in again.text


def test_a_broken_upload_is_refused_with_a_reason(client, world: World) -> None:
    csrf = login(client, "admin")
    answer = client.post(
        "/staff/content",
        data={"csrf": csrf},
        files={"bundle": ("x.tar.gz", b"not a tarball", "application/gzip")},
    )
    assert answer.status_code == 422 and "Chưa đăng được: Gói nội dung không hợp lệ." in answer.text
    answer = client.post("/staff/content", data={"csrf": csrf})
    assert answer.status_code == 422 and "Hãy chọn tệp gói nội dung" in answer.text
