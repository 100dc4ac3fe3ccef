"""The arrows between the packages go one way (shared/DESIGN.md, "The house"): each package
imports only the packages below it — launcher -> views -> app -> wire; sync -> app, wire;
share -> app, content, wire; server -> wire, content; content -> wire; wire -> nothing of ours.
Nothing imports the launcher. Read from every import statement, those inside functions and
those made only for type checking included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package: the project's packages it may import besides itself (anything else of ours is wrong)
ALLOWED: dict[str, set[str]] = {
    "wire": set(),
    "content": {"wire"},
    "app": {"wire", "content"},
    "sync": {"app", "wire"},
    "share": {"app", "content", "wire"},
    "views": {"app", "content", "wire"},
    "server": {"wire", "content"},
    "launcher": {"views", "app", "sync", "share", "content", "wire"},
}
OURS = set(ALLOWED) | {"tests", "bench", "support"}


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_packages_below_it(package: str) -> None:
    allowed = ALLOWED[package] | {package}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, imported in imported_packages(path)
        if imported in OURS and imported not in allowed
    ]
    assert wrong == []


def test_every_package_of_ours_has_its_place() -> None:
    """A new top-level package must be given its arrows here before anything can import it."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests"} == set(ALLOWED)


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from views.shell import Shell\n", encoding="utf-8")
    assert imported_packages(module) == [(2, "views")]
