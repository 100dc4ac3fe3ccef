"""Printable A4 PDFs: the household sheet (one page per household, with the guides chosen for it,
one QR each, the team's contact and a line of safety advice) and the village poster (the most-used
guides with large QR codes). Black on white only, so they print well on any office printer. A
sheet is in Vietnamese, or all in English when that is asked for (never the two mixed).

Every code is sized and placed for a phone's camera, whatever the page holds:
- modules of at least 0.8 mm (MIN_MODULE_MM; 0.9 mm or more where the page has room) and the
  standard quiet zone of 4 modules;
- the highest error correction (H, then Q, then M) that still gives modules that large;
- far enough from the next code that a phone framing one, the code filling half of the frame
  each way, sees no part of another (ALONE: the gap is at least half the code's width);
- a mask pattern that two independent decoders read (content.qr.legible_qr_image).

The only personal data is what the volunteer prints for that household on its own sheet: the
head's name and the village. The poster carries none."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from fpdf import FPDF
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q

from content import qr as content_qr
from content.catalog import ContentError
from content.drawing import nfc
from content.site import PublicAddressError, Site
from content.typeface import BOLD, REGULAR
from wire.messages import text

MAX_GUIDES_PER_SHEET = 8
MAX_GUIDES_PER_POSTER = 6
LANGUAGES = ("vi", "en")
MIN_MODULE_MM = 0.8  # the smallest module a phone reads from a print at arm's length
GOOD_MODULE_MM = 0.9  # what a code gets before its error correction is lowered
MAX_MODULE_MM = 1.2
ALONE = 0.5  # the gap between two codes, as a share of a code's width
CHECKED_DPI = 150  # a code's mask is chosen so that it reads from the page rasterised so
_LEVELS = (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M)
_PAGE_W, _PAGE_H, _MARGIN = 210.0, 297.0, 13.0
_CONTENT_W = _PAGE_W - 2 * _MARGIN
_FOOT = 37.0  # the team's contact and the safety advice, above the bottom margin
_COLUMNS, _GUTTER = 2, 6.0
_CELL_W = (_CONTENT_W - _GUTTER) / _COLUMNS
_PAD = 2.0
_BLACK, _GREY = 0, 90  # grey levels; nothing depends on colour


@dataclass(frozen=True)
class SheetGuide:
    code: str
    title: str
    title_en: str
    url: str  # what its QR holds: <public base URL>/g/<code>[?c=<commune>]


@dataclass(frozen=True)
class HouseholdPage:
    head_name: str
    village: str
    guides: Sequence[SheetGuide] = field(default_factory=tuple)


@dataclass(frozen=True)
class TeamContact:
    team: str  # e.g. "Tổ công nghệ số cộng đồng thôn 3, xã Quảng La"
    phone: str


@dataclass(frozen=True)
class CodeSize:
    """How the codes of one page are drawn: one error correction level and module size."""

    error_correction: int
    module_mm: float


def code_size(urls: Sequence[str], largest_mm: float) -> CodeSize:
    """The size for codes whose dark part may be at most `largest_mm` wide: the highest error
    correction that keeps modules of GOOD_MODULE_MM (else M, down to MIN_MODULE_MM). A URL too
    long for that raises PublicAddressError (public_address_too_long)."""
    for level in _LEVELS:
        widest = max(content_qr.modules(url, level) for url in urls)
        module = min(MAX_MODULE_MM, largest_mm / widest)
        if module >= GOOD_MODULE_MM or (level == ERROR_CORRECT_M and module >= MIN_MODULE_MM):
            return CodeSize(level, round(module, 3))
    longest = max(urls, key=len)
    raise PublicAddressError("public_address_too_long", longest)


def _words(language: str):
    if language not in LANGUAGES:
        raise ValueError(f"a sheet is in one of {LANGUAGES}, not {language!r}")

    def words(code: str, **params: object) -> str:
        return text(code, language, **params)

    return words


def _title(guide: SheetGuide, language: str) -> str:
    return (guide.title_en or guide.title) if language == "en" else guide.title


class _Codes:
    """The code image of each URL: its legible masks in order (content.qr.legible_qr_images),
    the current one kept until a whole page shows that it does not read there."""

    def __init__(self) -> None:
        self._choices: dict[tuple[str, int], Iterator[Image.Image]] = {}
        self._current: dict[tuple[str, int], Image.Image] = {}

    def image(self, url: str, size: CodeSize) -> Image.Image:
        key = (url, size.error_correction)
        if key not in self._current:
            self._choices[key] = content_qr.legible_qr_images(
                url, 8, size.error_correction, as_seen=partial(_as_printed, size=size)
            )
            self.next(url, size.error_correction)
        return self._current[key]

    def next(self, url: str, error_correction: int) -> bool:
        """Move to the next legible mask of `url`; False when there is none."""
        key = (url, error_correction)
        image = next(self._choices[key], None)
        if image is None:
            if key not in self._current:
                raise ContentError("content_qr_illegible", text=repr(url))
            return False
        self._current[key] = image.convert("L")
        return True

    def levels(self, urls: Sequence[str]) -> list[tuple[str, int]]:
        return [key for key in self._current if key[0] in urls]


def _settle(document: _Document, draw: Callable[[_Document], None]) -> None:
    """Draw one page onto `document`, its codes first tried on a page of their own: rasterised
    at CHECKED_DPI and read by both decoders, a code that does not read there moves to its
    next legible mask (where the decoders are installed; on a phone the page is drawn as is)."""
    if content_qr.can_decode():
        import pypdfium2  # the `content` extra, with the decoders

        for _ in content_qr.MASK_PATTERNS:
            trial = _Document(document.language, document.codes)
            draw(trial)
            page = pypdfium2.PdfDocument(bytes(trial.output()))[0]
            image = page.render(scale=CHECKED_DPI / 72).to_pil()
            read = set(content_qr.decoded_texts(image)) & set(content_qr.opencv_texts(image))
            unread = [url for url in dict.fromkeys(trial.drawn) if url not in read]
            if not unread:
                break
            moved = [
                document.codes.next(url, level) for url, level in document.codes.levels(unread)
            ]
            if not any(moved):
                raise ContentError("content_qr_unread_on_page", unread=unread)
    document.drawn = []
    draw(document)


class _Document(FPDF):
    """An A4 document in Noto Sans; each code drawn with the first of its legible masks that
    reads from the whole page (see _settle)."""

    def __init__(self, language: str, codes: _Codes | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.add_font("Noto", "", str(REGULAR))
        self.add_font("Noto", "B", str(BOLD))
        self.set_creator("cnscd content")
        self.set_lang(language)
        self.language = language
        self.words = _words(language)
        self.codes = codes or _Codes()
        self.drawn: list[str] = []  # the URLs of the codes on the page being drawn

    def qr(self, url: str, x: float, y: float, size: CodeSize) -> float:
        """The code of `url` with its top-left corner (quiet zone included) at x, y; answers
        its whole width."""
        width = (
            content_qr.modules(url, size.error_correction) + 2 * content_qr.QUIET_ZONE
        ) * size.module_mm
        self.image(self.codes.image(url, size), x=x, y=y, w=width, h=width)
        self.drawn.append(url)
        return width

    def text_block(
        self,
        words: str,
        size: float,
        bold: bool = False,
        grey: int = _BLACK,
        width: float = 0,
        align: str = "L",
        line: float | None = None,
    ) -> None:
        self.set_font("Noto", "B" if bold else "", size)
        self.set_text_color(grey)
        self.multi_cell(
            width or _CONTENT_W,
            line or size * 0.5,
            nfc(words),
            align=align,
            new_x="LEFT",
            new_y="NEXT",
        )

    def footer_box(self, contact: TeamContact, site: Site, printed_on: date | None) -> None:
        """Team contact and the safety advice, at the foot of the page."""
        advice = site.safety_advice_en if self.language == "en" else site.safety_advice
        top = _PAGE_H - _MARGIN - _FOOT + 3
        self.set_draw_color(_BLACK)
        self.set_line_width(0.3)
        self.line(_MARGIN, top, _PAGE_W - _MARGIN, top)
        self.set_xy(_MARGIN, top + 2.5)
        self.text_block(
            self.words("printed_help", team=contact.team, phone=contact.phone), 11.5, bold=True
        )
        self.set_xy(_MARGIN, top + 11)
        self.set_line_width(0.6)
        self.rect(_MARGIN, top + 10, _CONTENT_W, 17)
        self.set_x(_MARGIN + 3)
        self.text_block(
            self.words("printed_safety", advice=advice), 10.5, bold=True, width=_CONTENT_W - 6
        )
        if printed_on is not None:
            self.set_xy(_MARGIN, _PAGE_H - _MARGIN - 4)
            self.text_block(
                self.words("printed_on", day=printed_on.strftime("%d/%m/%Y")),
                8,
                grey=_GREY,
                align="R",
            )


def _as_printed(image: Image.Image, size: CodeSize) -> Image.Image:
    """A code as a printed sheet shows it to a decoder: alone on a small page, at its printed
    size, rasterised at CHECKED_DPI by PDFium (the renderer of the sheet tests and of Chrome's
    viewer); its resampling decides which mask reads."""
    import pypdfium2  # the `content` extra: only where the decoders are

    modules = image.width // 8
    width = modules * size.module_mm
    page = FPDF(unit="mm", format=(width + 20, width + 20))
    page.add_page()
    page.image(image.convert("L"), x=10.3, y=10.7, w=width, h=width)
    document = pypdfium2.PdfDocument(bytes(page.output()))
    return document[0].render(scale=CHECKED_DPI / 72).to_pil().convert("L")


def _grid_pitch(top: float, rows: int) -> float:
    return (_PAGE_H - _MARGIN - _FOOT - top) / rows


def household_sheets(
    pages: Sequence[HouseholdPage],
    contact: TeamContact,
    site: Site,
    printed_on: date | None = None,
    language: str = "vi",
) -> bytes:
    """One A4 page per household: its head and village, then each chosen guide with its QR,
    two to a row; `language` "en" prints the whole sheet in English."""
    if not pages:
        raise ValueError("no household to print")
    document = _Document(language)
    document.set_title(document.words("printed_sheet_title"))
    for page in pages:
        if not 1 <= len(page.guides) <= MAX_GUIDES_PER_SHEET:
            raise ValueError(
                f"a sheet holds 1 to {MAX_GUIDES_PER_SHEET} guides, not {len(page.guides)}"
            )
        _settle(
            document,
            partial(
                _household_page,
                page=page,
                contact=contact,
                site=site,
                printed_on=printed_on,
                language=language,
            ),
        )
    return bytes(document.output())


def _household_page(
    document: _Document,
    *,
    page: HouseholdPage,
    contact: TeamContact,
    site: Site,
    printed_on: date | None,
    language: str,
) -> None:
    words = document.words
    document.add_page()
    document.set_xy(_MARGIN, _MARGIN)
    document.text_block(words("printed_sheet_heading"), 16, bold=True)
    document.ln(1.5)
    document.text_block(words("printed_household", name=page.head_name), 13, bold=True)
    document.text_block(words("printed_place", place=page.village), 12)
    document.ln(1.5)
    document.text_block(words("printed_sheet_hint"), 10.5)
    top = document.get_y() + 3
    # Every sheet draws its codes as large as a full one (four rows) allows, so the same guide
    # prints the same size whatever else the page holds.
    pitch = _grid_pitch(top, math.ceil(MAX_GUIDES_PER_SHEET / _COLUMNS))
    size = code_size([g.url for g in page.guides], (pitch - 2 * _PAD) / (1 + ALONE))
    document.set_draw_color(_BLACK)
    for index, guide in enumerate(page.guides):
        x = _MARGIN + (index % _COLUMNS) * (_CELL_W + _GUTTER)
        y = top + (index // _COLUMNS) * pitch
        document.set_line_width(0.2)
        document.rect(x, y, _CELL_W, pitch - _PAD)
        width = document.qr(guide.url, x + _PAD, y + _PAD, size)
        text_x = x + _PAD + width + 1
        text_w = x + _CELL_W - _PAD - text_x
        document.set_xy(text_x, y + _PAD + 2)
        document.text_block(
            f"{index + 1}. {_title(guide, language)}", 11.5, bold=True, width=text_w, line=5.2
        )
        document.set_x(text_x)
        document.ln(1)
        document.set_x(text_x)
        document.text_block(
            guide.url.split("://", 1)[-1].split("?", 1)[0], 8.5, width=text_w, line=4
        )
    document.footer_box(contact, site, printed_on)


def village_poster(
    village: str,
    guides: Sequence[SheetGuide],
    contact: TeamContact,
    site: Site,
    printed_on: date | None = None,
    language: str = "vi",
) -> bytes:
    """One A4 poster for the village's notice board: up to six guides with large QR codes."""
    if not 1 <= len(guides) <= MAX_GUIDES_PER_POSTER:
        raise ValueError(f"a poster holds 1 to {MAX_GUIDES_PER_POSTER} guides, not {len(guides)}")
    document = _Document(language)
    document.set_title(document.words("printed_poster_title", place=village))
    _settle(
        document,
        partial(
            _poster_page,
            village=village,
            guides=guides,
            contact=contact,
            site=site,
            printed_on=printed_on,
            language=language,
        ),
    )
    return bytes(document.output())


