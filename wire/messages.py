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
    # The public address the guides' QR codes hold (content.site): refused when a phone could
    # not open it or when anyone could take it over
    "public_address_unset": (
        ("Chưa đặt địa chỉ công khai của trang hướng dẫn, nên mã QR không dẫn tới đâu. Tỉnh đặt "
        "tên miền của mình (public_base_url trong content/site.toml, hoặc CNSCD_PUBLIC_BASE_URL)."),
        ("The guide pages' public address is not set, so a QR code would lead nowhere. The "
        "province sets its own domain (public_base_url in content/site.toml, or "
        "CNSCD_PUBLIC_BASE_URL).")),
    "public_address_placeholder": (
        ("Địa chỉ {url} chỉ là địa chỉ mẫu: ai đăng ký tên miền đó sẽ quyết định mã QR dẫn tới "
        "đâu. Hãy đặt tên miền của tỉnh."),
        ("{url} is only an example address: whoever registers that domain decides where the QR "
        "codes lead. Set the province's own domain.")),
    "public_address_invalid": (
        "Địa chỉ {url} không hợp lệ: cần dạng https://tên-miền, không có dấu ? hay #.",
        "{url} is not a valid address: it must look like https://domain, with no ? or #."),
    "public_address_not_https": (
        "Địa chỉ {url} phải bắt đầu bằng https:// để điện thoại của hộ mở trang an toàn.",
        "{url} must start with https:// so that the household's phone opens the page safely."),
    "public_address_loopback": (
        "Địa chỉ {url} chỉ mở được trên chính máy này; điện thoại của hộ không mở được.",
        "{url} opens only on this machine; the household's phone cannot open it."),
    "public_address_private": (
        "Địa chỉ {url} là địa chỉ trong mạng nội bộ; điện thoại của hộ dùng 4G không mở được.",
        ("{url} is an address inside a private network; a household's phone on 4G cannot open "
        "it.")),
    "public_address_too_long": (
        "Địa chỉ {url} quá dài để in mã QR đủ lớn trên phiếu. Hãy dùng tên miền ngắn hơn.",
        "{url} is too long to print a large enough QR code on the sheet. Use a shorter domain."),
    # The printed household sheet and village poster (content.sheet), in the sheet's language
    "printed_sheet_heading": ("PHIẾU HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN",
                              "GUIDES TO ONLINE PUBLIC SERVICES"),
    "printed_household": ("Hộ gia đình: {name}", "Household: {name}"),
    "printed_place": ("Nơi ở: {place}", "Lives in: {place}"),
    "printed_sheet_hint": (
        ("Quét mã QR bằng camera điện thoại để mở hướng dẫn (không cần tài khoản). Làm theo từng "
        "bước; cần thì gọi tổ hỗ trợ."),
        ("Scan a QR code with the phone's camera to open its guide (no account needed). Follow "
        "it step by step; call the team if you need help.")),
    "printed_poster_heading": ("HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN",
                               "GUIDES TO ONLINE PUBLIC SERVICES"),
    "printed_poster_hint": (
        "Quét mã QR bằng camera điện thoại để xem hướng dẫn từng bước, có video.",
        "Scan a QR code with the phone's camera for a step-by-step guide with a video."),
    "printed_help": ("Cần giúp? {team} · Điện thoại: {phone}",
                     "Need help? {team} · Phone: {phone}"),
    "printed_safety": ("AN TOÀN: {advice}", "STAY SAFE: {advice}"),
    "printed_on": ("In ngày {day}", "Printed on {day}"),
    "printed_sheet_title": ("Phiếu hướng dẫn dịch vụ công trực tuyến",
                            "Guides to online public services"),
    "printed_poster_title": ("Hướng dẫn dịch vụ công trực tuyến – {place}",
                             "Guides to online public services – {place}"),
}


def text(code: str, language: str = "vi", **params: object) -> str:
    """The sentence of `code` in `language` ("vi" or "en"), its {names} filled from `params`."""
    vietnamese, english = MESSAGES[code]
    return (english if language == "en" else vietnamese).format(**params)
