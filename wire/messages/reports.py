"""The reports' words at the scale of the country: the ministry's role and scope, provinces
side by side, how fresh the figures are."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "staff_role_national_admin": ("Cán bộ Bộ (toàn quốc)", "Ministry staff (national)"),
    "staff_level_country": ("Toàn quốc", "Whole country"),
    "report_country_name": ("Cả nước", "Whole country"),
    "unknown_province": ("Không có tỉnh/thành phố này.", "No such province."),
    "staff_report_province_choice": ("Tỉnh: {name}", "Province: {name}"),
    "staff_report_by_province": ("Các tỉnh, thành phố", "Provinces side by side"),
    "staff_report_province": ("Tỉnh, thành phố", "Province"),
    "staff_report_overdue_short": ("Quá hẹn", "Overdue"),
    "staff_report_live": (
        "Số liệu trực tiếp từ cơ sở dữ liệu chính.",
        "Live figures from the primary database.",
    ),
    "staff_report_replica_as_of": (
        "Số liệu đọc từ bản sao, có mọi thay đổi đến {moment}.",
        "Figures read on a replica, with every change up to {moment}.",
    ),
    "staff_report_made_ahead": (
        "Số liệu cả nước được tính sẵn vài phút một lần; có mọi thay đổi đến {moment}.",
        "The country's figures, made ahead every few minutes: every change up to {moment}.",
    ),
    "staff_report_replica_empty": (
        "Số liệu đọc từ bản sao, chưa nhận thay đổi nào.",
        "Figures read on a replica that has replayed no change yet.",
    ),
}
