"""The app's own errors. Each carries a code of the catalogue (wire.messages) and the figures
its words name, never sentences: views show `text(language)`; the API maps `code` to a 4xx
answer."""

from __future__ import annotations

from wire import messages
from wire.rules import RuleBroken


class DomainError(Exception):
    """Base of every error the services raise on purpose."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def text(self, language: str = "vi") -> str:
        """What went wrong, in the catalogue's words, in `language` ("vi" or "en")."""
        return messages.text(self.code, language, **self.params)

    @property
    def message(self) -> str:
        return self.text("vi")

    @property
    def message_en(self) -> str:
        return self.text("en")


class ValidationError(DomainError):
    """Input that breaks a rule: names the field and, by its code, what is wrong."""

    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(code, **params)
        self.args = (f"{field or 'record'}: {code}",)
        self.field = field

    def text(self, language: str = "vi") -> str:
        return messages.text(self.code, language, field=self.field, **self.params)

    @classmethod
    def of(cls, broken: RuleBroken) -> ValidationError:
        """A rule of the wire the input breaks (wire.rules), with its code and figures."""
        return cls(broken.field, broken.code, **broken.params)


class NotFound(DomainError):
    """The record asked for is not (or no longer) on the device."""


class Locked(DomainError):
    """The record can no longer change (a help session already synced)."""
