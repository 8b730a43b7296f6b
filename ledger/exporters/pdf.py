"""A document as PDF, laid out the way county bureaus print official documents (GB/T 9704 公文格式):
the issuing body in red over a red rule with the document number (文号), the title, the body, the
signature and seal line (落款、印章) and page numbers in the foot.

Text is set in the project's own font (``fonts.py``), embedded as a subset, so the file shows and
reads back (copy, search, extraction) the same everywhere. A character the font has no glyph for
is printed as 〓 and named in the export's ``missing`` — never silently dropped. The same document
gives the same bytes: the file's dates are the document's own, not the moment it was printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from ledger.domain.dates import CHINA_TZ
from ledger.domain.messages import Message
from ledger.exporters import fonts
from ledger.exporters.document import Document, Figures, Heading, Paragraph, dated, read
from ledger.exporters.sheet import Language, Sheet

RED = (200, 16, 30)
GREY = (235, 235, 235)
MARGIN = 20.0  # mm
BODY, SMALL, TITLE, ISSUER = 11.0, 9.0, 16.0, 22.0  # point sizes
SMALLEST = 6.0  # a wide table's text shrinks to this before its columns wrap
WIDEST_COLUMN = 70.0  # mm
SAMPLE_ROWS = 300  # rows measured for a column's width


def pdf_bytes(document: Document, language: Language = "zh") -> tuple[bytes, tuple[str, ...]]:
    """The document as a PDF, and the characters the font could not show (each once)."""
    from fpdf import FPDF  # noqa: PLC0415 (only when printing)

    missing: dict[str, None] = {}

    def text(words: Any) -> str:
        shown = read(words, language)
        missing.update(dict.fromkeys(fonts.missing(shown)))
        return fonts.printable(shown)

    landscape = any(_needs_landscape(sheet, language) for sheet in document.sheets())
    footer = Message("document.page", page="{page}", pages="{nb}")

    class Page(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(fonts.FAMILY, size=SMALL)
            self.set_text_color(0, 0, 0)
            self.cell(0, 6, text(footer).replace("{page}", str(self.page_no())), align="C")

    pdf = Page(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.add_font(fonts.FAMILY, fname=str(fonts.font_path()))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    issued = datetime.combine(document.issued, time(9), CHINA_TZ)
    pdf.set_creation_date(issued)
    pdf.set_title(text(document.title))
    pdf.set_author(text(document.issuer.text()))
    pdf.set_creator(text(Message("document.creator")))
    pdf.set_lang("en" if language == "en" else "zh-CN")
    pdf.add_page()

    _masthead(pdf, document, text)
    pdf.set_font(fonts.FAMILY, size=TITLE)
    pdf.multi_cell(0, 9, text(document.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.FAMILY, size=BODY)
    for note in document.notes:
        pdf.multi_cell(0, 6, text(note), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in document.blocks:
        _block(pdf, block, language, text)
    if document.sealed:
        _seal(pdf, document, language, text)
    return bytes(pdf.output()), tuple(missing)


def _masthead(pdf: Any, document: Document, text: Any) -> None:
    """版头: the issuing body in red, the document number, a red rule."""
    pdf.set_text_color(*RED)
    pdf.set_font(fonts.FAMILY, size=ISSUER)
    pdf.cell(0, 12, text(document.issuer.text()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(fonts.FAMILY, size=BODY)
    if document.number:
        pdf.cell(0, 7, text(document.number), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 2
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 6)


def _block(pdf: Any, block: Any, language: Language, text: Any) -> None:
    if isinstance(block, Heading):
        pdf.ln(2)
        pdf.set_font(fonts.FAMILY, size=BODY + 2)
        pdf.multi_cell(0, 8, text(block.text), new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        pdf.set_font(fonts.FAMILY, size=BODY)
    elif isinstance(block, Paragraph):
        pdf.multi_cell(0, 6.5, text(block.text), new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")
        pdf.ln(1)
    elif isinstance(block, Figures):
        _figures(pdf, block, text)
    elif isinstance(block, Sheet):
        _table(pdf, block, language, text)
    else:  # pragma: no cover - a new kind of block must be laid out here
        raise TypeError(f"no layout for {type(block).__name__}")


def _figures(pdf: Any, figures: Figures, text: Any) -> None:
    from fpdf.fonts import FontFace  # noqa: PLC0415

    labels = [text(label) for label, _ in figures.items]
    width = min(pdf.epw * 0.6, max(pdf.get_string_width(x) for x in labels) + 6) if labels else 0
    with pdf.table(col_widths=(width, pdf.epw - width), first_row_as_headings=False, borders_layout="NONE",
                   text_align=("LEFT", "LEFT"), line_height=6.5, wrapmode="CHAR",
                   headings_style=FontFace(emphasis="NONE")) as table:
        for label, (_, value) in zip(labels, figures.items, strict=True):
            row = table.row()
            row.cell(label)
            row.cell(text(value))
    pdf.ln(3)


def _table(pdf: Any, sheet: Sheet, language: Language, text: Any) -> None:
    from fpdf.fonts import FontFace  # noqa: PLC0415

    columns = sheet.printed_columns()
    header = [text(c.header(language)) for c in columns]
    rows = [[text(c.cell(row.get(c.key), language)) for c in columns] for row in sheet.rows]
    size, widths = _fit(pdf, header, rows)
    pdf.set_font(fonts.FAMILY, size=size)
    numeric = ["RIGHT" if c.kind == "number" else "LEFT" for c in columns]
    with pdf.table(col_widths=widths, width=pdf.epw, text_align=numeric, line_height=size * 0.5,
                   wrapmode="CHAR", repeat_headings=1, headings_style=FontFace(emphasis="NONE", fill_color=GREY),
                   padding=(0.8, 1.0)) as table:
        table.row(header)
        for cells in rows:
            table.row(cells)
    if not rows:
        pdf.multi_cell(0, 7, text(Message("document.no_rows")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fonts.FAMILY, size=BODY)
    pdf.ln(4)


def _fit(pdf: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[float, list[float]]:
    """The largest size (≤ SMALL+1) at which the columns' natural widths fit the page, or the
    smallest size with widths in proportion (long cells then wrap)."""
    size = SMALL + 1
    while True:
        pdf.set_font(fonts.FAMILY, size=size)
        natural = [min(WIDEST_COLUMN, max(pdf.get_string_width(v) for v in column) + 3)
                   for column in zip(header, *rows[:SAMPLE_ROWS], strict=True)]
        if sum(natural) <= pdf.epw or size <= SMALLEST:
            return size, natural
        size -= 0.5


def _needs_landscape(sheet: Sheet, language: Language) -> bool:
    return len(sheet.printed_columns()) > (6 if language == "both" else 8)


def _seal(pdf: Any, document: Document, language: Language, text: Any) -> None:
    """落款: the issuing body and the date at the right, with the place of the seal above."""
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(10)
    pdf.set_font(fonts.FAMILY, size=BODY)
    right = {"align": "R", "new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_text_color(*RED)
    pdf.cell(0, 7, text(Message("document.seal")), **right)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 7, text(document.issuer.text()), **right)
    pdf.cell(0, 7, text(dated(document.issued, language)), **right)
