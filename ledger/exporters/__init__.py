"""Exports (导出): the due list, the quota report, service records, school rosters and a teacher's
history as CSV or XLSX files for people who work in spreadsheets (HR, school offices), and as PDF
documents of the bureau (``document.py``, ``pdf.py``) for people who print, stamp and file them.

A sheet is built from the answer the policy engine or the read model already gives (its
``to_dict()`` or JSON-ready item) — nothing is evaluated again — and rendered with headers in
Chinese and English (``both``, the default: ``教师编号 / Teacher id``), or in one language.
CSV is UTF-8 with a byte-order mark so Excel shows Chinese text; see ``formats.py``.

``ledger export …`` writes files; the API answers the same routes with ``?format=csv|xlsx|pdf``; the
console's download links use the same sheets.
"""

from ledger.exporters.document import Document, Figures, Heading, Issuer, Paragraph
from ledger.exporters.formats import FORMATS, MEDIA_TYPES, Export, Format, render, render_document, write
from ledger.exporters.reports import (
    districts_on,
    due_list_sheet,
    quota_sheet,
    service_record_sheet,
    title_priority_sheet,
)
from ledger.exporters.sheet import LANGUAGES, Column, Language, Sheet, Text
from ledger.exporters.views import history_sheet, roster_sheet

__all__ = [
    "FORMATS", "LANGUAGES", "MEDIA_TYPES", "Column", "Document", "Export", "Figures", "Format", "Heading", "Issuer",
    "Language", "Paragraph", "Sheet", "Text", "districts_on", "due_list_sheet", "history_sheet", "quota_sheet",
    "render", "render_document", "roster_sheet", "service_record_sheet", "title_priority_sheet", "write",
]
