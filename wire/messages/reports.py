"""The reports' words at the scale of the country: the ministry's role and scope, provinces
side by side, how fresh the figures are."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "staff_role_national_admin": ("Cán bộ Bộ (toàn quốc)", "Ministry staff (national)"),
    "staff_level_country": ("Toàn quốc", "Whole country"),
    "report_country_name": ("Cả nước", "Whole country"),
}
