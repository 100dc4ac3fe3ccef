"""What the central API says (server/): why it refused a request (server.core.errors.ApiError,
by its code, with the figures the answer carries), the staff pages' words (server/web: their
templates read them through `t(key)`), the report's CSV labels and the admin command line.
A code the device checks too (unknown_guide, invalid_code, device_revoked, too_many_records)
has its one text where the device's is; the server-only codes are here, so the device knows
them in its own words when the server answers with one."""

from __future__ import annotations

_LOGIN = ("Cần đăng nhập hoặc mã thiết bị hợp lệ.", "A valid login or device token is needed.")

MESSAGES: dict[str, tuple[str, str]] = {
    # Who may ask (server.core.errors, server.api.deps, server.services.enrolment)
    "unauthorized": _LOGIN,
    "missing_token": _LOGIN,
    "invalid_token": _LOGIN,
    "forbidden": ("Bạn không có quyền làm việc này.", "You are not allowed to do this."),
    "forbidden_record": ("Bản ghi này thuộc tổ khác.", "This record belongs to another team."),
    "invalid_credentials": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "login_required": ("Hãy đăng nhập.", "Please log in."),
    "csrf_failed": (
        "Biểu mẫu đã cũ hoặc không hợp lệ; hãy tải lại trang và thử lại.",
        "The form is stale or forged; reload the page and try again.",
    ),
    "rate_limited": (
        "Quá nhiều yêu cầu, hãy thử lại sau ít phút.",
        "Too many requests; try again in a little while.",
    ),
    # What is asked for is not there (server.core.errors.not_found and the HTTP layer)
    "not_found": ("Không tìm thấy trang này.", "Not found."),
    "unknown_media": ("Không tìm thấy.", "Not found."),
    "unknown_team": ("Không có tổ này.", "No such team."),
    "unknown_device": ("Không có thiết bị này.", "No such device."),
    "unknown_commune": ("Không có xã/phường này.", "No such commune."),
    "method_not_allowed": ("Yêu cầu không hợp lệ.", "Method not allowed."),
    "bad_request": ("Yêu cầu không hợp lệ.", "Bad request."),
    "internal_error": ("Lỗi máy chủ, hãy thử lại sau.", "Server error; try again later."),
    # A request body (server.api.body, server.main's body limit, server.web.session)
    "body_too_large": (
        "Nội dung gửi lên quá lớn (tối đa {limit} byte).",
        "The request body is too large (limit {limit} bytes).",
    ),
    "request_timeout": (
        "Gửi dữ liệu quá chậm; kết nối đã đóng, hãy thử lại.",
        "The request body stopped arriving; the connection is closed. Try again.",
    ),
    "unsupported_encoding": (
        "Chỉ nhận nội dung nén gzip.",
        "Only gzip content encoding is accepted.",
    ),
    "malformed_gzip": ("Nội dung nén gzip bị hỏng.", "The gzip body is corrupt or truncated."),
    "unsupported_media_type": (
        "Chỉ nhận nội dung JSON (application/json).",
        "Only application/json is accepted.",
    ),
    "malformed_form": ("Biểu mẫu gửi lên không đọc được.", "The form could not be read."),
    # Media (server.api.routes.media)
    "invalid_sha256": ("Mã SHA-256 không hợp lệ.", "Not a SHA-256 hex digest."),
    "malformed_range": (
        "Yêu cầu một phần tệp (Range) không hợp lệ.",
        "Malformed Range header: {detail}",
    ),
    "range_not_satisfiable": (
        "Phần tệp yêu cầu nằm ngoài tệp.",
        "The Range asked for lies outside the file.",
    ),
    # Sync and enrolment (server.services.changes, .ingest, .enrolment)
    "invalid_cursor": ("Con trỏ đồng bộ không hợp lệ.", "The sync cursor is not valid."),
    "code_used": ("Mã ghi danh này đã được dùng.", "This enrolment code has been used."),
    "code_of_other_team": (
        "Mã ghi danh này là của tổ khác, mà máy còn bản ghi của tổ cũ chưa gửi.",
        (
            "This enrolment code is another team's, and the device still holds "
            "records of its own team not sent yet."
        ),
    ),
    "code_expired": (
        "Mã ghi danh đã hết hạn, hãy xin tổ trưởng mã mới.",
        "This enrolment code has expired.",
    ),
    "date_in_future": (
        "Ngày giờ của bản ghi ở tương lai; hãy kiểm tra đồng hồ của máy.",
        "A record's date is in the future; check the device's clock.",
    ),
    "unknown_household": (
        "Buổi hỗ trợ gắn với một hộ chưa được gửi lên.",
        "The session's household has not been pushed.",
    ),
    "no_such_village": ("Không có thôn/bản này.", "No such village."),
    "restored_copy_name": ("{name} (bản sao)", "{name} (copy)"),
    "unknown_village": (
        "Thôn/bản không thuộc xã của tổ.",
        "The village is not in the team's commune.",
    ),
    # Areas, teams and accounts (server.services.accounts)
    "invalid_level": ("Cấp hành chính không hợp lệ.", "Unknown area level."),
    "invalid_parent": ("Đơn vị cấp trên không đúng.", "The parent area is wrong for this level."),
    "area_exists": ("Mã đơn vị đã có.", "This area id exists already."),
    "unknown_area": ("Cần một đơn vị cấp {wanted}.", "A {wanted} is needed."),
    "unknown_role": ("Vai trò không hợp lệ.", "Unknown role."),
    "invalid_role": (
        "Chỉ tạo được tài khoản tổ trưởng hoặc cán bộ xã.",
        "Only team leader or commune staff accounts can be made here.",
    ),
    "weak_password": (
        "Mật khẩu cần ít nhất 10 ký tự.",
        "The password needs at least 10 characters.",
    ),
    "username_taken": ("Tên đăng nhập đã có người dùng.", "This username is taken."),
    "invalid_username": (
        "Tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch.",
        "A username is 3-64 of a-z, 0-9, '.', '_', '-'.",
    ),
    "invalid_name": ("Tên tổ cần từ 2 đến 120 ký tự.", "A team name needs 2 to 120 characters."),
    # Reports (server.reports.scope)
    "invalid_period": (
        (
            "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, "
            "tối đa 5 năm, từ năm 2020."
        ),
        "The period is not valid: it starts before it ends, spans at most 5 years, from 2020.",
    ),
    # Content publishing (server.services.content)
    "invalid_bundle": ("Gói nội dung không hợp lệ.", "The bundle is not valid: {detail}"),
    "version_not_newer": (
        "Hướng dẫn {guide} đã đổi nội dung nhưng chưa tăng số phiên bản.",
        "Guide {guide} changed but its version was not raised.",
    ),
    # The admin command line (server.cli)
    "password_mismatch": ("Hai lần nhập mật khẩu không khớp.", "The passwords differ."),
    "admin_cli_password": ("Mật khẩu", "password"),
    "admin_cli_password_again": ("Nhập lại", "again"),
    "admin_cli_migrated": ("Cơ sở dữ liệu đã cập nhật", "database up to date"),
    "admin_cli_code_expires": ("hết hạn {expires}", "expires {expires}"),
    "admin_cli_demo": (
        (
            "{team} (tổ {team_id}), {published} hướng dẫn mới đăng; đăng nhập: "
            "{leader} (tổ trưởng) hoặc {admin} (quản trị tỉnh), mật khẩu {password}"
        ),
        (
            "{team} (team {team_id}), {published} guides newly published; log in "
            "as {leader} (team leader) or {admin} (province admin), password "
            "{password}"
        ),
    ),
    "admin_cli_reports_made": (
        "Đã tính sẵn {count} báo cáo cả nước: {periods}",
        "{count} country reports made ahead: {periods}",
    ),
    "admin_cli_error": ("Lỗi", "error"),
    # The OpenAPI document (server.main)
    "api_title": ("Tổ CNSCĐ — API trung tâm", "Community digital-technology teams — central API"),
    "api_summary": (
        (
            "API trung tâm của các tổ công nghệ số cộng đồng: ghi danh, đồng bộ, tệp, "
            "trang hướng dẫn công khai."
        ),
        (
            "Central API of the community digital-technology teams: enrolment, sync, "
            "media, public guide pages."
        ),
    ),
    # The report as CSV (server.reports.export)
    "csv_month": ("Tháng {month}/{year}", "Month {month}/{year}"),
    "csv_period": ("Từ {first} đến {last}", "From {first} to {last}"),
    "csv_households_reached": ("Số hộ được hỗ trợ", "Households helped"),
    "csv_sessions": ("Số buổi hỗ trợ", "Help sessions"),
    "csv_follow_ups_overdue": (
        "Hẹn quay lại đã quá hạn (đến {today})",
        "Follow-ups overdue (as of {today})",
    ),
    "csv_qr_opens": ("Lượt mở hướng dẫn qua mã QR", "Guide opens by QR code"),
    # The staff pages (server/web: templates through t(key), pages.py, routes/)
    "staff_site": ("Tổ CNSCĐ", "Community digital-technology teams"),
    "staff_brand": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "staff_area": ("Trang quản lý", "Staff pages"),
    "staff_nav_report": ("Báo cáo", "Report"),
    "staff_nav_devices": ("Thiết bị của tổ", "The team's devices"),
    "staff_logout": ("Đăng xuất", "Log out"),
    "staff_logged_out": ("Bạn đã đăng xuất.", "You have logged out."),
    "staff_login": ("Đăng nhập", "Log in"),
    "staff_login_who": ("Dành cho tổ trưởng, cán bộ xã và cán bộ tỉnh.", "Staff login."),
    "staff_username": ("Tên đăng nhập", "Username"),
    "staff_password": ("Mật khẩu", "Password"),
    "staff_new_password": ("Mật khẩu (ít nhất 10 ký tự)", "Password (at least 10 characters)"),
    "staff_role_province_admin": ("Cán bộ tỉnh (quản trị)", "Province staff (admin)"),
    "staff_role_commune_staff": ("Cán bộ xã", "Commune staff"),
    "staff_role_team_leader": ("Tổ trưởng", "Team leader"),
    "staff_error_title": ("Không làm được việc này", "This could not be done"),
    "staff_error_back": ("Về trang báo cáo", "Back to the report"),
    "staff_team": ("Tổ", "Team"),
    "staff_commune": ("Xã, phường", "Commune"),
    "staff_devices": ("Thiết bị", "Devices"),
    "staff_role": ("Vai trò", "Role"),
    "staff_unit": ("Đơn vị", "Unit"),
    "staff_code": ("Mã", "Code"),
    "staff_title": ("Tên", "Title"),
    "staff_version": ("Phiên bản", "Version"),
    "staff_published_at": ("Đăng lúc", "Published at"),
    "staff_team_pages": ("Trang của tổ", "The team's pages"),
    # The province admin's page (admin.html, routes/admin.py)
    "staff_admin_title": ("Tổ và tài khoản", "Teams and accounts"),
    "staff_admin_teams": ("Các tổ công nghệ số cộng đồng", "Community digital-technology teams"),
    "staff_team_founded": ("Thành lập", "Founded"),
    "staff_admin_no_teams": ("Chưa có tổ nào.", "No team yet."),
    "staff_admin_add_team": ("Thêm tổ", "Add a team"),
    "staff_team_name": ("Tên tổ", "Team name"),
    "staff_team_name_example": ("Tổ CNSCĐ xã …", "The commune's team …"),
    "staff_admin_leader_accounts": ("Tài khoản tổ trưởng", "Team leader accounts"),
    "staff_admin_make_leader": ("Tạo tài khoản tổ trưởng", "Make a team leader account"),
    "staff_admin_commune_accounts": ("Tài khoản cán bộ xã", "Commune staff accounts"),
    "staff_admin_make_commune_staff": ("Tạo tài khoản cán bộ xã", "Make a commune staff account"),
    "staff_admin_accounts": ("Tài khoản trong tỉnh", "Accounts in the province"),
    "staff_admin_team_added": ("Đã thêm tổ.", "The team is added."),
    "staff_admin_staff_added": (
        "Đã tạo tài khoản. Hãy báo mật khẩu cho người dùng qua kênh riêng.",
        ("The account is made. Tell its user the password by a private channel."),
    ),
    # Content publishing (content.html, routes/content.py)
    "staff_content_title": ("Nội dung hướng dẫn", "Guide content"),
    "staff_content_version": (
        "Phiên bản nội dung đang dùng: {version}",
        "Content version in use: {version}",
    ),
    "staff_content_unpublished": ("chưa đăng", "none published"),
    "staff_content_publish_bundle": ("Đăng gói nội dung", "Publish a content bundle"),
    "staff_content_bundle_file": (
        "Gói nội dung (.tar.gz do bước dựng nội dung tạo ra)",
        "Content bundle (the .tar.gz the content build makes)",
    ),
    "staff_content_one_guide": (
        "Chỉ đăng một hướng dẫn (mã, để trống nếu đăng cả gói)",
        "Publish one guide only (its code; empty for the whole bundle)",
    ),
    "staff_content_publish": ("Đăng", "Publish"),
    "staff_content_rule": (
        (
            "Hướng dẫn đã đổi nội dung phải tăng số phiên bản; hướng dẫn không đổi "
            "được giữ nguyên. Các máy nhận bản mới ở lần đồng bộ sau."
        ),
        (
            "A guide whose content changed must raise its version; an unchanged "
            "guide is kept as it is. Devices get the new versions at their next "
            "sync."
        ),
    ),
    "staff_content_published": ("Hướng dẫn đã đăng", "Published guides"),
    "staff_content_none": ("Chưa đăng hướng dẫn nào.", "No guide published yet."),
    "staff_content_nothing": ("không có", "none"),
    "staff_content_result": (
        (
            "Đã đăng: {published}. Không đổi: {unchanged} hướng dẫn. "
            "Tệp hình, video mới: {media_added}."
        ),
        (
            "Published: {published}. Unchanged: {unchanged} guides. "
            "New pictures and videos: {media_added}."
        ),
    ),
    "staff_content_choose_file": (
        "Hãy chọn tệp gói nội dung (.tar.gz).",
        "Choose the content bundle file (.tar.gz).",
    ),
    "staff_content_refused": (
        "Chưa đăng được: {message} ({message_en})",
        "Not published: {message} ({message_en})",
    ),
    # A team's devices and enrolment codes (devices.html, enrolment_code.html, routes/devices.py)
    "staff_devices_title": ("Thiết bị: {team}", "Devices: {team}"),
    "staff_devices_of": ("Thiết bị của {team}", "Devices of {team}"),
    "staff_devices_new_code": (
        "Tạo mã ghi danh cho một máy mới",
        "Make an enrolment code for a new device",
    ),
    "staff_device_name": ("Tên máy", "Device name"),
    "staff_device_enrolled": ("Ghi danh lúc", "Enrolled at"),
    "staff_device_last_sync": ("Đồng bộ gần nhất", "Last sync"),
    "staff_device_state": ("Trạng thái", "State"),
    "staff_device_never": ("chưa", "not yet"),
    "staff_device_revoked_at": ("Đã thu hồi lúc {moment}", "Revoked at {moment}"),
    "staff_device_in_use": ("Đang dùng", "In use"),
    "staff_device_revoke": ("Thu hồi", "Revoke"),
    "staff_device_actions": ("Thao tác", "Actions"),
    "staff_devices_none": ("Tổ chưa ghi danh máy nào.", "The team has enrolled no device yet."),
    "staff_device_set_aside": (
        "{count} bản ghi máy chủ chưa nhận, chờ sửa trên máy",
        ("{count} records the server refused, waiting to be fixed on the device"),
    ),
    "staff_devices_set_aside_rule": (
        (
            "Bản ghi chờ sửa: máy chủ chưa nhận bản ghi đó (ví dụ hộ ở một thôn đã bỏ); các bản ghi "
            "khác của máy vẫn lên đủ. Người dùng máy sửa hoặc bỏ bản ghi đó ở màn hình Đồng bộ."
        ),
        (
            "Records to fix: the server refused that record (for example a household in a village "
            "that was removed); the device's other records still went up. The device's user fixes or "
            "drops it on the Sync screen."
        ),
    ),
    "staff_devices_revoke_rule": (
        (
            "Thu hồi một máy (mất, hỏng, người rời tổ): máy đó bị từ chối ngay ở lần đồng bộ sau; "
            "dữ liệu chưa đồng bộ vẫn còn trên máy cho đến khi máy được ghi danh lại."
        ),
        (
            "Revoke a device (lost, broken, its user left the team): it is refused at its next sync; "
            "its unsynced data stays on it until it is enrolled again."
        ),
    ),
    "staff_device_revoked": (
        (
            "Đã thu hồi thiết bị. Máy đó không đồng bộ được nữa; dữ liệu chưa "
            "đồng bộ vẫn còn trên máy."
        ),
        ("The device is revoked. It can no longer sync; its unsynced data stays on it."),
    ),
    "staff_code_title": ("Mã ghi danh mới", "New enrolment code"),
    "staff_code_for": ("Mã ghi danh cho {team}", "Enrolment code for {team}"),
    "staff_code_how": (
        ("Mở ứng dụng Tổ CNSCĐ trên máy mới, chọn ghi danh rồi quét mã QR này, hoặc gõ mã:"),
        ("Open the team app on the new device, choose enrol and scan this QR, or type the code:"),
    ),
    "staff_code_once_before": ("Mã dùng cho", "The code is for"),
    "staff_code_one": ("một", "one"),
    "staff_code_expires": ("máy và hết hạn lúc", "device and expires at"),
    "staff_code_once_after": (
        ". Mã chỉ hiện một lần: đừng chụp gửi qua mạng xã hội.",
        (". It is shown only once: do not send a photo of it on social media."),
    ),
    "staff_code_back": ("Về danh sách thiết bị", "Back to the devices"),
    "staff_code_qr_alt": ("Mã QR ghi danh {enrolment_code}", "Enrolment QR {enrolment_code}"),
    # The report (report.html, routes/report.py)
    "staff_report_title": ("Báo cáo: {scope}", "Report: {scope}"),
    "staff_level_team": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "staff_level_commune": ("Xã, phường", "Commune"),
    "staff_level_province": ("Tỉnh, thành phố", "Province"),
    "staff_report_period": ("từ {first} đến {last}", "from {first} to {last}"),
    "staff_report_as_of": ("số liệu đến hôm nay {today}", "figures up to today {today}"),
    "staff_report_from": ("Từ ngày", "From"),
    "staff_report_to": ("Đến ngày", "To"),
    "staff_report_show": ("Xem", "Show"),
    "staff_report_csv": ("Tải về CSV", "Download CSV"),
    "staff_report_by": ("Xem theo:", "See by:"),
    "staff_report_whole": ("{name} (toàn bộ)", "{name} (all)"),
    "staff_report_team_choice": ("Tổ: {name}", "Team: {name}"),
    "staff_report_commune_choice": ("Xã: {name}", "Commune: {name}"),
    "staff_report_households": ("Hộ được hỗ trợ", "Households helped"),
    "staff_report_sessions": ("Buổi hỗ trợ", "Help sessions"),
    "staff_report_overdue": ("Hẹn quay lại đã quá hạn", "Follow-ups overdue"),
    "staff_report_qr_opens": ("Lượt mở hướng dẫn qua mã QR", "Guide opens by QR code"),
    "staff_report_by_month": ("Buổi hỗ trợ theo tháng", "Help sessions by month"),
    "staff_report_chart": ("Biểu đồ số buổi hỗ trợ theo tháng", "Chart of help sessions by month"),
    "staff_report_column": ("{month}: {sessions} buổi", "{month}: {sessions} sessions"),
    "staff_report_month_table": ("Bảng số liệu theo tháng", "Figures by month"),
    "staff_report_month": ("Tháng", "Month"),
    "staff_report_hh": ("Hộ", "Households"),
    "staff_report_sess": ("Buổi", "Sessions"),
    "staff_report_sessions_unit": ("buổi", "sessions"),
    "staff_report_note": ("Ghi chú", "Note"),
    "staff_report_share_service": (
        "Tỉ lệ so với dịch vụ nhiều nhất",
        "Share of the busiest service",
    ),
    "staff_report_share_guide": (
        "Tỉ lệ so với hướng dẫn mở nhiều nhất",
        "Share of the most opened guide",
    ),
    "staff_report_share_village": ("Tỉ lệ so với thôn nhiều nhất", "Share of the busiest village"),
    "staff_report_by_service": ("Theo dịch vụ", "By service"),
    "staff_report_service": ("Dịch vụ", "Service"),
    "staff_report_no_sessions": (
        "Chưa có buổi hỗ trợ nào trong khoảng thời gian này.",
        "No help session in this period yet.",
    ),
    "staff_report_guide": ("Hướng dẫn", "Guide"),
    "staff_report_opens": ("Lượt mở", "Opens"),
    "staff_report_no_opens": ("Chưa có lượt mở nào.", "No opens yet."),
    "staff_report_opens_hotspot": (
        ("Gồm cả lượt mở qua điểm phát Wi-Fi của máy thành viên ở nơi không có mạng."),
        ("Includes opens over a volunteer's Wi-Fi hotspot where there is no network."),
    ),
    "staff_report_by_village": ("Theo thôn, bản", "By village"),
    "staff_report_village": ("Thôn, bản", "Village"),
    "staff_report_commune": ("Xã", "Commune"),
    "staff_report_faded": (
        "Thôn, bản in mờ: chưa có buổi hỗ trợ nào trong khoảng thời gian này.",
        "Villages in grey: no help session in this period yet.",
    ),
    "staff_report_overdue_households": (
        "Hộ hẹn quay lại đã quá hạn",
        "Households with an overdue follow-up",
    ),
    "staff_report_head": ("Chủ hộ", "Head of household"),
    "staff_report_due": ("Hẹn ngày", "Due on"),
    "staff_report_days_late": ("Trễ (ngày)", "Late (days)"),
    "staff_report_last_note": ("Ghi chú buổi gần nhất", "Last session's note"),
    "staff_report_none_overdue": ("Không có hộ nào quá hẹn.", "No household is overdue."),
}
