"""The catalogue of texts: a stable code -> its Vietnamese and English templates, with {names}
filled in from the parameters. Views show `text(code, language)`, the API answers both.

Today it holds the codes of the wire's rules and of refused request bodies; every other text
of the project is to move here too, so a code stays the one key of one sentence."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Free text, dates, ids (wire.rules)
    "markup_not_allowed": ("Không được ghi thẻ HTML trong nội dung.",
                           "HTML tags are not allowed in the text."),
    "control_character": ("Nội dung có ký tự điều khiển không hợp lệ.",
                          "The text holds a control character that is not allowed."),
    "date_out_of_range": ("Ngày giờ nằm ngoài khoảng hợp lệ (2020–2100).",
                          "The date is outside the valid range (2020–2100)."),
    "identity_number_in_note": ("Không ghi số căn cước hay số CMND vào ghi chú.",
                                "Do not write identity-card numbers in the note."),
    "not_uuid": ("Mã bản ghi không phải UUID.", "The record id is not a UUID."),
    # How much one help session names (wire.rules.services_chosen, guides_shared)
    "too_many_services": ("Chọn nhiều nhất {limit} dịch vụ cho một buổi hỗ trợ.",
                          "Choose at most {limit} services for one session."),
    "too_many_guides": ("Chọn nhiều nhất {limit} hướng dẫn đã chia sẻ trong một buổi.",
                        "Choose at most {limit} guides shared in one session."),
    # A help session's follow-up
    "follow_up_date_required": ("Hãy chọn ngày quay lại hỗ trợ.", "Choose the follow-up date."),
    "follow_up_date_unexpected": ("Chỉ kết quả 'hẹn quay lại' mới có ngày hẹn.",
                                  "Only a follow-up outcome has a follow-up date."),
    # A record or request body that does not fit its model
    "malformed_json": ("Nội dung không phải JSON hợp lệ.", "The body is not valid JSON."),
    "unknown_field": ("Trường không được phép: {field}.", "Unknown field: {field}."),
    "missing_field": ("Thiếu trường: {field}.", "Missing field: {field}."),
    "invalid_value": ("Giá trị không hợp lệ ở {field}.", "Invalid value at {field}: {detail}"),
    "too_many_records": ("Quá nhiều bản ghi trong một lần gửi.", "Too many records in one batch."),
    # The device and sync (issue 10): records set aside, the phone's clock, moving teams.
    # Which record is set aside, and why (app/services/set_aside.py), by the refusal's code.
    "set_aside_household": ("Hộ {household}", "Household {household}"),
    "set_aside_session": ("Buổi hỗ trợ hộ {household}, lúc {when}",
                          "Help session for {household}, at {when}"),
    "set_aside_erasure": ("Yêu cầu xoá thông tin một hộ", "A household's request to be forgotten"),
    "set_aside_opens": ("Số lượt mở hướng dẫn {guide} ngày {day}", "Opens of guide {guide} on {day}"),
    "set_aside_unknown_village": (
        "Thôn, bản của hộ này không còn trong danh sách của xã. Hãy mở hộ và chọn thôn, bản khác.",
        ("This household's village is no longer on the commune's list. Open the household and "
        "choose another village.")),
    "set_aside_forbidden_record": (
        "Bản ghi này thuộc một tổ khác; máy chủ không nhận nó vào tổ của máy này.",
        ("This record belongs to another team; the server does not take it into this device's "
        "team.")),
    "set_aside_unknown_household": (
        "Hộ của buổi hỗ trợ này chưa có trên máy chủ. Hãy mở buổi hỗ trợ và chọn lại hộ.",
        ("This session's household is not on the server. Open the session and choose the "
        "household again.")),
    "set_aside_refused": (
        "Máy chủ không nhận bản ghi này. Hãy mở ra kiểm tra lại và lưu, hoặc bỏ nó đi.",
        "The server does not accept this record. Open it, check it and save it, or discard it."),
}


def text(code: str, language: str = "vi", **params: object) -> str:
    """The sentence of `code` in `language` ("vi" or "en"), its {names} filled from `params`."""
    vietnamese, english = MESSAGES[code]
    return (english if language == "en" else vietnamese).format_map(_Params(params))


class _Params(dict):
    """A template's parameters; one not given stays as its {name} rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
