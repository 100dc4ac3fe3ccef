"""What the device's sync says (sync/): why a sync did not finish, and why an enrolment was
refused before or by the server. The server answers device_revoked and invalid_code in these
same words (it reads them here); its other codes are in server.py."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Why a sync did not finish (sync.errors, sync.client)
    "network": ("Không kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy; ứng dụng sẽ tự thử lại.",
                ("Could not reach the server ({detail}). The data is safe on the device; "
                "the app will try again.")),
    "server_busy": ("Máy chủ đang bận; ứng dụng sẽ thử lại sau ít phút.",
                    "The server is busy (HTTP {status}); the app will try again."),
    "bad_answer": ("Máy chủ trả lời không đúng định dạng; sẽ thử lại.",
                   "The server's answer was not understood: {detail}"),
    "server_refused": ("Máy chủ từ chối yêu cầu (mã {status}).",
                       "The server refused the request (HTTP {status})."),
    "device_revoked": (
        ("Thiết bị này đã bị thu hồi quyền đồng bộ. Dữ liệu chưa đồng bộ vẫn còn trên máy; "
        "hãy xin tổ trưởng mã ghi danh mới."),
        ("This device has been revoked. Unsynced data stays on it; "
        "ask the team leader for a new enrolment code."),
    ),
    "not_enrolled": ("Máy chưa ghi danh với tổ: hãy quét mã QR ghi danh của tổ trưởng.",
                     "This device is not enrolled yet: scan the team leader's enrolment QR."),
    "media_corrupt": ("Tệp tải về bị hỏng, sẽ tải lại.",
                      ("The downloaded file {sha}… does not match its checksum; "
                      "it will be fetched again.")),
    # Enrolment (sync.enrol)
    "invalid_qr": ("Mã QR này không phải mã ghi danh của tổ CNSCĐ.",
                   "This QR code is not a team enrolment code."),
    "invalid_server": ("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.",
                       "The server address must start with http:// or https://."),
    "device_name_required": ("Hãy đặt tên cho máy để tổ trưởng nhận ra.",
                             "Name the device so the team leader recognises it."),
    "device_name_invalid": ("Tên máy quá dài hoặc có ký tự không hợp lệ.",
                            "The device name is too long or holds characters that are not allowed."),
    "invalid_code": ("Mã ghi danh không đúng.", "This enrolment code is not valid."),
}
