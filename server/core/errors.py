"""Errors the API answers on purpose: an HTTP status, a stable machine-readable code and a
message in Vietnamese (English beside it). Rendered as {"error": {"code", "message", ...}}."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, message_en: str = "", **details: object) -> None:
        super().__init__(f"{code}: {message_en or message}")
        self.status = status
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.details = details
        self.headers: dict[str, str] = {}  # sent with the answer (e.g. Content-Range)

    def body(self) -> dict:
        error: dict[str, object] = {"code": self.code, "message": self.message, "message_en": self.message_en}
        error.update(self.details)
        return {"error": error}


def unauthorized(code: str = "unauthorized") -> ApiError:
    return ApiError(401, code, "Cần đăng nhập hoặc mã thiết bị hợp lệ.", "A valid login or device token is needed.")


def forbidden(code: str = "forbidden") -> ApiError:
    return ApiError(403, code, "Bạn không có quyền làm việc này.", "You are not allowed to do this.")


def not_found(code: str = "not_found") -> ApiError:
    return ApiError(404, code, "Không tìm thấy.", "Not found.")
