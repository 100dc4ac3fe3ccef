"""What the published content says where a QR code is made and printed (content/): why a public
address is refused (content.site), and the words of the printed household sheet and village
poster (content.sheet), in the sheet's language."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
