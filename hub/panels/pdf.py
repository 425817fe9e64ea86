"""Printable documents for one reader, drawn with ReportLab: headings, paragraphs, key and value rows and
lists, with the protective marking at the top of every page and, at the foot of every page, whom the
copy was made for and when.

ReportLab lays text out directly, where an HTML renderer first builds and styles a whole document: a
32-item agenda pack takes about a sixth of the time it took with WeasyPrint (see bench/). Every piece
of text given here is escaped before ReportLab reads its markup.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

logger = logging.getLogger(__name__)
MARKING = "OFFICIAL-SENSITIVE"
BLACK, GREY, RULE = HexColor("#0b0c0c"), HexColor("#505a5f"), HexColor("#b1b4b6")
# Liberation Sans (Debian's fonts-liberation): metric-compatible with Arial, with the Latin, Greek and
# Cyrillic letters names are written in. Embedded in each copy, so it reads the same anywhere.
FONT_FILES = {
    "HubSans": "LiberationSans-Regular.ttf",
    "HubSans-Bold": "LiberationSans-Bold.ttf",
    "HubSans-Italic": "LiberationSans-Italic.ttf",
    "HubSans-BoldItalic": "LiberationSans-BoldItalic.ttf",
}


_ROWS = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


@cache
def _fonts() -> str:
    """Register the embedded font once per process; its family name."""
    folder = Path(settings.HUB_PDF_FONT_DIR)
    missing = [name for name in FONT_FILES.values() if not (folder / name).is_file()]
    if missing:
        problem = (
            f"The PDF font files {', '.join(missing)} are not in {folder}: install Debian's fonts-liberation "
            "package or set HUB_PDF_FONT_DIR to the folder that holds them."
        )
        if not settings.DEBUG and settings.HUB_ENV == "production":
            raise ImproperlyConfigured(problem)
        # Elsewhere (a developer's machine without the package) the PDF is still made, in the built-in
        # Helvetica, whose letters stop at Latin-1.
        logger.warning("%s Using Helvetica instead.", problem)
        return "Helvetica"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        "HubSans",
        normal="HubSans",
        bold="HubSans-Bold",
        italic="HubSans-Italic",
        boldItalic="HubSans-BoldItalic",
    )
    return "HubSans"


def _italic(font: str) -> str:
    """The family's italic face: Helvetica's built-in one is called Oblique."""
    return "Helvetica-Oblique" if font == "Helvetica" else f"{font}-Italic"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    font = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14.5, textColor=BLACK, spaceAfter=4)
    return {
        "body": body,
        "caption": ParagraphStyle("caption", parent=body, textColor=GREY),
        "restricted": ParagraphStyle("restricted", parent=body, textColor=GREY, fontName=_italic(font)),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=f"{font}-Bold", fontSize=20, leading=24, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=f"{font}-Bold", fontSize=14, leading=18, spaceAfter=4
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=f"{font}-Bold", fontSize=11, spaceBefore=8, spaceAfter=2
        ),
        "h4": ParagraphStyle("h4", parent=body, fontName=f"{font}-Bold", spaceBefore=6, spaceAfter=2),
        "row": ParagraphStyle("row", parent=body, spaceAfter=0),
        "item": ParagraphStyle("item", parent=body, leftIndent=6 * mm, bulletIndent=1 * mm, spaceAfter=2),
        "footer": ParagraphStyle("footer", parent=body, fontSize=8, leading=10, textColor=GREY, alignment=1),
    }


def text(value: object) -> str:
    """Plain text as ReportLab paragraph markup: escaped, line breaks kept."""
    return escape(str(value)).replace("\r\n", "\n").replace("\n", "<br/>")


class _Rule(Flowable):
    """The thin line above each item's heading."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, 3 * mm

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.75)
        self.canv.line(0, 0, self.width, 0)


class Document:
    """A document for one reader. Add its parts in order, then ``render()`` the PDF."""

    def __init__(self, *, title: str, made_for: str, made_on: str) -> None:
        self.title = title
        self.made_for = made_for
        self.footer = (
            f"Made for {text(made_for)} on {text(made_on)}. "
            "Do not pass on: share only under the partnership's information-sharing agreement."
        )
        self.styles = _styles()
        self.story: list[Flowable] = []

    def paragraph(self, markup: str, style: str = "body") -> None:
        """``markup`` must already be escaped (build it with ``text``)."""
        self.story.append(Paragraph(markup, self.styles[style]))

    def heading(self, value: str, level: int) -> None:
        if level == 2:
            # An item starts on a new page rather than leave its heading alone at the foot of one.
            self.story += [CondPageBreak(30 * mm), Spacer(0, 2 * mm), _Rule()]
        self.paragraph(text(value), f"h{level}")

    def rows(self, rows: Iterable[tuple[str, str]]) -> None:
        """Keys in bold on the left, their values beside them."""
        cells = [
            [Paragraph(f"<b>{text(key)}</b>", self.styles["row"]), Paragraph(text(value), self.styles["row"])]
            for key, value in rows
        ]
        if cells:
            table = Table(cells, colWidths=[47 * mm, None], hAlign="LEFT")
            table.setStyle(_ROWS)
            self.story.append(table)

    def items(self, lines: Iterable[str], *, numbered: bool = False, markup: bool = False) -> None:
        """A list; with ``markup``, each line is already escaped markup."""
        for number, line in enumerate(lines, start=1):
            bullet = f"{number}." if numbered else "\u2022"
            self.story.append(
                Paragraph(line if markup else text(line), self.styles["item"], bulletText=bullet)
            )

    def _decorate(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        """The marking and the reader's name on every page."""
        width, height = A4
        canvas.saveState()
        canvas.setFont(f"{_fonts()}-Bold", 9)
        canvas.drawRightString(width - 18 * mm, height - 12 * mm, MARKING)
        footer = Paragraph(self.footer, self.styles["footer"])
        _, footer_height = footer.wrap(width - 36 * mm, 20 * mm)
        footer.drawOn(canvas, 18 * mm, 16 * mm - footer_height)
        canvas.restoreState()

    def render(self) -> bytes:
        out = BytesIO()
        document = SimpleDocTemplate(
            out,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=20 * mm,
            bottomMargin=24 * mm,
            title=self.title,
            author="Missing and Exploitation Hub",
        )
        document.build(self.story, onFirstPage=self._decorate, onLaterPages=self._decorate)
        return out.getvalue()
