"""Helpers for the staff page tests: log in through the real form, read a page's CSRF token,
and read its tables back as text, the way a person sees them."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
from apitest import PASSWORD
from fastapi.testclient import TestClient


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.hidden: dict[str, str] = {}
        self.texts: dict[str, str] = {}  # element id -> its text
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None
        self._ids: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""
        if tag == "table" and a.get("id"):
            self._table = a["id"]
            self.tables[self._table] = []
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._table and self._in_body:
            self.tables[self._table].append([])
        elif tag in {"td", "th"} and self._table and self._in_body:
            self._cell = []
        if a.get("id") and tag != "table":
            self._ids.append((tag, a["id"], []))

    def handle_endtag(self, tag: str) -> None:
        if (
            tag in {"td", "th"}
            and self._cell is not None
            and self._table
            and self.tables[self._table]
        ):
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None
        if self._ids and self._ids[-1][0] == tag:
            _, element_id, parts = self._ids.pop()
            self.texts[element_id] = " ".join("".join(parts).split())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        for _, _, parts in self._ids:
            parts.append(data)


class Page:
    def __init__(self, html: str) -> None:
        parser = _Tables()
        parser.feed(html)
        self.html = html
        self.tables = parser.tables
        self.hidden = parser.hidden
        self.texts = parser.texts

    @property
    def csrf(self) -> str:
        return self.hidden["csrf"]


def number(text: str) -> int:
    """'12.345' (Vietnamese) -> 12345."""
    return int(text.replace(".", ""))


def login(client: TestClient | httpx.Client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; answers the CSRF token of the pages that follow."""
    form = Page(client.get("/staff/login").text)
    answer = client.post(
        "/staff/login",
        data={"csrf": form.csrf, "username": username, "password": password},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/staff/report"
    return Page(client.get("/staff/report").text).csrf
