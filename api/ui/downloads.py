"""The due list as a file: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
Chinese names) or XLSX, with headers in the page's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

from api.ui.i18n import Translator
from ledger.domain.policy import DueRow

COLUMNS = ("due.rank", "teacher.id", "teacher.name", "gender", "role", "subject", "due.school", "due.district",
           "due.status", "due.tenure", "tenure_days", "tenure_since", "due.age", "teacher.backbone", "col.clauses",
           "due.reasons")


def header(t: Translator) -> list[str]:
    extra = {"tenure_days": ("任教天数", "tenure (days)"), "tenure_since": ("任教起始", "tenure since")}
    return [t.field(c) if c in ("gender", "role", "subject") else
            (extra[c][0] if t.lang == "zh" else extra[c][1]) if c in extra else t(c) for c in COLUMNS]


def due_rows(t: Translator, rows: Sequence[DueRow], district_of: Mapping[str, str | None]) -> list[list[Any]]:
    return [[
        r.rank or "", r.teacher_id, r.name, t.label(r.gender), t.label(r.role), r.subject or "",
        f"{r.school_name} ({r.school_id})", district_of.get(r.school_id) or "", t.label(r.status),
        r.tenure.years, r.tenure.days, r.tenure.since.isoformat(), r.age, r.backbone_level or "",
        " ".join(r.clauses), "; ".join(f"{x.clause}: {x.message}" for x in r.reasons),
    ] for r in rows]


def csv_bytes(head: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(head: list[str], rows: list[list[Any]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
