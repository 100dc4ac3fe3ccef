"""A report as CSV: one tidy table, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re

from server.reports.figures import Report
from wire import messages

CSV_COLUMNS = ("section", "code", "name", "measure", "value")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A spreadsheet must not read a name as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def month_label(month: str) -> str:
    year, number = month.split("-")
    return messages.text("csv_month", month=int(number), year=year)


def to_csv(report: Report) -> str:
    """The report as one tidy table (section, code, name, measure, value), UTF-8 with a BOM so
    spreadsheets show Vietnamese right. Names of households are never in it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    scope = report.scope
    writer.writerow(["scope", f"{scope.level}:{scope.id}", _cell(scope.name), "", ""])
    writer.writerow(
        [
            "period",
            f"{report.period_first.isoformat()}/{report.period_last.isoformat()}",
            messages.text(
                "csv_period",
                first=f"{report.period_first:%d/%m/%Y}",
                last=f"{report.period_last:%d/%m/%Y}",
            ),
            "",
            "",
        ]
    )
    for measure, name, value in (
        ("households_reached", messages.text("csv_households_reached"), report.households_reached),
        ("sessions", messages.text("csv_sessions"), report.sessions),
        (
            "follow_ups_overdue",
            messages.text("csv_follow_ups_overdue", today=f"{report.today:%d/%m/%Y}"),
            report.follow_ups_overdue,
        ),
        ("qr_opens", messages.text("csv_qr_opens"), report.qr_opens_total),
    ):
        writer.writerow(["summary", "", name, measure, value])
    for p in report.by_province:
        for measure, value in (
            ("sessions", p.sessions),
            ("households", p.households),
            ("follow_ups_overdue", p.follow_ups_overdue),
        ):
            writer.writerow(["province", p.province_id, _cell(p.name), measure, value])
    for s in report.by_service:
        writer.writerow(["service", s.code, _cell(s.name), "sessions", s.sessions])
        writer.writerow(["service", s.code, _cell(s.name), "households", s.households])
    for v in report.by_village:
        writer.writerow(
            ["village", v.village_id, _cell(f"{v.village} — {v.commune}"), "sessions", v.sessions]
        )
        writer.writerow(
            [
                "village",
                v.village_id,
                _cell(f"{v.village} — {v.commune}"),
                "households",
                v.households,
            ]
        )
    for m in report.by_month:
        writer.writerow(["month", m.month, month_label(m.month), "sessions", m.sessions])
        writer.writerow(["month", m.month, month_label(m.month), "households", m.households])
    for g in report.qr_opens:
        writer.writerow(["qr_opens", g.code, _cell(g.title), "opens", g.opens])
    return "\ufeff" + out.getvalue()


def csv_filename(report: Report) -> str:
    scope = re.sub(r"[^a-z0-9._-]", "_", report.scope.id.lower())
    return f"bao-cao-{report.scope.level}-{scope}-{report.period_first}-{report.period_last}.csv"
