"""Printable A4 PDFs: the household sheet (one page per household, with the guides chosen for it,
one QR each, the team's contact and a line of safety advice) and the village poster (the most-used
guides with large QR codes). Black on white only, so they print well on any office printer.

The only personal data is what the volunteer prints for that household on its own sheet: the
head's name and the village. The poster carries none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from fpdf import FPDF
from PIL import Image

from content.drawing import nfc
from content.qr import qr_image
from content.site import Site
from content.typeface import BOLD, REGULAR
from wire import messages

MAX_GUIDES_PER_SHEET = 8
MAX_GUIDES_PER_POSTER = 6
_PAGE_W, _PAGE_H, _MARGIN = 210.0, 297.0, 13.0
_CONTENT_W = _PAGE_W - 2 * _MARGIN
_BLACK, _GREY = 0, 90  # grey levels; nothing depends on colour


@dataclass(frozen=True)
class SheetGuide:
    code: str
    title: str
    title_en: str
    url: str  # what its QR holds: <public base URL>/g/<code>


@dataclass(frozen=True)
class HouseholdPage:
    head_name: str
    village: str
    guides: Sequence[SheetGuide] = field(default_factory=tuple)


@dataclass(frozen=True)
class TeamContact:
    team: str  # e.g. "Tổ công nghệ số cộng đồng thôn 3, xã Quảng La"
    phone: str


class _Document(FPDF):
    """An A4 document in Noto Sans, QR images rendered once per URL."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.add_font("Noto", "", str(REGULAR))
        self.add_font("Noto", "B", str(BOLD))
        self.set_creator("cnscd content")
        self._codes: dict[str, Image.Image] = {}

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        if url not in self._codes:
            self._codes[url] = qr_image(url, module_px=8).convert("L")
        self.image(self._codes[url], x=x, y=y, w=size, h=size)

    def text_block(self, text: str, size: float, bold: bool = False, grey: int = _BLACK,
                   width: float = 0, align: str = "L", line: float | None = None) -> None:
        self.set_font("Noto", "B" if bold else "", size)
        self.set_text_color(grey)
        self.multi_cell(width or _CONTENT_W, line or size * 0.5, nfc(text), align=align,
                        new_x="LEFT", new_y="NEXT")

    def footer_box(self, contact: TeamContact, site: Site, printed_on: date | None) -> None:
        """Team contact and the safety advice, at the foot of the page."""
        top = _PAGE_H - _MARGIN - 34
        self.set_draw_color(_BLACK)
        self.set_line_width(0.3)
        self.line(_MARGIN, top, _PAGE_W - _MARGIN, top)
        self.set_xy(_MARGIN, top + 2.5)
        self.text_block(messages.text("sheet_help", team=contact.team, phone=contact.phone), 11.5,
                        bold=True)
        self.set_xy(_MARGIN, top + 11)
        self.set_line_width(0.6)
        self.rect(_MARGIN, top + 10, _CONTENT_W, 17)
        self.set_x(_MARGIN + 3)
        self.text_block(messages.text("sheet_safety", advice=site.safety_advice), 10.5, bold=True,
                        width=_CONTENT_W - 6)
        if printed_on is not None:
            self.set_xy(_MARGIN, _PAGE_H - _MARGIN - 4)
            printed = messages.text("sheet_printed", day=printed_on.strftime("%d/%m/%Y"))
            self.text_block(printed, 8, grey=_GREY, align="R")


def household_sheets(pages: Sequence[HouseholdPage], contact: TeamContact, site: Site,
                     printed_on: date | None = None) -> bytes:
    """One A4 page per household: its head and village, then each chosen guide with its QR."""
    if not pages:
        raise ValueError("no household to print")
    document = _Document()
    document.set_title(messages.text("sheet_heading"))
    for page in pages:
        if not 1 <= len(page.guides) <= MAX_GUIDES_PER_SHEET:
            raise ValueError(f"a sheet holds 1 to {MAX_GUIDES_PER_SHEET} guides, not {len(page.guides)}")
        _household_page(document, page, contact, site, printed_on)
    return bytes(document.output())


def _household_page(document: _Document, page: HouseholdPage, contact: TeamContact, site: Site,
                    printed_on: date | None) -> None:
    document.add_page()
    document.set_xy(_MARGIN, _MARGIN)
    document.text_block(messages.text("sheet_heading").upper(), 16, bold=True)
    document.text_block(messages.text("sheet_heading", "en"), 9, grey=_GREY)
    document.ln(2)
    document.text_block(messages.text("sheet_household", head=page.head_name), 13, bold=True)
    document.text_block(messages.text("sheet_village", village=page.village), 12)
    document.ln(1.5)
    document.text_block(messages.text("sheet_how"), 10.5)
    top = document.get_y() + 2.5
    bottom = _PAGE_H - _MARGIN - 37
    row = min(27.0, (bottom - top) / len(page.guides))
    size = row - 3
    document.set_draw_color(_BLACK)
    for index, guide in enumerate(page.guides):
        y = top + index * row
        document.set_line_width(0.2)
        document.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
        document.qr(guide.url, _MARGIN, y + 1.5, size)
        text_x = _MARGIN + size + 5
        document.set_xy(text_x, y + 3)
        width = _PAGE_W - _MARGIN - text_x
        document.text_block(f"{index + 1}. {guide.title}", 12.5, bold=True, width=width)
        document.set_x(text_x)
        document.text_block(guide.title_en, 9, grey=_GREY, width=width)
        document.set_x(text_x)
        document.text_block(guide.url.split("://", 1)[-1], 9, width=width)
    document.footer_box(contact, site, printed_on)


def village_poster(village: str, guides: Sequence[SheetGuide], contact: TeamContact, site: Site,
                   printed_on: date | None = None) -> bytes:
    """One A4 poster for the village's notice board: up to six guides with large QR codes."""
    if not 1 <= len(guides) <= MAX_GUIDES_PER_POSTER:
        raise ValueError(f"a poster holds 1 to {MAX_GUIDES_PER_POSTER} guides, not {len(guides)}")
    document = _Document()
    document.set_title(messages.text("poster_document_title", village=village))
    document.add_page()
    document.set_xy(_MARGIN, _MARGIN)
    document.text_block(messages.text("poster_title").upper(), 20, bold=True, align="C")
    document.text_block(village, 14, align="C")
    document.ln(1)
    document.text_block(messages.text("poster_how"), 11, align="C")
    top = document.get_y() + 3
    columns, gap = 2, 6.0
    cell_w = (_CONTENT_W - gap) / columns
    rows = (len(guides) + columns - 1) // columns
    cell_h = min(72.0, (_PAGE_H - _MARGIN - 37 - top) / rows)
    size = min(cell_w, cell_h) - 20
    document.set_line_width(0.3)
    for index, guide in enumerate(guides):
        x = _MARGIN + (index % columns) * (cell_w + gap)
        y = top + (index // columns) * cell_h
        document.rect(x, y + 1, cell_w, cell_h - 3)
        document.qr(guide.url, x + (cell_w - size) / 2, y + 3, size)
        document.set_xy(x + 2, y + 4 + size)
        document.text_block(guide.title, 11.5, bold=True, width=cell_w - 4, align="C", line=5)
    document.footer_box(contact, site, printed_on)
    return bytes(document.output())
