"""What the device's own checks say (app/services): a household, a help session, a sheet, the
hotspot, a QR picture, the store. A code the server answers for the same rule is the same
code (unknown_guide); a screen's text that says the same (household_missing, session_locked)
is that text, in screens.py."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # A household (app.services.households, app.services.validation)
    "head_name_required": (
        "Hãy nhập tên chủ hộ.",
        "Please enter the name of the head of household.",
    ),
    "head_name_too_long": (
        "Tên chủ hộ dài quá {most} ký tự.",
        "The name of the head of household is longer than {most} characters.",
    ),
    "village_required": ("Hãy chọn thôn, bản hoặc khu.", "Please choose the village."),
    "phone_invalid": (
        "Số điện thoại không phải số di động Việt Nam (10 số, ví dụ 0912 345 678).",
        "Not a Vietnamese mobile number (10 digits, e.g. 0912 345 678).",
    ),
    "consent_required": (
        "Cần hộ gia đình đồng ý thì mới lưu được thông tin của hộ.",
        "The household must agree before its details can be kept.",
    ),
    # A help session (app.services.sessions)
    "household_required": ("Hãy chọn hoặc thêm hộ gia đình.", "Choose or add the household."),
    "services_required": (
        "Hãy chọn ít nhất một dịch vụ đã hỗ trợ.",
        "Choose at least one service you helped with.",
    ),
    "unknown_service": ("Có dịch vụ không có trong danh mục.", "A service is not in the list."),
    "unknown_guide": ("Có hướng dẫn không có trong thư viện.", "A guide is not in the library."),
    "outcome_required": ("Hãy chọn kết quả của buổi hỗ trợ.", "Choose the outcome of the session."),
    "minutes_invalid": (
        "Số phút phải từ {least} đến {most}.",
        "Minutes must be between {least} and {most}.",
    ),
    "note_too_long": (
        "Ghi chú dài quá {most} ký tự.",
        "The note is longer than {most} characters.",
    ),
    "occurred_in_future": (
        "Thời gian hỗ trợ không thể ở tương lai.",
        "The session cannot be in the future.",
    ),
    "occurred_too_old": (
        "Thời gian hỗ trợ đã quá một năm.",
        "The session is more than a year ago.",
    ),
    "follow_up_in_past": (
        "Ngày hẹn quay lại không được ở quá khứ.",
        "The follow-up date cannot be in the past.",
    ),
    "follow_up_too_far": (
        "Ngày hẹn quay lại phải trong vòng một năm.",
        "The follow-up must be within a year.",
    ),
    "session_missing": ("Không tìm thấy buổi hỗ trợ này.", "Help session not found."),
    # A printed sheet (app.services.sheets)
    "village_missing": ("Không tìm thấy thôn này.", "This village was not found."),
    "nothing_to_print": (
        "Chưa có hộ nào trong thôn này được chia sẻ hướng dẫn.",
        "No household in this village has been shared a guide yet.",
    ),
    "team_contact_required": (
        "Hãy nhập tên tổ và số điện thoại liên hệ để in lên phiếu.",
        "Enter the team's name and contact phone to print on the sheet.",
    ),
    "guides_required": (
        "Hãy chọn ít nhất một hướng dẫn để in.",
        "Choose at least one guide to print.",
    ),
    "too_many_guides": (
        "Một trang in được tối đa {most} hướng dẫn.",
        "A page holds at most {most} guides.",
    ),
    # The hotspot (app.services.wifi)
    "ssid_required": (
        "Hãy nhập tên Wi-Fi (tên điểm phát sóng của máy).",
        "Enter the Wi-Fi name (the phone's hotspot name).",
    ),
    "ssid_too_long": (
        "Tên Wi-Fi dài quá {most} byte.",
        "The Wi-Fi name is longer than {most} bytes.",
    ),
    "password_length": (
        "Mật khẩu Wi-Fi phải dài từ {least} đến {most} ký tự.",
        "The Wi-Fi password must be {least} to {most} characters.",
    ),
    # A picture of a QR (app.services.qr)
    "image_unreadable": (
        "Không mở được tệp này như một ảnh.",
        "This file could not be opened as a picture.",
    ),
    "qr_not_found": (
        "Không tìm thấy mã QR trong ảnh. Hãy chọn ảnh rõ nét, chụp thẳng cả mã.",
        "No QR code was found in the picture. Choose a sharp picture of the whole code.",
    ),
    # The store (app.migrations)
    "store_too_new": (
        ("Cơ sở dữ liệu có phiên bản {found}, mới hơn ứng dụng ({latest}): hãy cập nhật ứng dụng."),
        ("The database is at version {found}, newer than the app ({latest}): update the app."),
    ),
}
