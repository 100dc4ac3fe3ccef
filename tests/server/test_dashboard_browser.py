"""The staff dashboard in headless Chromium: a team leader logs in through the real form (cookie
and CSRF token in a real browser), the report shows a year of the team's work with its charts,
and nothing on the page breaks the content security policy."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import apitest as records
import pytest
from apitest import PASSWORD, LiveServer, World
from sqlmodel import Session
from support.chromium import screenshot_path

from content.manifest import DIST_DIR
from server.cli import main as cli
from server.models import Area
from wire.clock import today_local

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
VILLAGES = ["Thôn Khe Lạc", "Thôn Đồng Bé", "Bản Hồng Phong", "Thôn Tân Tiến", "Thôn Đồng Mậu"]
NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Văn Tâm",
    "Phạm Thị Hoa",
    "Hoàng Văn Nam",
    "Vũ Thị Mai",
    "Đặng Văn Sơn",
    "Bùi Thị Thu",
    "Đỗ Văn Long",
    "Ngô Thị Hằng",
]
SERVICES = [
    "vneid_muc_2",
    "vneid_muc_2",
    "vneid_muc_1",
    "dvc_tai_khoan",
    "thanh_toan_phi",
    "khai_sinh",
    "bhyt_ho_gia_dinh",
    "tam_tru",
    "chu_ky_so",
]


@pytest.fixture
def a_year_of_work(app, client, settings, world: World, device_a) -> None:
    """Households in five villages of commune A, sessions over twelve months, some follow-ups
    overdue, QR opens of real guides."""
    with Session(app.state.cnscd.engine) as s:
        for n, name in enumerate(VILLAGES, start=3):
            s.add(
                Area(
                    id=f"{world.commune_a}.v{n}",
                    parent_id=world.commune_a,
                    level="village",
                    name=name,
                )
            )
        s.commit()
    rng = random.Random(2026)
    now = datetime.now(UTC)
    villages = [f"{world.commune_a}.v{n}" for n in range(3, 3 + len(VILLAGES))]
    batch = []
    for n in range(60):
        household = records.household(
            rng.choice(villages[: 3 + n % 3]), name=f"{rng.choice(NAMES)} ({n + 1})"
        )
        batch.append(household)
        for _ in range(rng.choice([1, 1, 2, 3])):
            when = now - timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 12))
            follow = rng.random() < 0.2
            due = (when + timedelta(days=7)).date() if follow else None
            batch.append(
                records.session(
                    household["payload"]["id"],
                    occurred_at=when,
                    updated_at=when,
                    services=rng.sample(SERVICES, rng.choice([1, 1, 2])),
                    outcome="follow_up" if follow else "done_online",
                    follow_up_on=due,
                    note="Hẹn quay lại khi có căn cước" if follow else "",
                )
            )
    answer = client.post("/api/v1/sync/push", json={"records": batch}, headers=device_a)
    assert answer.status_code == 200, answer.text
    assert cli(["publish", str(DIST_DIR)], settings) == 0
    app.state.cnscd.limiters["public"].per_minute = 10_000
    for code, times in (
        ("vneid-m2", 23),
        ("lua-dao", 17),
        ("vneid-dk", 11),
        ("dvc-dang-nhap", 6),
        ("bhyt-gia-han", 4),
    ):
        for _ in range(times):
            client.get(f"/g/{code}", params={"c": world.commune_a})


def test_a_team_leader_logs_in_and_reads_the_dashboard(
    app, chromium, a_year_of_work, world: World
) -> None:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"{r.url}: {r.failure}"))
    try:
        with LiveServer(app) as live:
            page.goto(f"{live.url}/staff/report")
            assert page.url == f"{live.url}/staff/login"
            page.get_by_label("Tên đăng nhập").fill("lead-a")
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{live.url}/staff/report")
            assert page.locator("h1").inner_text() == "Báo cáo: Tổ CNSCĐ Quảng La"
            assert int(page.locator("#households-reached").inner_text()) == 60
            assert page.locator("#by-month-chart li").count() == 12
            assert page.locator("#by-village tbody tr").count() == 2 + len(VILLAGES)
            assert page.locator("#overdue tbody tr").count() >= 1
            assert (
                page.locator("#qr-opens tbody tr").first.locator("td").nth(1).inner_text() == "23"
            )
            page.screenshot(path=str(screenshot_path("dashboard")), full_page=True)
            assert today_local().strftime("%d/%m/%Y") in page.locator("p.meta").first.inner_text()
            page.get_by_role("button", name="Đăng xuất").click()
            page.wait_for_url(f"{live.url}/staff/login?done=logout")
            page.goto(f"{live.url}/staff/report")
            assert page.url == f"{live.url}/staff/login"
        assert problems == []
    finally:
        context.close()
