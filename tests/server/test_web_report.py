"""The report dashboard: the same figures as the JSON, everything escaped, only one's own area,
and the CSV download."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from apitest import World
from reportdata import PERIOD
from sqlmodel import Session
from webtest import Page, login, number

from server.models import Area, HelpSession, Household
from server.reports import summaries
from server.web.pages import month
from wire.clock import today_local, utcnow


def _json(client, token: str, **params) -> dict:
    return client.get(
        "/api/v1/reports/figures", params={**PERIOD, **params}, headers=World.auth(token)
    ).json()


def _html(client, **params) -> Page:
    answer = client.get("/staff/report", params={**PERIOD, **params})
    assert answer.status_code == 200, answer.text
    return Page(answer.text)


def _assert_same(report: dict, page: Page) -> None:
    assert number(page.texts["households-reached"]) == report["households_reached"]
    assert number(page.texts["sessions"]) == report["sessions"]
    assert number(page.texts["follow-ups-overdue"]) == report["follow_ups_overdue"]
    assert number(page.texts["qr-opens-total"]) == report["qr_opens_total"]
    assert [(r[0], number(r[1]), number(r[3])) for r in page.tables.get("by-service", [])] == [
        (s["name"], s["sessions"], s["households"]) for s in report["by_service"]
    ]
    assert [(r[0], r[1], number(r[2]), number(r[4])) for r in page.tables["by-village"]] == [
        (v["village"], v["commune"], v["sessions"], v["households"]) for v in report["by_village"]
    ]
    assert [(r[0], number(r[1]), number(r[2])) for r in page.tables["by-month"]] == [
        (month(m["month"]), m["sessions"], m["households"]) for m in report["by_month"]
    ]
    assert [(r[0], number(r[1])) for r in page.tables.get("qr-opens", [])] == [
        (g["title"], g["opens"]) for g in report["qr_opens"]
    ]
    overdue = [
        (
            o["head_name"],
            o["village"],
            date.fromisoformat(o["follow_up_on"]).strftime("%d/%m/%Y"),
            o["days_late"],
            o["note"],
        )
        for o in report["overdue_households"]
    ]
    assert [
        (r[0], r[1], r[2], number(r[3]), r[4]) for r in page.tables.get("overdue", [])
    ] == overdue


def test_the_dashboard_shows_exactly_the_json_figures(
    client, world: World, seeded, commune_staff_a
) -> None:
    login(client, "lead-a")
    report = _json(client, world.leader_a)
    page = _html(client)
    _assert_same(report, page)
    assert report["overdue_households"] and "Hộ hẹn quay lại đã quá hạn" in page.html
    assert 'aria-label="Biểu đồ số buổi hỗ trợ theo tháng"' in page.html
    assert page.html.count('style="--share:') == len(report["by_month"])  # a column a month


def test_province_staff_see_their_province_and_can_narrow_it(client, world: World, seeded) -> None:
    login(client, "admin")
    _assert_same(_json(client, world.admin), _html(client))
    page = _html(client, commune=world.commune_b)
    _assert_same(_json(client, world.admin, commune=world.commune_b), page)
    assert (
        "Hộ hẹn quay lại đã quá hạn" not in page.html
    )  # no household names outside the team's leader
    _assert_same(
        _json(client, world.admin, team=str(world.team_a)), _html(client, team=world.team_a)
    )
    assert f'href="/staff/report?commune={world.commune_a}"' in _html(client).html


@pytest.mark.parametrize(
    ("username", "params"),
    [
        ("lead-a", {"team": "team_b"}),
        ("lead-a", {"commune": "commune_a"}),
        ("xa-a", {"commune": "commune_b"}),
        ("xa-a", {"team": "team_b"}),
    ],
)
def test_no_dashboard_or_csv_outside_ones_area(
    client, world: World, commune_staff_a, username: str, params: dict
) -> None:
    handles = {"team_b": world.team_b, "commune_a": world.commune_a, "commune_b": world.commune_b}
    login(client, username)
    for path in ("/staff/report", "/staff/report.csv"):
        answer = client.get(path, params={k: handles[v] for k, v in params.items()})
        assert answer.status_code == 403, path
        assert (
            "Bạn không có quyền làm việc này." in answer.text
            and "Tổ CNSCĐ Đông Ngũ" not in answer.text
        )


def test_the_csv_download_is_the_apis_csv(client, world: World, seeded) -> None:
    login(client, "lead-a")
    page = _html(client)
    link = next(part for part in page.html.split('"') if part.startswith("/staff/report.csv?"))
    download = client.get(link.replace("&amp;", "&"))
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    api = client.get(
        "/api/v1/reports/figures.csv",
        params=PERIOD | {"to": today_local().isoformat()},
        headers=World.auth(world.leader_a),
    )
    assert download.content == api.content


def test_markup_in_names_and_notes_shows_as_text(client, app, world: World) -> None:
    """The wire protocol refuses markup, but whatever is in the database is shown as text."""
    with Session(app.state.cnscd.engine) as s:
        s.add(
            Area(
                id="qn.quang-la.xss",
                parent_id=world.commune_a,
                level="village",
                name="<b>Thôn</b> <script>alert(1)</script>",
            )
        )
        s.flush()
        now = utcnow()
        s.add(
            Household(
                id="01936b2e-0000-7000-8000-00000000a001",
                team_id=world.team_a,
                village_id="qn.quang-la.xss",
                head_name='<script>alert("chủ hộ")</script>',
                phone=None,
                consent_at=now,
                updated_at=now,
            )
        )
        s.flush()
        s.add(
            HelpSession(
                id="01936b2e-0000-7000-8000-00000000a002",
                team_id=world.team_a,
                household_id="01936b2e-0000-7000-8000-00000000a001",
                occurred_at=now - timedelta(days=3),
                services=["<img src=x onerror=alert(1)>"],
                guides=[],
                outcome="follow_up",
                follow_up_on=today_local() - timedelta(days=1),
                minutes=10,
                note="</td><script>alert('ghi chú')</script>",
                updated_at=now,
            )
        )
        s.flush()
        summaries.count_written(s, ["01936b2e-0000-7000-8000-00000000a002"])
        s.commit()
    login(client, "lead-a")
    page = client.get("/staff/report").text
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;chủ hộ&#34;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;script&gt;alert(&#39;ghi chú&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Thôn&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    rows = Page(page).tables["overdue"]
    assert rows[0][0] == '<script>alert("chủ hộ")</script>'  # read back as the text it is
