"""My figures: the counts the stats service answers, and bars drawn in proportion."""

from __future__ import annotations

from datetime import timedelta

import flet as ft
from support import demo
from testhost import TestHost
from viewtest import find_all, shown

from app.db import Store
from app.services import households, sessions, stats
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput
from views.stats import BAR_HEIGHT, StatsScreen
from wire.clock import utcnow


def stats_screen(host: TestHost) -> StatsScreen:
    host.go("stats")
    assert isinstance(host.top, StatsScreen)
    return host.top


def test_the_figures_and_the_chart_follow_the_sessions(host: TestHost, store: Store) -> None:
    a = households.create(store, HouseholdInput("Nguyễn Văn An", demo.VILLAGES[0].id, consent=True))
    b = households.create(store, HouseholdInput("Trần Thị Bình", demo.VILLAGES[1].id, consent=True))
    now = utcnow()
    for household, services, hours_ago in [
        (a, ["thuong_tru"], 1),
        (a, ["thuong_tru", "khai_sinh"], 2),
        (b, ["thuong_tru"], 50),
    ]:
        sessions.record(
            store,
            SessionInput(
                household_id=household.id,
                services=services,
                outcome="done_online",
                minutes=10,
                occurred_at=now - timedelta(hours=hours_ago),
            ),
        )
    figures = stats.figures(store)
    screen = stats_screen(host)
    text = shown(screen.root)
    for value, label in [
        (2, "Hộ đã hỗ trợ"),
        (figures.sessions_this_week, "Buổi tuần này"),
        (figures.sessions_this_month, "Buổi tháng này"),
        (0, "Cần quay lại"),
    ]:
        assert f"{value}\n{label}" in text
    assert text.index("Đăng ký thường trú\n3") < text.index("Đăng ký khai sinh\n1")

    bars = [
        c
        for c in find_all(screen.root, ft.Container)
        if c.tooltip and c.bgcolor == ft.Colors.PRIMARY
    ]
    assert len(bars) == 14
    tallest = max(d.sessions for d in figures.last_14_days)
    assert [b.height for b in bars] == [
        max(2, BAR_HEIGHT * d.sessions / tallest) for d in figures.last_14_days
    ]
    assert bars[-1].tooltip.endswith(f": {figures.last_14_days[-1].sessions}")
    busiest = max(figures.last_14_days, key=lambda d: d.sessions)
    quiet = sum(1 for d in figures.last_14_days if not d.sessions)
    assert (
        f"14 ngày qua: 3 buổi. Nhiều nhất {busiest.sessions} buổi vào ngày "
        f"{busiest.day.strftime('%d/%m')}; {quiet} ngày không có buổi nào."
    ) in text
    chart = next(c for c in find_all(screen.root, ft.Semantics) if c.exclude_semantics)
    assert len([b for b in find_all(chart, ft.Container) if b.tooltip]) == 14  # read as the summary
    assert [p.value for p in find_all(screen.root, ft.ProgressBar)] == [1, 1 / 3]


def test_with_no_sessions_yet_the_screen_says_so(host: TestHost) -> None:
    text = shown(stats_screen(host).root)
    assert "0\nHộ đã hỗ trợ" in text and "Chưa có buổi hỗ trợ nào." in text
