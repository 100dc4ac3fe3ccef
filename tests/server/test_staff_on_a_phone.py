"""The staff pages and the public guide page on a team leader's phone, in headless Chromium:
at 412x915 the header keeps 'Đăng xuất' whole, the monthly chart's labels are readable (at
least 12 px as drawn), at 130 % zoom no table runs past the screen, at 200 % the login fields
fit; and axe-core (the copy axe-playwright-python ships, so it works offline) finds nothing
of serious or critical impact on the public page, the login, the dashboard and the devices
page. Browser zoom is a narrower layout viewport drawn with more device pixels per CSS pixel."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from apitest import PASSWORD, LiveServer, World
from support.chromium import LOOPBACK, screenshot_path
from test_dashboard_browser import a_year_of_work  # noqa: F401 (a fixture)

from content.manifest import DIST_DIR
from server.cli import main as cli

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
PHONE = (412, 915)
SERIOUS = ("serious", "critical")


def phone_at(chromium, zoom: float = 1.0, size: tuple[int, int] = PHONE):
    """A page on a phone of `size`, its browser zoomed to `zoom`, reaching only this machine."""
    width, height = size
    context = chromium.new_context(
        viewport={"width": round(width / zoom), "height": round(height / zoom)},
        device_scale_factor=zoom,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOOPBACK else route.abort()
        ),
    )
    return context, context.new_page()


def axe_findings(page) -> list[str]:
    """What axe-core reports of serious or critical impact: rule, impact, where."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


def all_axe_rules(page) -> set[str]:
    from axe_playwright_python.sync_playwright import Axe

    return {v["id"] for v in Axe().run(page).response["violations"]}


def log_in(page, url: str, username: str = "lead-a") -> None:
    page.goto(f"{url}/staff/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/staff/report")


def overflow(page) -> list[str]:
    """Elements that reach past the right edge of the screen, or tables wider than their box."""
    return page.evaluate("""() => {
        const page = document.documentElement, width = page.clientWidth, found = [];
        if (page.scrollWidth > width) found.push(`page ${page.scrollWidth} > ${width}`);
        for (const el of document.querySelectorAll('main *, header *')) {
            const right = el.getBoundingClientRect().right;
            if (el.offsetWidth && right > width + 0.5)
                found.push(`${el.tagName}.${el.className} right ${Math.round(right)} > ${width}`);
        }
        for (const table of document.querySelectorAll('table')) {
            const room = table.parentElement.clientWidth;
            if (table.scrollWidth > room + 0.5)
                found.push(`#${table.id} ${table.scrollWidth} > ${room}`);
        }
        return found.slice(0, 8);
    }""")


def test_the_login_fits_at_200_percent_and_axe_finds_nothing_serious(
    app, chromium, world: World
) -> None:
    with LiveServer(app) as live:
        context, page = phone_at(chromium)
        try:
            page.goto(f"{live.url}/staff/login")
            assert axe_findings(page) == []
            page.screenshot(path=str(screenshot_path("staff-login-phone")), full_page=True)
        finally:
            context.close()
        context, page = phone_at(chromium, zoom=2.0)
        try:
            page.goto(f"{live.url}/staff/login")
            assert overflow(page) == []
            for label in ("Tên đăng nhập", "Mật khẩu"):
                box = page.get_by_label(label).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
            page.screenshot(path=str(screenshot_path("staff-login-200")), full_page=True)
        finally:
            context.close()


def test_the_dashboard_reads_on_a_phone_and_axe_finds_nothing_serious(
    app,
    chromium,
    a_year_of_work,  # noqa: F811 (the fixture, imported above)
    world: World,
) -> None:
    with LiveServer(app) as live:
        context, page = phone_at(chromium)
        try:
            log_in(page, live.url)
            logout = page.get_by_role("button", name="Đăng xuất")
            height = logout.bounding_box()["height"]
            line = float(logout.evaluate("b => parseFloat(getComputedStyle(b).lineHeight) || 24"))
            assert height < 2 * line, f"'Đăng xuất' wraps: {height} px for a {line} px line"
            labels = page.locator("#by-month-chart .label")
            assert labels.count() == 12
            drawn = labels.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().height)")
            assert min(drawn) >= 12, drawn  # the month under each column, as the eye meets it
            assert overflow(page) == []
            assert axe_findings(page) == []
            assert "empty-table-header" not in all_axe_rules(page)
            page.screenshot(path=str(screenshot_path("staff-dashboard-phone")), full_page=True)
        finally:
            context.close()
        context, page = phone_at(chromium, zoom=1.3)
        try:
            log_in(page, live.url)
            assert overflow(page) == []
            page.screenshot(path=str(screenshot_path("staff-dashboard-130")), full_page=True)
        finally:
            context.close()


def test_the_devices_page_on_a_phone(app, chromium, world: World, device_a) -> None:
    with LiveServer(app) as live:
        context, page = phone_at(chromium, zoom=1.3)
        try:
            log_in(page, live.url)
            page.goto(f"{live.url}/staff/teams/{world.team_a}/devices")
            assert page.locator("#devices tbody tr").count() == 1
            assert overflow(page) == []
            assert axe_findings(page) == []
            assert "empty-table-header" not in all_axe_rules(page)
            page.screenshot(path=str(screenshot_path("staff-devices-130")), full_page=True)
        finally:
            context.close()


def test_the_public_guide_page_has_nothing_serious_for_axe(
    app, chromium, settings, world: World
) -> None:
    assert cli(["publish", str(DIST_DIR)], settings) == 0
    with LiveServer(app) as live:
        context, page = phone_at(chromium, size=(360, 740))
        try:
            assert page.goto(f"{live.url}/g/vneid-m2").status == 200
            assert axe_findings(page) == []
            missing = page.goto(f"{live.url}/g/khong-co-ma-nay")
            assert missing.status == 404 and axe_findings(page) == []
            page.goto(f"{live.url}/g/")
            assert axe_findings(page) == []
        finally:
            context.close()
