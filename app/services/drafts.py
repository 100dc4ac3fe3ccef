"""A help session's form as the volunteer left it, kept on the device so that switching tabs or
the app being closed loses nothing: every choice and every typed word, until the session is
saved or the volunteer throws the draft away.

A draft is not a record: it never enters the outbox and never leaves the device. The new
household typed into it (a name, a phone) is written as a household only with the session,
once the household has agreed; the draft is removed then, or when discarded.

One draft per form: the new-session form ("new", wherever it was opened from) and each unsynced
session being edited ("edit:<id>")."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime

from sqlmodel import col, delete

from app.db import Store
from app.models import AppSetting
from wire.clock import utcnow

NEW = "new"
_PREFIX = "draft:session:"


def editing(session_id: str) -> str:
    """The draft's key for an edit of this session."""
    return f"edit:{session_id}"


@dataclass
class SessionDraft:
    household_id: str | None = None
    adding_household: bool = False
    search: str = ""
    head_name: str = ""
    village_id: str | None = None
    phone: str = ""
    consent: bool = False
    services: list[str] = field(default_factory=list)
    guides: list[str] = field(default_factory=list)
    outcome: str | None = None
    follow_up_on: date | None = None
    minutes: int | None = None
    note: str = ""
    saved_at: datetime | None = None  # set when kept

    def to_json(self) -> str:
        data = asdict(self)
        for name in ("follow_up_on", "saved_at"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SessionDraft | None:
        """None for a draft this version cannot read (it is then dropped, not guessed at)."""
        try:
            data = json.loads(text)
            known = {f.name for f in fields(cls)}
            data = {k: v for k, v in data.items() if k in known}
            if data.get("follow_up_on"):
                data["follow_up_on"] = date.fromisoformat(data["follow_up_on"])
            if data.get("saved_at"):
                data["saved_at"] = datetime.fromisoformat(data["saved_at"])
            return cls(**data)
        except (ValueError, TypeError):
            return None


def load(store: Store, key: str = NEW) -> SessionDraft | None:
    with store.session() as session:
        row = session.get(AppSetting, _PREFIX + key)
    return SessionDraft.from_json(row.value) if row else None


def save(store: Store, draft: SessionDraft, key: str = NEW) -> None:
    kept = replace(draft, saved_at=utcnow())
    with store.session() as session:
        session.merge(AppSetting(key=_PREFIX + key, value=kept.to_json()))


def discard(store: Store, key: str = NEW) -> None:
    with store.session() as session:
        session.exec(delete(AppSetting).where(col(AppSetting.key) == _PREFIX + key))
