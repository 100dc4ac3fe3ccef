"""What the screens say (the keys of `host.t(key)`): navigation, the library, a guide, the QR,
recording a session, households, figures, settings, sync and enrolment, sharing, sheets."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "app_title": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "nav_library": ("Hướng dẫn", "Guides"),
    "nav_session": ("Ghi nhận", "Record"),
    "nav_households": ("Hộ dân", "Households"),
    "nav_stats": ("Số liệu", "My figures"),
    "nav_settings": ("Cài đặt", "Settings"),
    "nav_sync": ("Đồng bộ", "Sync"),
    "nav_share": ("Chia sẻ qua Wi-Fi", "Share over Wi-Fi"),
    "more": ("Thêm", "More"),
    "back": ("Quay lại", "Back"),
    "saved": ("Đã lưu.", "Saved."),
    # Library
    "library_title": ("Thư viện hướng dẫn", "Guide library"),
    "library_search": ("Tìm hướng dẫn", "Search guides"),
    "library_search_hint": ("ví dụ: dang ky thuong tru", "e.g. residence registration"),
    "library_empty": ("Không có hướng dẫn nào khớp với “{query}”.", "No guide matches “{query}”."),
    "library_none": ("Thư viện chưa có hướng dẫn nào.", "The library has no guides yet."),
    "has_video": ("có video", "video"),
    "has_infographic": ("có ảnh", "picture"),
    # Guide viewer
    "guide_missing": (
        "Hướng dẫn này không còn trong thư viện.",
        "This guide is no longer in the library.",
    ),
    "guide_show_qr": ("Hiện mã QR", "Show QR code"),
    "guide_record": ("Ghi nhận buổi hỗ trợ", "Record a session"),
    "guide_steps": ("Các bước", "Steps"),
    "guide_infographic": ("Ảnh hướng dẫn", "Infographic"),
    "guide_zoom_hint": ("Chạm hai ngón tay để phóng to.", "Pinch to zoom."),
    "guide_video": ("Video", "Video"),
    "guide_updated": (
        "Cập nhật {date} · phiên bản {version}",
        "Updated {date} · version {version}",
    ),
    "guide_source": ("Nguồn: {source}", "Source: {source}"),
    "guide_varies": ("Lưu ý tại địa phương: {text}", "Local note: {text}"),
    "guide_share_wifi": ("Chia sẻ qua Wi-Fi", "Share over Wi-Fi"),
    "media_not_on_device": (
        "Chưa có trên máy. Khi có mạng, đồng bộ để tải về.",
        "Not on this device yet. Sync when there is a connection to download it.",
    ),
    "video_unplayable": (
        "Máy này không phát được video. Hãy cho hộ quét mã QR để xem video trên điện thoại của họ.",
        "This device cannot play the video. Let the household scan the QR code to watch it on their phone.",
    ),
    # QR
    "qr_title": ("Mã QR của hướng dẫn", "The guide's QR code"),
    "qr_scan": (
        "Mở camera điện thoại và quét mã để xem hướng dẫn.",
        "Open the phone camera and scan the code to see the guide.",
    ),
    "qr_close": ("Đóng", "Close"),
    # The QR screen with no public address to show, and the sheet's language (issue 13)
    "qr_no_address": ("Chưa hiện được mã QR cho hộ quét", "No QR code for the household yet"),
    "sheet_language": ("Ngôn ngữ của phiếu", "Language of the sheet"),
    # Record a session
    "session_title": ("Ghi nhận buổi hỗ trợ", "Record a help session"),
    "session_edit_title": ("Sửa buổi hỗ trợ", "Edit the help session"),
    "session_household": ("Hộ gia đình", "Household"),
    "session_find_household": ("Tìm hộ theo tên chủ hộ", "Find the household by the head's name"),
    "session_due_today": ("Hẹn quay lại hôm nay", "Follow-ups due today"),
    "session_no_match": ("Không có hộ nào tên như vậy.", "No household by that name."),
    "session_new_household": ("Thêm hộ mới", "Add a new household"),
    "session_change_household": ("Đổi hộ", "Change"),
    "household_name": ("Tên chủ hộ", "Name of the head of household"),
    "household_village": ("Thôn, bản, khu", "Village"),
    "household_phone": ("Số điện thoại (không bắt buộc)", "Phone (optional)"),
    "household_consent": (
        "Hộ đồng ý để tổ lưu tên, thôn và số điện thoại để hỗ trợ tiếp",
        "The household agrees that the team keeps its name, village and phone to follow up",
    ),
    "session_services": ("Dịch vụ đã hỗ trợ", "Services helped with"),
    "session_guides": ("Hướng dẫn đã chia sẻ", "Guides shared"),
    "show_all": ("Xem tất cả", "Show all"),
    "show_fewer": ("Thu gọn", "Show fewer"),
    "session_outcome": ("Kết quả", "Outcome"),
    "outcome_done_online": ("Đã làm xong trực tuyến", "Done online"),
    "outcome_follow_up": ("Cần quay lại", "Needs a follow-up"),
    "outcome_referred": ("Chuyển bộ phận một cửa", "Referred to the one-stop office"),
    "session_follow_up": ("Ngày quay lại", "Follow-up date"),
    "follow_up_tomorrow": ("Ngày mai", "Tomorrow"),
    "follow_up_days": ("Sau {days} ngày", "In {days} days"),
    "follow_up_week": ("Sau 1 tuần", "In a week"),
    "follow_up_two_weeks": ("Sau 2 tuần", "In two weeks"),
    "follow_up_pick": ("Chọn ngày…", "Pick a date…"),
    "follow_up_chosen": ("Hẹn ngày {date}", "Due on {date}"),
    "session_minutes": ("Thời gian hỗ trợ", "Time spent"),
    "minutes_value": ("{minutes} phút", "{minutes} min"),
    "session_note": ("Ghi chú", "Note"),
    "session_note_help": ("Không ghi số căn cước.", "No identity numbers."),
    "session_save": ("Lưu buổi hỗ trợ", "Save the session"),
    "session_save_changes": ("Lưu thay đổi", "Save changes"),
    "session_saved": ("Đã lưu buổi hỗ trợ cho hộ {name}.", "Session saved for {name}."),
    "session_locked": (
        "Buổi hỗ trợ đã đồng bộ, không sửa được nữa.",
        "This session is synced and cannot be edited.",
    ),
    # Households
    "households_title": ("Hộ dân", "Households"),
    "households_search": ("Tìm theo tên chủ hộ", "Search by the head's name"),
    "households_due": ("Cần quay lại hôm nay ({count})", "Follow-ups due today ({count})"),
    "households_all": ("Các hộ", "Households"),
    "households_found": ("Kết quả tìm", "Found"),
    "households_none": ("Chưa có hộ nào.", "No households yet."),
    "households_no_match": ("Không có hộ nào tên như vậy.", "No household by that name."),
    "due_on": ("hẹn {date}", "due {date}"),
    "household_history": ("Các buổi hỗ trợ", "Help sessions"),
    "household_no_sessions": ("Chưa có buổi hỗ trợ nào.", "No help sessions yet."),
    "household_new_session": ("Ghi nhận buổi mới", "Record a new session"),
    "household_missing": ("Không tìm thấy hộ gia đình này.", "Household not found."),
    "household_print_sheet": ("In phiếu hướng dẫn", "Print a guide sheet"),
    "session_synced": ("Đã đồng bộ", "Synced"),
    "session_not_synced": ("Chưa đồng bộ", "Not synced yet"),
    "session_edit": ("Sửa", "Edit"),
    "session_minutes_short": ("{minutes} phút", "{minutes} min"),
    # My figures
    "stats_title": ("Số liệu của tôi", "My figures"),
    "stats_households": ("Hộ đã hỗ trợ", "Households reached"),
    "stats_week": ("Buổi tuần này", "Sessions this week"),
    "stats_month": ("Buổi tháng này", "Sessions this month"),
    "stats_follow_ups": ("Cần quay lại", "Follow-ups due"),
    "stats_top_services": ("Dịch vụ được hỏi nhiều nhất", "Services most asked for"),
    "stats_last_days": ("Số buổi 14 ngày qua", "Sessions in the last 14 days"),
    "stats_no_sessions": ("Chưa có buổi hỗ trợ nào.", "No help sessions yet."),
    # Settings
    "settings_title": ("Cài đặt", "Settings"),
    "settings_language": ("Ngôn ngữ", "Language"),
    "language_vi": ("Tiếng Việt", "Tiếng Việt"),
    "language_en": ("English", "English"),
    "settings_pending": ("Bản ghi chờ đồng bộ: {count}", "Records waiting to sync: {count}"),
    "settings_content": ("Phiên bản nội dung: {version}", "Content version: {version}"),
    "settings_data": ("Dữ liệu lưu tại: {path}", "Data kept in: {path}"),
    # Sync
    "sync_title": ("Đồng bộ", "Sync"),
    "sync_state_idle": ("Đã đồng bộ", "Up to date"),
    "sync_state_never": ("Chưa đồng bộ lần nào", "Not synced yet"),
    "sync_state_syncing": ("Đang đồng bộ…", "Syncing…"),
    "sync_state_syncing_push": ("Đang gửi dữ liệu lên máy chủ…", "Sending records to the server…"),
    "sync_state_syncing_pull": ("Đang nhận dữ liệu của tổ…", "Receiving the team's changes…"),
    "sync_state_syncing_media": (
        "Đang tải ảnh và video hướng dẫn…",
        "Downloading guide pictures and videos…",
    ),
    "sync_state_offline": (
        "Không kết nối được — ứng dụng sẽ tự thử lại",
        "No connection — the app will try again",
    ),
    "sync_state_error": (
        "Máy chủ chưa nhận — xem lý do bên dưới",
        "The server refused — see why below",
    ),
    "sync_state_revoked": (
        "Máy này đã bị thu hồi quyền đồng bộ",
        "This device's sync access was revoked",
    ),
    "sync_state_not_enrolled": (
        "Máy chưa ghi danh với tổ",
        "This device is not enrolled with a team",
    ),
    "sync_team": ("Tổ: {name}", "Team: {name}"),
    "sync_server": ("Máy chủ: {url}", "Server: {url}"),
    "sync_pending": ("Bản ghi chờ gửi: {count}", "Records waiting to be sent: {count}"),
    "sync_last_success": ("Đồng bộ thành công lần cuối: {when}", "Last successful sync: {when}"),
    "sync_last_success_never": ("Chưa đồng bộ thành công lần nào.", "No successful sync yet."),
    "sync_last_error": ("Lần trước: {message}", "Last time: {message}"),
    "sync_media": (
        "Ảnh và video hướng dẫn: {done}/{total} tệp · {mb_done}/{mb_total} MB",
        "Guide pictures and videos: {done}/{total} files · {mb_done}/{mb_total} MB",
    ),
    "sync_now": ("Đồng bộ ngay", "Sync now"),
    "sync_auto": (
        "Ứng dụng tự đồng bộ khi mở, sau mỗi buổi hỗ trợ và 10 phút một lần khi có mạng.",
        "The app syncs when it opens, after each session, and every 10 minutes when online.",
    ),
    "sync_revoked_help": (
        (
            "Tổ trưởng đã thu hồi quyền đồng bộ của máy này. Dữ liệu chưa gửi vẫn còn nguyên trên máy. "
            "Hãy xin tổ trưởng mã ghi danh mới rồi ghi danh lại bên dưới."
        ),
        (
            "The team leader revoked this device's sync access. Unsent data stays on the device. "
            "Ask the team leader for a new enrolment code and enrol again below."
        ),
    ),
    "sync_not_enrolled_help": (
        (
            "Để gửi các buổi hỗ trợ về tổ và nhận hướng dẫn mới, hãy ghi danh máy này bằng mã QR "
            "hoặc mã ghi danh do tổ trưởng cấp."
        ),
        (
            "To send your sessions to the team and get new guides, enrol this device with the QR "
            "or the enrolment code the team leader gives you."
        ),
    ),
    "enrol_title": ("Ghi danh máy với tổ", "Enrol this device"),
    "enrol_device_name": ("Tên máy", "Device name"),
    "enrol_device_name_hint": ("ví dụ: Máy của Lan – thôn 3", "e.g. Lan's phone – village 3"),
    "enrol_with_qr": ("Mã QR", "QR code"),
    "enrol_with_code": ("Nhập mã", "Type the code"),
    "enrol_qr_text": ("Nội dung mã QR", "QR content"),
    "enrol_qr_hint": (
        "Dán nội dung mã QR của tổ trưởng vào đây",
        "Paste the team leader's QR content here",
    ),
    "enrol_pick_qr": ("Chọn ảnh mã QR", "Choose a picture of the QR"),
    "enrol_qr_read": ("Đã đọc mã QR từ ảnh.", "The QR was read from the picture."),
    "enrol_code": ("Mã ghi danh", "Enrolment code"),
    "enrol_code_hint": ("ví dụ: ABCDE-FGH23", "e.g. ABCDE-FGH23"),
    "enrol_server": ("Địa chỉ máy chủ", "Server address"),
    "enrol_server_hint": ("https://…", "https://…"),
    "enrol_submit": ("Ghi danh", "Enrol"),
    "enrol_working": ("Đang ghi danh…", "Enrolling…"),
    "enrol_network": (
        "Không kết nối được máy chủ. Hãy kiểm tra mạng và địa chỉ máy chủ rồi thử lại.",
        "Could not reach the server. Check the connection and the server address, then try again.",
    ),
    "enrol_done": ("Đã ghi danh với {team}. Đang đồng bộ…", "Enrolled with {team}. Syncing…"),
    # Share over Wi-Fi
    "share_title": ("Chia sẻ qua Wi-Fi", "Share over Wi-Fi"),
    "share_hotspot_help": (
        "Bật điểm phát sóng (hotspot) của điện thoại trước, rồi nhập tên và mật khẩu của nó (chỉ lần đầu).",
        "Turn on the phone's hotspot first, then type its name and password (the first time only).",
    ),
    "share_ssid": ("Tên Wi-Fi (điểm phát sóng)", "Wi-Fi name (hotspot)"),
    "share_password": ("Mật khẩu Wi-Fi", "Wi-Fi password"),
    "share_save_hotspot": ("Lưu Wi-Fi", "Save the Wi-Fi"),
    "share_change_hotspot": ("Đổi", "Change"),
    "share_hotspot": ("Wi-Fi: {ssid}", "Wi-Fi: {ssid}"),
    "share_guide": ("Hướng dẫn để chia sẻ", "Guide to share"),
    "share_scan": (
        "Hộ dân quét lần lượt hai mã bằng camera điện thoại:",
        "The household scans both codes in turn with the phone camera:",
    ),
    "share_step_wifi": ("1. Vào Wi-Fi", "1. Join the Wi-Fi"),
    "share_step_guide": ("2. Mở hướng dẫn", "2. Open the guide"),
    "share_wifi_missing": (
        "Nhập Wi-Fi ở trên để có mã này.",
        "Enter the Wi-Fi above to get this code.",
    ),
    "share_address": ("Địa chỉ: {url}", "Address: {url}"),
    "share_other_addresses": ("Nếu không mở được, thử: {urls}", "If it does not open, try: {urls}"),
    "share_running": (
        "Đang chia sẻ. Tự dừng khi rời màn hình này hoặc sau {minutes} phút không ai mở.",
        "Sharing. It stops when you leave this screen or after {minutes} minutes with no visits.",
    ),
    "share_stopped": (
        "Đã dừng chia sẻ vì {minutes} phút không ai mở.",
        "Sharing stopped: nobody opened a page for {minutes} minutes.",
    ),
    "share_restart": ("Chia sẻ lại", "Share again"),
    "share_opens_today": (
        "Hôm nay các trang đã được mở {count} lần.",
        "Pages opened today: {count}.",
    ),
    "share_no_guides": (
        "Thư viện chưa có hướng dẫn nào để chia sẻ.",
        "The library has no guide to share yet.",
    ),
    # Household sheet
    "sheet_title": ("Phiếu hướng dẫn", "Guide sheet"),
    "sheet_for": ("Phiếu cho hộ {name}, {place}", "Sheet for {name}, {place}"),
    "sheet_guides": (
        "Hướng dẫn in trên phiếu (tối đa {most})",
        "Guides on the sheet (at most {most})",
    ),
    "sheet_guides_hint": (
        "Đã chọn sẵn các hướng dẫn từng chia sẻ với hộ.",
        "The guides shared with the household come pre-selected.",
    ),
    "sheet_team": ("Tên tổ in trên phiếu", "Team name on the sheet"),
    "sheet_phone": ("Số điện thoại liên hệ của tổ", "Team's contact phone"),
    "sheet_make": ("Tạo phiếu PDF", "Make the PDF"),
    "sheet_working": ("Đang tạo phiếu…", "Making the sheet…"),
    "sheet_made": ("Đã tạo phiếu {file}.", "Made the sheet {file}."),
    # In a volunteer's hand (issue 14)
    # - the session form and its draft
    "session_not_saved": ("Chưa lưu được: {message}", "Not saved yet: {message}"),
    "session_pick_existing": ("Quay lại tìm hộ đã có", "Back to finding a known household"),
    "draft_restored": (
        "Đã mở lại buổi chưa lưu (lưu nháp lúc {when}).",
        "The unsaved session is back (draft kept at {when}).",
    ),
    "draft_discard": ("Bỏ, làm lại từ đầu", "Discard, start again"),
    "picker_none": ("Chưa chọn", "Not chosen"),
    # - the households' follow-ups ahead
    "households_overdue": ("Quá hẹn ({count})", "Overdue ({count})"),
    "households_week": ("Hẹn trong 7 ngày tới ({count})", "Due in the coming week ({count})"),
    "due_late": ("hẹn {date}, trễ {days} ngày", "due {date}, {days} days late"),
    "due_in": ("hẹn {date}, còn {days} ngày", "due {date}, in {days} days"),
    # - the guide's video
    "video_play": ("Phát video", "Play the video"),
    "video_pause": ("Tạm dừng", "Pause"),
    "video_again": ("Xem lại", "Play again"),
    "video_picture": (
        "Hình video: {title}. Chạm để phát hoặc tạm dừng",
        "The video's picture: {title}. Tap to play or pause",
    ),
    "video_back": ("Lùi {seconds} giây", "Back {seconds} seconds"),
    "video_restart": ("Xem từ đầu", "From the start"),
    # - sharing over Wi-Fi, one code at a time
    "share_step_wifi_help": (
        "Hộ dân quét mã này trước để vào Wi-Fi của máy bạn.",
        "The household scans this code first, to join your phone's Wi-Fi.",
    ),
    "share_step_guide_help": (
        "Rồi quét mã này để mở hướng dẫn (không cần mạng di động).",
        "Then this code, to open the guide (no mobile data needed).",
    ),
    "share_next": ("Tiếp: mã mở hướng dẫn", "Next: the guide's code"),
    "share_port_moved": (
        (
            "Cổng {wanted} đang bị ứng dụng khác dùng, nên máy chia sẻ ở cổng {port}. "
            "Mã QR và địa chỉ trên đã theo cổng {port}."
        ),
        (
            "Port {wanted} is used by another app, so this phone shares on port {port}. "
            "The QR code and the address above use port {port}."
        ),
    ),
    # - the sync button, never disabled without saying why
    "sync_try_now": ("Thử lại ngay", "Try again now"),
    "sync_busy": (
        "Đang đồng bộ, nút sẽ mở lại khi xong.",
        "A sync is under way; the button comes back when it ends.",
    ),
    "sync_retry_wait": (
        "Chưa kết nối được máy chủ; ứng dụng tự thử lại sau khoảng {seconds} giây.",
        "The server cannot be reached yet; the app tries again in about {seconds} seconds.",
    ),
    "sync_next_probe": (
        "Ứng dụng tự kiểm tra lại mạng sau khoảng {seconds} giây, có mạng là đồng bộ ngay.",
        "The app checks the network again in about {seconds} seconds and syncs once it is back.",
    ),
    # - my figures: the 14-day chart in words
    "stats_days_summary": (
        (
            "{days} ngày qua: {total} buổi. Nhiều nhất {most} buổi vào ngày {day}; "
            "{quiet} ngày không có buổi nào."
        ),
        (
            "The last {days} days: {total} sessions. At most {most} on {day}; "
            "{quiet} days without a session."
        ),
    ),
    "stats_days_none": (
        "{days} ngày qua chưa có buổi hỗ trợ nào.",
        "No sessions in the last {days} days.",
    ),
    "share_stopped_closed": (
        "Đã dừng chia sẻ vì ứng dụng đã đóng.",
        "Sharing stopped because the app was closed.",
    ),
    # The sync screen: records set aside and the phone's clock; fixing a household
    # (the device and sync, issue 10)
    "sync_set_aside_title": (
        "Bản ghi máy chủ chưa nhận: {count}",
        "Records the server did not accept: {count}",
    ),
    "sync_set_aside_help": (
        "Mọi bản ghi khác vẫn được gửi. Hãy sửa từng bản ghi dưới đây rồi đồng bộ, hoặc bỏ nó đi.",
        "Every other record still goes up. Fix each record below and sync, or discard it.",
    ),
    "sync_set_aside_fix": ("Sửa", "Fix"),
    "sync_set_aside_discard": ("Bỏ", "Discard"),
    "sync_discard_title": ("Bỏ bản ghi này?", "Discard this record?"),
    "sync_discard_household": (
        (
            "Hộ này và các buổi hỗ trợ chưa gửi của hộ sẽ bị xoá khỏi máy và không được gửi lên "
            "máy chủ."
        ),
        "This household and its unsent help sessions are removed from the device and not sent.",
    ),
    "sync_discard_record": (
        "Bản ghi sẽ bị xoá khỏi máy và không được gửi lên máy chủ.",
        "The record is removed from the device and not sent to the server.",
    ),
    "sync_discard_yes": ("Bỏ bản ghi", "Discard it"),
    "sync_discard_no": ("Giữ lại", "Keep it"),
    "sync_discarded": ("Đã bỏ bản ghi.", "The record was discarded."),
    "household_edit_title": ("Sửa thông tin hộ", "Edit the household"),
    "household_edit_save": ("Lưu thông tin hộ", "Save the household"),
}
