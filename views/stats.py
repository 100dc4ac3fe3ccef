"""My figures: households reached, sessions this week and month, follow-ups due, the services
asked for most, and a bar chart of the last 14 days drawn with plain containers. The chart has
a text summary under it (the total, the busiest day, the days without a session), which is
what a screen reader reads in its place: its bars alone read as a string of numbers."""

from __future__ import annotations

import flet as ft

from app.services import stats
from app.services.stats import DayCount, Figures
from views.base import Screen
from views.host import Host
from views.widgets import PAD, heading, muted

BAR_HEIGHT = 120


class StatsScreen(Screen):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.title = self.t("stats_title")
        self.root = ft.ListView(expand=True, spacing=12, padding=PAD)
        self.refresh()

    def refresh(self) -> None:
        self.figures = stats.figures(self.host.store, language=self.host.language)
        self.root.controls = self._content(self.figures)

    def _content(self, f: Figures) -> list[ft.Control]:
        cards = [
            self._card(self.t("stats_households"), f.households_reached, ft.Icons.HOME),
            self._card(self.t("stats_week"), f.sessions_this_week, ft.Icons.TODAY),
            self._card(self.t("stats_month"), f.sessions_this_month, ft.Icons.CALENDAR_MONTH),
            self._card(self.t("stats_follow_ups"), f.follow_ups_due, ft.Icons.EVENT),
        ]
        return [
            ft.ResponsiveRow(
                [ft.Container(card, col=6) for card in cards], spacing=8, run_spacing=8
            ),
            heading(self.t("stats_last_days")),
            ft.Semantics(content=self._day_chart(f.last_14_days), exclude_semantics=True),
            self._day_summary(f.last_14_days),
            heading(self.t("stats_top_services")),
            *(self._service_bars(f.top_services) or [muted(self.t("stats_no_sessions"), 16)]),
        ]

    @staticmethod
    def _card(label: str, value: int, icon: ft.IconData) -> ft.Control:
        return ft.Card(
            ft.Container(
                ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(icon, size=20, color=ft.Colors.PRIMARY),
                                ft.Text(str(value), size=28, weight=ft.FontWeight.BOLD),
                            ],
                            spacing=8,
                        ),
                        ft.Text(label, size=14),
                    ],
                    spacing=2,
                ),
                padding=12,
            )
        )

    def _day_summary(self, days: list[DayCount]) -> ft.Text:
        total = sum(d.sessions for d in days)
        if not total:
            return muted(self.t("stats_days_none", days=len(days)), 15)
        busiest = max(days, key=lambda d: d.sessions)  # the earliest of the busiest days
        quiet = sum(1 for d in days if not d.sessions)
        words = self.t(
            "stats_days_summary",
            days=len(days),
            total=total,
            most=busiest.sessions,
            day=busiest.day.strftime("%d/%m"),
            quiet=quiet,
        )
        return ft.Text(words, size=15)

    @staticmethod
    def _day_chart(days: list[DayCount]) -> ft.Control:
        """One bar per day, its height proportional to that day's sessions."""
        top = max((d.sessions for d in days), default=0) or 1
        bars = [
            ft.Column(
                [
                    ft.Text(str(d.sessions) if d.sessions else "", size=11),
                    ft.Container(
                        height=max(2, BAR_HEIGHT * d.sessions / top),
                        bgcolor=ft.Colors.PRIMARY,
                        border_radius=ft.BorderRadius.only(top_left=3, top_right=3),
                        tooltip=f"{d.day.strftime('%d/%m')}: {d.sessions}",
                    ),
                    ft.Text(d.day.strftime("%d"), size=11, color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                alignment=ft.MainAxisAlignment.END,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                spacing=2,
                expand=True,
            )
            for d in days
        ]
        return ft.Container(
            ft.Row(bars, spacing=3, vertical_alignment=ft.CrossAxisAlignment.END),
            height=BAR_HEIGHT + 40,
        )

    @staticmethod
    def _service_bars(top: list[tuple[str, int]]) -> list[ft.Control]:
        most = max((n for _, n in top), default=0) or 1
        return [
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(name, size=15, expand=True),
                            ft.Text(str(n), size=15, weight=ft.FontWeight.BOLD),
                        ]
                    ),
                    ft.ProgressBar(value=n / most, bar_height=10, border_radius=5),
                ],
                spacing=4,
            )
            for name, n in top
        ]
