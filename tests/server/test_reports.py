"""Reports (/api/v1/reports): exact figures for a team, a commune and a province, months in
Vietnam's calendar, overdue follow-ups, QR opens by guide, who may see what, and the CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from apitest import World, make_bundle
from reportdata import PERIOD

from app.ids import uuid7
from content.manifest import load_manifest
from server import reports
from server.services.content import pack_bundle
from wire.clock import today_local

FIGURES = "/api/v1/reports/figures"
SHIPPED_NAMES = {s["code"]: s["name"] for s in load_manifest().services}


def _figures(client, token: str, **params: str) -> dict:
    answer = client.get(FIGURES, params={**PERIOD, **params}, headers=World.auth(token))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_team_leader_gets_the_exact_figures_of_the_team(client, world: World, seeded) -> None:
    report = _figures(client, world.leader_a)
    assert report["scope"] == {
        "level": "team",
        "id": str(world.team_a),
        "name": "Tổ CNSCĐ Quảng La",
    }
    assert (report["period_first"], report["period_last"]) == (
        "2025-01-01",
        today_local().isoformat(),
    )
    assert (report["households_reached"], report["sessions"], report["follow_ups_overdue"]) == (
        4,
        6,
        1,
    )
    assert report["by_service"] == [
        {
            "code": "vneid_muc_2",
            "name": SHIPPED_NAMES["vneid_muc_2"],
            "sessions": 6,
            "households": 4,
        },
        {
            "code": "dvc_tai_khoan",
            "name": SHIPPED_NAMES["dvc_tai_khoan"],
            "sessions": 1,
            "households": 1,
        },
    ]
    villages = {
        v["village_id"]: (v["sessions"], v["households"], v["commune"])
        for v in report["by_village"]
    }
    assert villages == {
        world.village_a: (4, 2, "Xã Quảng La"),
        "qn.quang-la.thon-2": (2, 2, "Xã Quảng La"),
    }
    assert report["qr_opens"] == [
        {"code": "vneid-m2", "title": report["qr_opens"][0]["title"], "opens": 2}
    ]
    assert report["qr_opens_total"] == 2


def test_months_follow_the_vietnamese_calendar_and_include_empty_ones(
    client, world: World, seeded
) -> None:
    months = {
        m["month"]: (m["sessions"], m["households"])
        for m in _figures(client, world.leader_a)["by_month"]
    }
    assert list(months)[:6] == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert len(months) == 12 + today_local().month
    assert months["2025-02"] == (0, 0)  # the 28 February 17:30 UTC session is 1 March in Vietnam
    assert (
        months["2025-03"] == (2, 1) and months["2025-04"] == (1, 1) and months["2025-05"] == (2, 1)
    )
    assert sum(s for s, _ in months.values()) == 6


def test_only_the_teams_own_leader_sees_which_households_are_overdue(
    client, world: World, seeded, commune_staff_a
) -> None:
    mine = _figures(client, world.leader_a)["overdue_households"]
    assert [
        (o["household_id"], o["head_name"], o["village"], o["follow_up_on"], o["note"])
        for o in mine
    ] == [(seeded["h2"], "Phạm Thị Hẹn", "Thôn 2", "2025-04-12", "Hẹn mang căn cước")]
    assert mine[0]["days_late"] == (today_local() - date(2025, 4, 12)).days
    for token, params in ((world.admin, {"team": str(world.team_a)}), (commune_staff_a, {})):
        report = _figures(client, token, **params)
        assert report["follow_ups_overdue"] == 1 and report["overdue_households"] == []


def test_commune_and_province_staff_see_their_area(
    client, world: World, seeded, commune_staff_a
) -> None:
    commune = _figures(client, commune_staff_a)
    assert commune["scope"] == {"level": "commune", "id": world.commune_a, "name": "Xã Quảng La"}
    assert (commune["households_reached"], commune["sessions"], commune["qr_opens_total"]) == (
        4,
        6,
        2,
    )
    province = _figures(client, world.admin)
    assert province["scope"]["level"] == "province"
    assert (
        province["households_reached"],
        province["sessions"],
        province["follow_ups_overdue"],
    ) == (5, 7, 2)
    # a province counts the QRs of its communes and those that carry no commune
    assert {g["code"]: g["opens"] for g in province["qr_opens"]} == {"vneid-m2": 4, "lua-dao": 1}
    assert len(province["by_village"]) == 4
    commune_b = _figures(client, world.admin, commune=world.commune_b)
    assert (
        commune_b["sessions"],
        commune_b["qr_opens_total"],
        commune_b["follow_ups_overdue"],
    ) == (1, 1, 1)


@pytest.mark.parametrize(
    ("who", "params", "status"),
    [
        ("leader_a", {"team": "team_b"}, 403),
        ("leader_a", {"commune": "commune_a"}, 403),  # a leader cannot widen to the commune
        ("leader_a", {"commune": "commune_b"}, 403),
        ("commune_a", {"team": "team_b"}, 403),
        ("commune_a", {"commune": "commune_b"}, 403),
        ("leader_a", {"team": "999999"}, 404),
        ("admin", {"commune": "qn.quang-la.thon-1"}, 404),  # a village is not a commune
        ("commune_a", {"team": "team_a"}, 200),
        ("admin", {"team": "team_b"}, 200),
    ],
)
def test_nobody_sees_figures_outside_their_area(
    client, world: World, seeded, commune_staff_a, who: str, params: dict, status: int
) -> None:
    token = {"leader_a": world.leader_a, "commune_a": commune_staff_a, "admin": world.admin}[who]
    handles = {
        "team_a": str(world.team_a),
        "team_b": str(world.team_b),
        "commune_a": world.commune_a,
        "commune_b": world.commune_b,
    }
    query = {k: handles.get(v, v) for k, v in params.items()}
    for path in (FIGURES, f"{FIGURES}.csv"):
        answer = client.get(path, params=query, headers=World.auth(token))
        assert answer.status_code == status, (path, answer.text)
        if status == 403:
            assert answer.json()["error"]["code"] == "forbidden"


def test_reports_need_a_staff_token(client, world: World, device_a) -> None:
    assert client.get(FIGURES).status_code == 401
    assert client.get(FIGURES, headers=device_a).json()["error"]["code"] == "invalid_token"


def test_the_csv_holds_the_same_figures_as_the_json(client, world: World, seeded) -> None:
    report = _figures(client, world.leader_a)
    answer = client.get(f"{FIGURES}.csv", params=PERIOD, headers=World.auth(world.leader_a))
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith('attachment; filename="bao-cao-team-')
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "code", "name", "measure", "value"]
    assert rows[1] == ["scope", f"team:{world.team_a}", "Tổ CNSCĐ Quảng La", "", ""]
    values = {(r[0], r[1], r[3]): int(r[4]) for r in rows[3:]}
    assert values[("summary", "", "households_reached")] == report["households_reached"]
    assert values[("summary", "", "sessions")] == report["sessions"]
    assert values[("summary", "", "follow_ups_overdue")] == report["follow_ups_overdue"]
    assert values[("summary", "", "qr_opens")] == report["qr_opens_total"]
    for s in report["by_service"]:
        assert (
            values[("service", s["code"], "sessions")],
            values[("service", s["code"], "households")],
        ) == (s["sessions"], s["households"])
    for v in report["by_village"]:
        assert values[("village", v["village_id"], "sessions")] == v["sessions"]
    for m in report["by_month"]:
        assert values[("month", m["month"], "sessions")] == m["sessions"]
    for g in report["qr_opens"]:
        assert values[("qr_opens", g["code"], "opens")] == g["opens"]
    assert "Phạm Thị Hẹn" not in answer.content.decode("utf-8-sig")  # no household names in exports


def test_a_backwards_or_absurd_period_is_refused(client, world: World) -> None:
    for params in (
        {"from": "2025-05-01", "to": "2025-04-01"},
        {"from": "2010-01-01"},
        {"from": "not-a-date"},
    ):
        answer = client.get(FIGURES, params=params, headers=World.auth(world.leader_a))
        assert answer.status_code == 422, params
        assert answer.json()["error"]["code"] in {"invalid_period", "invalid_value"}


def test_the_default_period_is_this_month_and_the_eleven_before() -> None:
    assert reports.default_period(date(2026, 11, 25)) == reports.Period(
        date(2025, 12, 1), date(2026, 11, 25)
    )
    assert reports.default_period(date(2026, 1, 31)).first == date(2025, 2, 1)
    assert len(reports.default_period(date(2026, 1, 31)).months()) == 12


def test_a_spreadsheet_never_reads_a_name_as_a_formula() -> None:
    report = reports.Report(
        scope=reports.ReportScope("team", "1", '=HYPERLINK("x")'),
        period_first=date(2026, 1, 1),
        period_last=date(2026, 1, 31),
        today=date(2026, 1, 31),
        households_reached=0,
        sessions=0,
        follow_ups_overdue=0,
        qr_opens_total=0,
    )
    assert "'=HYPERLINK" in reports.to_csv(report)


def _offline_opens(code: str, count: int, day: date) -> dict:
    """What a device pushes for the opens its own guide server counted (wire type guide_opens)."""
    return {
        "type": "guide_opens",
        "payload": {"id": uuid7(), "guide_code": code, "day": day.isoformat(), "count": count},
    }


def test_opens_counted_offline_on_devices_join_the_same_figures(
    client, world: World, seeded, device_a, device_b
) -> None:
    today = today_local()
    for device, batch in (
        (
            device_a,
            [
                _offline_opens("vneid-m2", 5, today),
                _offline_opens("vneid-m2", 9, date(2024, 12, 31)),
            ],
        ),
        (device_b, [_offline_opens("lua-dao", 3, today)]),
    ):
        assert (
            client.post("/api/v1/sync/push", json={"records": batch}, headers=device).status_code
            == 200
        )
    team = _figures(client, world.leader_a)
    assert [(g["code"], g["opens"]) for g in team["qr_opens"]] == [
        ("vneid-m2", 2 + 5)
    ]  # 31/12/2024: before the period
    assert team["qr_opens_total"] == 7
    province = _figures(client, world.admin)
    assert {g["code"]: g["opens"] for g in province["qr_opens"]} == {
        "vneid-m2": 4 + 5,
        "lua-dao": 1 + 3,
    }
    assert _figures(client, world.admin, commune=world.commune_b)["qr_opens_total"] == 1 + 3


def test_services_are_named_as_the_content_published_last(
    client, world: World, seeded, tmp_path
) -> None:
    """Every instance names a service alike, as the published content does, not as the files it
    was shipped with."""
    bundle = make_bundle(tmp_path / "bundle", version_bump=1)
    manifest = json.loads((bundle / "manifest.json").read_text())
    for service in manifest["services"]:
        if service["code"] == "vneid_muc_2":
            service["name"] = "Định danh điện tử mức 2 (tên mới)"
    (bundle / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))
    published = client.post(
        "/api/v1/content/bundles",
        content=pack_bundle(bundle, tmp_path / "bundle.tar.gz").read_bytes(),
        headers={**World.auth(world.admin), "Content-Type": "application/gzip"},
    )
    assert published.status_code == 200, published.text
    names = {f["code"]: f["name"] for f in _figures(client, world.leader_a)["by_service"]}
    assert names["vneid_muc_2"] == "Định danh điện tử mức 2 (tên mới)"
    assert names["dvc_tai_khoan"] == SHIPPED_NAMES["dvc_tai_khoan"]
