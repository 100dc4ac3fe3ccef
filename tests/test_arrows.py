"""The arrows between the packages go one way (shared/DESIGN.md): launcher -> views -> app;
sync -> app; share -> app, content; nothing imports the launcher; the views import neither sync
nor share; the server never imports the app or the views; wire, which all of them share,
imports none of them. Read from every import statement, those made only for type checking
included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["launcher", "views", "app", "sync", "share", "content", "server", "wire"]

# package: the project's packages it must never import
NEVER = {
    "app": {"launcher", "views", "sync", "share", "server"},
    "views": {"launcher", "sync", "share", "server"},
    "sync": {"launcher", "views", "share", "server"},
    "share": {"launcher", "views", "sync", "server"},
    "content": {"launcher", "views", "app", "sync", "share", "server"},
    "server": {"launcher", "views", "app", "share"},
    "launcher": {"server"},
    "wire": {"launcher", "views", "app", "sync", "share", "content", "server"},
}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


@pytest.mark.parametrize("package", sorted(NEVER))
def test_a_package_imports_nothing_above_or_beside_it(package: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & NEVER[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {name: found for name, found in wrong.items() if found} == {}
