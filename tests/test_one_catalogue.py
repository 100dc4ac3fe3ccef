"""Every text a person reads lives in one catalogue, wire.messages: no package writes a sentence
of its own. A Vietnamese sentence in code is found by its letters (the marks of Vietnamese, or
đ); its English twin, by sitting beside it in the same call or tuple. Docstrings and comments
may say what they like.

Each package is listed with what it is allowed: data that only looks like a sentence (a demo
team's name, the alphabet the fonts are checked against). Data files (TOML) are not Python and
are not read here; share/ serves pages the content renderer makes and has no HTML of its own.
The staff pages' templates (server/web/templates) are read as HTML: a Vietnamese text node, or
a Vietnamese alt, title, placeholder, aria-label or data-label, is a sentence a template wrote
itself."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from wire import messages

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Allowed:
    """Texts a package may keep in its code: (file relative to the root, the text) pairs."""

    texts: frozenset[tuple[str, str]] = frozenset()


PACKAGES: dict[str, Allowed] = {
    "app": Allowed(),
    "views": Allowed(),
    "sync": Allowed(),
    "share": Allowed(),
    "launcher": Allowed(),
    "server": Allowed(
        frozenset(
            {
                ("server/demo.py", "Tổ CNSCĐ xã Quảng La"),  # the demo team's name: data
            }
        )
    ),
    "content": Allowed(
        frozenset(
            {
                # What a narration cannot say as written, with the Vietnamese words to say instead: the
                # build's rules of spoken Vietnamese for a guide's author (content.catalog._UNSAYABLE)
                *(
                    ("content/catalog.py", fault)
                    for fault in (
                        "'VNeID' (say 'ứng dụng V N e I D')",
                        "'BHYT' (say 'bảo hiểm y tế')",
                        "'CCCD' (say 'căn cước công dân')",
                        "'CMND' (say 'chứng minh nhân dân')",
                        "'OTP' (say 'mã xác thực gửi qua tin nhắn')",
                        "'PDF' (say 'tệp tài liệu')",
                        "\\d\\s*đ\\b",
                        "an amount in 'đ' (say the number and 'đồng')",
                        "\\b[A-ZĐ]{2,}\\b",
                        "a web address or dotted word (say 'chấm')",
                    )
                ),
                # The letters every font must draw (content.typeface.VIETNAMESE_LETTERS): data
                ("content/typeface.py", "aăâbcdđeêghiklmnoôơpqrstuưvxy"),
                (
                    "content/typeface.py",
                    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
                ),
            }
        )
    ),
}
TEMPLATES = ROOT / "server" / "web" / "templates"


def vietnamese(text: str) -> bool:
    """Letters only Vietnamese writes here: đ/Đ, or a letter that carries a mark (á, ơ, ư, ...)."""
    return any(
        ch in "\u0111\u0110"
        or (ch.isalpha() and not ch.isascii() and unicodedata.decomposition(ch) != "")
        for ch in text
    )


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def _text(node: ast.AST) -> str | None:
    """The text of a string constant, or of an f-string with its {values} as "{}"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _siblings(node: ast.AST) -> list[ast.AST]:
    """A call's arguments, or a tuple's or list's items: where a pair of texts would sit."""
    if isinstance(node, ast.Call):
        return [*node.args, *(k.value for k in node.keywords)]
    return list(node.elts) if isinstance(node, ast.Tuple | ast.List) else []


def written_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string (or f-string) that is a sentence for a person: one with
    Vietnamese letters, and an English one paired with it; docstrings aside."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
        skipped |= {id(v) for v in joined.values}  # an f-string is read as a whole
    texts = {
        id(n): (n, t)
        for n in ast.walk(tree)
        if id(n) not in skipped and (t := _text(n)) is not None
    }
    found = {key: texts[key] for key, (_, t) in texts.items() if vietnamese(t)}
    for node in ast.walk(tree):
        siblings = [id(s) for s in _siblings(node) if id(s) in texts]
        if any(key in found for key in siblings):
            found |= {key: texts[key] for key in siblings if " " in texts[key][1].strip()}
    return sorted((n.lineno, t) for n, t in found.values())


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_package_writes_its_own_sentences(package: str) -> None:
    allowed = PACKAGES[package].texts
    written = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in _files(package)
        for line, text in written_texts(path.read_text(encoding="utf-8"))
        if (str(path.relative_to(ROOT)), text) not in allowed
    ]
    assert not written, "texts belong in wire/messages/:\n" + "\n".join(written)


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # a template's own tags


class _TemplateTexts(HTMLParser):
    """The text nodes and the read-out attributes of a template, Jinja's {{ }} and {% %} aside."""

    ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "data-label"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def _keep(self, text: str) -> None:
        for part in _JINJA.split(text):
            if vietnamese(part):
                self.found.append((self.getpos()[0], part.strip()))

    def handle_data(self, data: str) -> None:
        self._keep(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self._keep(value)


def template_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Vietnamese text a template writes itself."""
    parser = _TemplateTexts()
    parser.feed(source)
    parser.close()
    return parser.found


def test_no_staff_page_template_writes_its_own_sentences() -> None:
    templates = sorted(TEMPLATES.glob("*.html"))
    assert templates
    written = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in templates
        for line, text in template_texts(path.read_text(encoding="utf-8"))
    ]
    assert not written, "texts belong in wire/messages/ (t(key)):\n" + "\n".join(written)


def test_the_template_check_finds_text_nodes_and_attributes_not_keys() -> None:
    source = (
        '<h1>Báo cáo</h1><p>{{ t("staff_report") }} · {% if x %}Xã{% endif %}</p>'
        '<input placeholder="Tên tổ"><img alt="{{ t(\'qr\') }}" src="/a">'
    )
    assert [text for _, text in template_texts(source)] == ["Báo cáo", "Xã", "Tên tổ"]


def test_the_check_finds_a_pair_and_lets_docstrings_and_codes_be() -> None:
    source = '''
"""Module docstring: Không sao."""
def f():
    """Docstring: Được phép."""
    raise ValidationError("phone", "phone_invalid", "Số sai.", "The number is wrong.")
def g(n):
    return ("Sau {n} ngày", f"In {n} days"), text("follow_up_days", days=n)  # Ghi chú: ok
'''
    assert written_texts(source) == [
        (5, "Số sai."),
        (5, "The number is wrong."),
        (7, "In {} days"),
        (7, "Sau {n} ngày"),
    ]


def test_every_area_is_in_the_catalogue_and_a_code_defined_twice_is_refused() -> None:
    assert messages.MESSAGES == messages.merged(messages.AREAS)
    assert sum(len(area) for area in messages.AREAS.values()) == len(messages.MESSAGES)
    with pytest.raises(messages.DuplicateCode, match="'saved' is defined in screens and in mine"):
        messages.merged({**messages.AREAS, "mine": {"saved": ("Đã lưu.", "Saved.")}})


# A language's own name, and the app's (a proper name, as the phone's launcher shows it), read
# the same in either language.
SAME_IN_BOTH = {"language_vi", "web_app_name", "web_icon_text"}


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(messages.MESSAGES))
def test_every_text_is_vietnamese_first_and_english_second(code: str) -> None:
    vi, en = messages.MESSAGES[code]
    assert vi.strip() and en.strip()
    assert code in SAME_IN_BOTH or not vietnamese(en), en
    # The English may name a technical figure the Vietnamese leaves out, never the other way.
    assert _names(vi) <= _names(en), (vi, en)
