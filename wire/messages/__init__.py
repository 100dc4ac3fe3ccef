"""The catalogue of texts: every sentence a person reads, by a stable code -> its Vietnamese
and its English template, with {names} filled in from the parameters. The device, the wire
and the server all read it; the same rule has the same code wherever it is checked.

One module per area, merged here into MESSAGES; a code defined in two areas is refused at
import (within one area's dict literal, ruff's F601 catches it):

- `rules`: the wire's rules and refused records or request bodies;
- `screens`: the screens' texts (`host.t(key)`);
- `device`: the device's own checks (app/services);
- `sync`: the sync client and enrolment;
- `launcher`: the console and the command line;
- `server`: the central API's refusals, the staff pages, the report's CSV, the admin command;
- `editor`: the guide editor in the staff pages: its words, its refusals, its preview builds;
- `reports`: the reports at the scale of the country (the ministry's scope, freshness);
- `content`: the public page, a refused public address, the printed sheets' words, the
  infographic and video, the build's faults.
"""

from __future__ import annotations

from collections.abc import Mapping

from wire.messages import (
    content,
    device,
    editor,
    launcher,
    reports,
    rules,
    screens,
    server,
    sync,
)

Texts = tuple[str, str]  # (Vietnamese, English)


class DuplicateCode(ValueError):
    """A code defined in two areas of the catalogue."""


def merged(areas: Mapping[str, Mapping[str, Texts]]) -> dict[str, Texts]:
    """The areas' entries as one catalogue; raises DuplicateCode for a code in two of them."""
    catalogue: dict[str, Texts] = {}
    where: dict[str, str] = {}
    for area, entries in areas.items():
        for code, texts in entries.items():
            if code in catalogue:
                raise DuplicateCode(f"{code!r} is defined in {where[code]} and in {area}")
            catalogue[code] = texts
            where[code] = area
    return catalogue


AREAS: dict[str, Mapping[str, Texts]] = {
    "rules": rules.MESSAGES,
    "screens": screens.MESSAGES,
    "device": device.MESSAGES,
    "sync": sync.MESSAGES,
    "launcher": launcher.MESSAGES,
    "server": server.MESSAGES,
    "content": content.MESSAGES,
    "editor": editor.MESSAGES,
    "reports": reports.MESSAGES,
}
MESSAGES: dict[str, Texts] = merged(AREAS)


def known(code: str) -> bool:
    """Whether the catalogue has words for `code` (a newer server may answer one it lacks)."""
    return code in MESSAGES


def template(code: str, language: str = "vi") -> str:
    """The text of `code` in `language` ("vi" or "en") as written, its {names} unfilled."""
    vietnamese, english = MESSAGES[code]
    return english if language == "en" else vietnamese


def text(code: str, language: str = "vi", /, **params: object) -> str:
    """The sentence of `code` in `language` ("vi" or "en"), its {names} filled from `params`
    (which may name a `code` or a `language` of their own: the first two are positional)."""
    return template(code, language).format(**params)
