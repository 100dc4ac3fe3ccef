"""Errors the API answers on purpose: an HTTP status, a stable machine-readable code and the
figures its words name. The words are the catalogue's (wire.messages), Vietnamese with English
beside it; rendered as {"error": {"code", "message", "message_en", ...figures}}."""

from __future__ import annotations

from wire import messages


class ApiError(Exception):
    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.details = params  # the figures, sent beside the words (field, limit, retry_after...)
        self.headers: dict[str, str] = {}  # sent with the answer (e.g. Content-Range)

    def text(self, language: str = "vi") -> str:
        """What was refused, in the catalogue's words, in `language` ("vi" or "en")."""
        return messages.text(self.code, language, **self.details)

    @property
    def message(self) -> str:
        return self.text("vi")

    @property
    def message_en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"

    def body(self) -> dict:
        error: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
        }
        error.update(self.details)
        return {"error": error}


def unauthorized(code: str = "unauthorized") -> ApiError:
    return ApiError(401, code)


def forbidden(code: str = "forbidden") -> ApiError:
    return ApiError(403, code)


def not_found(code: str = "not_found") -> ApiError:
    return ApiError(404, code)
