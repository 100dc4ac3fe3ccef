"""The app's own errors. Views show `message`; the API maps `code` to a 4xx answer."""

from __future__ import annotations

from wire.rules import RuleBroken


class DomainError(Exception):
    """Base of every error the services raise on purpose."""

    code = "domain_error"

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def text(self, language: str = "vi") -> str:
        return self.message_en if language == "en" else self.message


class ValidationError(DomainError):
    """Input that breaks a rule: names the field and says, in Vietnamese first, what is wrong."""

    def __init__(self, field: str, code: str, message: str, message_en: str = "") -> None:
        super().__init__(message, message_en)
        self.field = field
        self.code = code

    @classmethod
    def of(cls, broken: RuleBroken) -> ValidationError:
        """A rule of the wire the input breaks (wire.rules), in the catalogue's words."""
        return cls(broken.field, broken.code, broken.text("vi"), broken.text("en"))


class NotFound(DomainError):
    code = "not_found"


class Locked(DomainError):
    """The record can no longer change (a help session already synced)."""

    code = "locked"
