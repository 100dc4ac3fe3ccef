"""The wire's own codes: the rules a record keeps (wire.rules) and what a refused record or
request body is told (wire.fields, the API's body reader)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Free text, dates, ids (wire.rules)
    "markup_not_allowed": (
        "Không được ghi thẻ HTML trong nội dung.",
        "HTML tags are not allowed in the text.",
    ),
    "control_character": (
        "Nội dung có ký tự điều khiển không hợp lệ.",
        "The text holds a control character that is not allowed.",
    ),
    "date_out_of_range": (
        "Ngày giờ nằm ngoài khoảng hợp lệ (2020–2100).",
        "The date is outside the valid range (2020–2100).",
    ),
    "clock_out_of_range": (
        ("Đồng hồ của bản ghi nằm ngoài khoảng hợp lệ (2020–2100); hãy kiểm tra giờ của máy."),
        ("The record's clock is outside the valid range (2020–2100); check the device's time."),
    ),
    "identity_number_in_note": (
        "Không ghi số căn cước hay số CMND vào ghi chú.",
        "Do not write identity-card numbers in the note.",
    ),
    "not_uuid": ("Mã bản ghi không phải UUID.", "The record id is not a UUID."),
    # How much one help session names (wire.rules.services_chosen, guides_shared)
    "too_many_services": (
        "Chọn nhiều nhất {limit} dịch vụ cho một buổi hỗ trợ.",
        "Choose at most {limit} services for one session.",
    ),
    "too_many_guides_shared": (
        "Chọn nhiều nhất {limit} hướng dẫn đã chia sẻ trong một buổi.",
        "Choose at most {limit} guides shared in one session.",
    ),
    # A help session's follow-up
    "follow_up_date_required": ("Hãy chọn ngày quay lại hỗ trợ.", "Choose the follow-up date."),
    "follow_up_date_unexpected": (
        "Chỉ kết quả 'hẹn quay lại' mới có ngày hẹn.",
        "Only a follow-up outcome has a follow-up date.",
    ),
    # A record or request body that does not fit its model
    "malformed_json": ("Nội dung không phải JSON hợp lệ.", "The body is not valid JSON."),
    "unknown_field": ("Trường không được phép: {field}.", "Unknown field: {field}."),
    "missing_field": ("Thiếu trường: {field}.", "Missing field: {field}."),
    "invalid_value": ("Giá trị không hợp lệ ở {field}.", "Invalid value at {field}: {detail}"),
    "too_many_records": ("Quá nhiều bản ghi trong một lần gửi.", "Too many records in one batch."),
    "duplicate_key": (
        "Nội dung JSON có khóa lặp lại: {field}.",
        "A JSON object repeats a key: {field}.",
    ),
}
