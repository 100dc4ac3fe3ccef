"""What the device's sync says (sync/): why a sync did not finish, and why an enrolment was
refused before or by the server. The server answers device_revoked and invalid_code in these
same words (it reads them here); its other codes are in server.py."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Why a sync did not finish (sync.errors, sync.client)
    "network": (
        "Không kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy; ứng dụng sẽ tự thử lại.",
        (
            "Could not reach the server ({detail}). The data is safe on the device; "
            "the app will try again."
        ),
    ),
    "server_busy": (
        "Máy chủ đang bận; ứng dụng sẽ thử lại sau ít phút.",
        "The server is busy (HTTP {status}); the app will try again.",
    ),
    "bad_answer": (
        "Máy chủ trả lời không đúng định dạng; sẽ thử lại.",
        "The server's answer was not understood: {detail}",
    ),
    "server_refused": (
        "Máy chủ từ chối yêu cầu (mã {status}).",
        "The server refused the request (HTTP {status}).",
    ),
    "device_revoked": (
        (
            "Thiết bị này đã bị thu hồi quyền đồng bộ. Dữ liệu chưa đồng bộ vẫn còn trên máy; "
            "hãy xin tổ trưởng mã ghi danh mới."
        ),
        (
            "This device has been revoked. Unsynced data stays on it; "
            "ask the team leader for a new enrolment code."
        ),
    ),
    "not_enrolled": (
        "Máy chưa ghi danh với tổ: hãy quét mã QR ghi danh của tổ trưởng.",
        "This device is not enrolled yet: scan the team leader's enrolment QR.",
    ),
    "media_corrupt": (
        "Tệp tải về bị hỏng, sẽ tải lại.",
        ("The downloaded file {sha}… does not match its checksum; it will be fetched again."),
    ),
    # Enrolment (sync.enrol)
    "invalid_qr": (
        "Mã QR này không phải mã ghi danh của tổ CNSCĐ.",
        "This QR code is not a team enrolment code.",
    ),
    "invalid_server": (
        "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.",
        "The server address must start with http:// or https://.",
    ),
    "device_name_required": (
        "Hãy đặt tên cho máy để tổ trưởng nhận ra.",
        "Name the device so the team leader recognises it.",
    ),
    "device_name_invalid": (
        "Tên máy quá dài hoặc có ký tự không hợp lệ.",
        "The device name is too long or holds characters that are not allowed.",
    ),
    "invalid_code": ("Mã ghi danh không đúng.", "This enrolment code is not valid."),
    # The device and sync (issue 10): records set aside, the phone's clock, moving teams,
    # restored copies.
    # Which record is set aside, and why (app/services/set_aside.py), by the refusal's code.
    "set_aside_household": ("Hộ {household}", "Household {household}"),
    "set_aside_session": (
        "Buổi hỗ trợ hộ {household}, lúc {when}",
        "Help session for {household}, at {when}",
    ),
    "set_aside_erasure": ("Yêu cầu xoá thông tin một hộ", "A household's request to be forgotten"),
    "set_aside_opens": (
        "Số lượt mở hướng dẫn {guide} ngày {day}",
        "Opens of guide {guide} on {day}",
    ),
    "set_aside_unknown_village": (
        "Thôn, bản của hộ này không còn trong danh sách của xã. Hãy mở hộ và chọn thôn, bản khác.",
        (
            "This household's village is no longer on the commune's list. Open the household and "
            "choose another village."
        ),
    ),
    "set_aside_forbidden_record": (
        "Bản ghi này thuộc một tổ khác; máy chủ không nhận nó vào tổ của máy này.",
        (
            "This record belongs to another team; the server does not take it into this device's "
            "team."
        ),
    ),
    "set_aside_unknown_household": (
        "Hộ của buổi hỗ trợ này chưa có trên máy chủ. Hãy mở buổi hỗ trợ và chọn lại hộ.",
        (
            "This session's household is not on the server. Open the session and choose the "
            "household again."
        ),
    ),
    "set_aside_refused": (
        "Máy chủ không nhận bản ghi này. Hãy mở ra kiểm tra lại và lưu, hoặc bỏ nó đi.",
        "The server does not accept this record. Open it, check it and save it, or discard it.",
    ),
    # The phone's clock against the server's (app/services/clock_repair.py, sync.engine).
    "clock_ahead": (
        (
            "Đồng hồ của máy đang nhanh {amount} so với giờ chuẩn. Hãy chỉnh lại ngày giờ của máy "
            "(nên chọn tự động theo mạng). Bản ghi làm trong lúc đồng hồ sai vẫn chờ trên máy và sẽ "
            "tự gửi khi đồng hồ đúng."
        ),
        (
            "This device's clock is {amount} fast. Set the device's date and time right (best: "
            "automatic, from the network). Records made while the clock was wrong wait on the device "
            "and go up by themselves once it is right."
        ),
    ),
    "clock_behind": (
        (
            "Đồng hồ của máy đang chậm {amount} so với giờ chuẩn. Hãy chỉnh lại ngày giờ của máy "
            "(nên chọn tự động theo mạng) để giờ ghi nhận các buổi hỗ trợ được đúng."
        ),
        (
            "This device's clock is {amount} slow. Set the device's date and time right (best: "
            "automatic, from the network) so that help sessions are recorded at the right time."
        ),
    ),
    "amount_days": ("{count} ngày", "{count} days"),
    "amount_hours": ("{count} giờ", "{count} hours"),
    "amount_minutes": ("{count} phút", "{count} minutes"),
    # Moving a phone to another team (sync.enrol)
    "enrol_other_team": (
        (
            "Máy còn {count} bản ghi của {team} chưa gửi lên máy chủ. Hãy đồng bộ khi có mạng, sửa "
            "hoặc bỏ các bản ghi máy chủ chưa nhận, rồi mới ghi danh vào tổ khác."
        ),
        (
            "This device still holds {count} records of {team} not sent to the server. Sync when "
            "there is a connection, fix or discard the records the server did not accept, then "
            "enrol with another team."
        ),
    ),
    # A restored copy of a device (app/services/installation.py, sync.enrol)
    "restored_copy": (
        (
            "Máy này được khôi phục từ bản sao lưu của một máy khác; cần kết nối máy chủ để nhận mã "
            "thiết bị riêng trước khi đồng bộ."
        ),
        (
            "This device was restored from another device's backup; it needs the server to get a "
            "device id of its own before it syncs."
        ),
    ),
}
