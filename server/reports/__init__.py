"""Reports for staff: `scope` says who sees what and over which days, `figures` computes them,
`export` writes them as CSV, `summaries` keeps what they are read from, `freshness` says how
fresh they are, `ahead` makes the country's ahead of time. The JSON API, the CSV export and
the dashboard all come through `staff.for_staff`."""

from server.reports.export import csv_filename, month_label, to_csv
from server.reports.figures import (
    GuideOpens,
    MonthFigure,
    OverdueFollowUp,
    ProvinceFigure,
    Report,
    ReportScope,
    ServiceFigure,
    VillageFigure,
    build,
    qr_opens,
    service_names,
)
from server.reports.freshness import Freshness, freshness
from server.reports.scope import (
    COUNTRY_ID,
    Period,
    Scope,
    ScopeChoice,
    ScopeLevel,
    default_period,
    narrower_scopes,
    own_scope,
    period,
    scope_for,
)
from server.reports.staff import for_staff

__all__ = [
    "COUNTRY_ID",
    "Freshness",
    "GuideOpens",
    "MonthFigure",
    "OverdueFollowUp",
    "Period",
    "ProvinceFigure",
    "Report",
    "ReportScope",
    "Scope",
    "ScopeChoice",
    "ScopeLevel",
    "ServiceFigure",
    "VillageFigure",
    "build",
    "csv_filename",
    "default_period",
    "for_staff",
    "freshness",
    "month_label",
    "narrower_scopes",
    "own_scope",
    "period",
    "qr_opens",
    "scope_for",
    "service_names",
    "to_csv",
]