def _poster_page(
    document: _Document,
    *,
    village: str,
    guides: Sequence[SheetGuide],
    contact: TeamContact,
    site: Site,
    printed_on: date | None,
    language: str,
) -> None:
    words = document.words
    document.add_page()
    document.set_xy(_MARGIN, _MARGIN)
    document.text_block(words("printed_poster_heading"), 20, bold=True, align="C")
    document.text_block(village, 14, align="C")
    document.ln(1)
    document.text_block(words("printed_poster_hint"), 11, align="C")
    top = document.get_y() + 3
    pitch = _grid_pitch(top, math.ceil(MAX_GUIDES_PER_POSTER / _COLUMNS))
    title_h = 12.0
    size = code_size(
        [g.url for g in guides],
        min((pitch - 2 * _PAD) / (1 + ALONE), pitch - title_h - 4 * _PAD - 8),
    )
    document.set_line_width(0.3)
    for index, guide in enumerate(guides):
        x = _MARGIN + (index % _COLUMNS) * (_CELL_W + _GUTTER)
        y = top + (index // _COLUMNS) * pitch
        document.rect(x, y, _CELL_W, pitch - _PAD)
        width = (
            content_qr.modules(guide.url, size.error_correction) + 2 * content_qr.QUIET_ZONE
        ) * size.module_mm
        document.qr(guide.url, x + (_CELL_W - width) / 2, y + _PAD, size)
        document.set_xy(x + 2, y + _PAD + width)
        document.text_block(
            _title(guide, language), 11.5, bold=True, width=_CELL_W - 4, align="C", line=5
        )
    document.footer_box(contact, site, printed_on)
