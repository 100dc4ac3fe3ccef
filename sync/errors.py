"""Why a sync did not finish, said plainly: a stable code for programs, a sentence in
Vietnamese (English beside it) for the sync screen, and whether trying again may help."""

from __future__ import annotations


class SyncError(Exception):
    retryable = False

    def __init__(self, code: str, message: str, message_en: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {message_en or message}")
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.retry_after = retry_after


class NetworkError(SyncError):
    """No answer: a timeout, a refused or reset connection, a cut in the middle of a reply."""

    retryable = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "network",
            "Không kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy; ứng dụng sẽ tự thử lại.",
            f"Could not reach the server ({detail or 'no answer'}). The data is safe on the device; the app will try again.",
        )


class ServerBusy(SyncError):
    """A 5xx, or a 429 (with Retry-After): the server may answer later."""

    retryable = True


class Rejected(SyncError):
    """A 4xx other than 429: the server will say the same again, so the batch stops here."""

    def __init__(self, status: int, code: str, message: str, message_en: str = "", record_id: str | None = None,
                 details: dict | None = None) -> None:
        super().__init__(code, message, message_en)
        self.status = status
        self.record_id = record_id
        self.details = details or {}  # what else the server's error said (field, limit, village_id...)

    @property
    def field(self) -> str:
        return str(self.details.get("field") or "")


class DeviceRevoked(Rejected):
    def __init__(self, message: str = "", message_en: str = "") -> None:
        super().__init__(
            401, "device_revoked",
            message or "Thiết bị này đã bị thu hồi quyền đồng bộ. Dữ liệu chưa đồng bộ vẫn còn trên máy; "
                       "hãy xin tổ trưởng mã ghi danh mới.",
            message_en or "This device has been revoked. Unsynced data stays on it; ask the team leader for a new "
                          "enrolment code.",
        )


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__("not_enrolled", "Máy chưa ghi danh với tổ: hãy quét mã QR ghi danh của tổ trưởng.",
                         "This device is not enrolled yet: scan the team leader's enrolment QR.")


class MediaCorrupt(SyncError):
    """A downloaded file does not match its SHA-256: it is thrown away and fetched again."""

    retryable = True

    def __init__(self, sha256: str) -> None:
        super().__init__("media_corrupt", "Tệp tải về bị hỏng, sẽ tải lại.",
                         f"The downloaded file {sha256[:12]}… does not match its checksum; it will be fetched again.")
