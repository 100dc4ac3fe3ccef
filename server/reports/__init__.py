"""Reports for staff: `scope` says who sees what and over which days, `figures` computes them,
`export` writes them as CSV. The JSON API, the CSV export and the dashboard all come through
`for_staff`."""

from server.reports.export import csv_filename, month_label, to_csv
from server.reports.figures import (
    GuideOpens,
    MonthFigure,
    OverdueFollowUp,
    Report,
    ReportScope,
    ServiceFigure,
    VillageFigure,
    build,
    for_staff,
    qr_opens,
    service_names,
)
from server.reports.scope import (
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

__all__ = [
    "GuideOpens",
    "MonthFigure",
    "OverdueFollowUp",
    "Period",
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
    "month_label",
    "narrower_scopes",
    "own_scope",
    "period",
    "qr_opens",
    "scope_for",
    "service_names",
    "to_csv",
]
