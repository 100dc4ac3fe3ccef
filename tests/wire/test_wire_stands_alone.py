"""wire/ is what every side agrees on, so it stands on nothing of ours: the standard library
and pydantic only. And every code its rules raise has its words in both languages."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from wire import messages, rules

WIRE = Path(__file__).resolve().parents[2] / "wire"
OURS = {"app", "views", "sync", "share", "content", "server", "launcher", "tests", "bench"}
ALLOWED = {"pydantic", "pydantic_core", "typing_extensions"}


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


@pytest.mark.parametrize("path", sorted(WIRE.rglob("*.py")), ids=lambda p: str(p.relative_to(WIRE)))
def test_wire_imports_only_the_standard_library_pydantic_and_itself(path: Path) -> None:
    imported = _imported(path) - {"wire", "__future__"}
    assert not imported & OURS
    assert imported <= set(sys.stdlib_module_names) | ALLOWED, imported


@pytest.mark.parametrize("code", sorted(rules.CODES))
def test_every_rule_has_its_words_in_vietnamese_and_english(code: str) -> None:
    figures = {"limit": 20}  # what the limits' words name
    vietnamese, english = messages.text(code, "vi", **figures), messages.text(code, "en", **figures)
    assert vietnamese and english and vietnamese != english
    assert rules.RuleBroken("note", code, **figures).text("en") == english
