"""Words in the screen's language: the catalogue's texts by key (wire.messages), and a
record's own words (a guide's title), which are data and not the catalogue's."""

from __future__ import annotations

from wire import messages


def pick(language: str, vietnamese: str, english: str) -> str:
    """A record's own words in the screen's language (a guide's title, a service's name): the
    English where there is one, else the Vietnamese."""
    return english if language == "en" and english else vietnamese


def t(key: str, language: str = "vi", **values: object) -> str:
    """The catalogue's text of `key` in `language`, its {names} filled in from `values` (as
    written, when there are none)."""
    if not values:
        return messages.template(key, language)
    return messages.text(key, language, **values)
