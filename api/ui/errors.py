"""The ledger's typed errors, told in the page's language.

Every error carries a catalogue message (``ledger.domain.messages``), rendered with labels in the
page's language: each bad field's message beside that field, and what belongs to no field of the
form — and every broken rule or conflict — at the top of it. A broken rule's message also stands
beside the field it is about.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.errors import ConflictError, InvalidInput, LedgerError, NotFoundError
from ledger.domain.glossary import field_label
from ledger.domain.messages import Message

# The field a broken rule is about, so its message also stands beside that field.
CLAUSE_FIELDS = {"R-POST-HOST": "host_school_ids", "R-POST-ONE": "start_date", "R-POST-EXEMPT": "override_exemption",
                 "R-EX-COUPLE": "spouse_teacher_id", "R-EX-PROJECT": "end_date", "R-POST-EVAL": "school_id",
                 "R-POST-REPORT": "days_absent"}


@dataclass(frozen=True)
class Shown:
    """An error as the page shows it: per field, and what belongs at the top of the form."""

    fields: dict[str, list[str]]
    summary: list[str]
    clause: str | None
    status: int


def told(message: Message, lang: str) -> str:
    """A message as a person reads it: in the page's language, fields and values by their labels."""
    return message.render(lang, labels=True)


def shown(error: LedgerError, lang: str, known_fields: set[str]) -> Shown:
    """Where each part of an error goes on a form: field errors beside the fields the form has,
    the rest (and every rule or conflict) at the top."""
    fields: dict[str, list[str]] = {}
    summary: list[str] = []
    if isinstance(error, InvalidInput):
        for e in error.errors:
            text = told(e.msg, lang)
            base = e.field.split(".", 1)[0].split("[", 1)[0]
            if base in known_fields:
                fields.setdefault(base, []).append(text if base == e.field else f"{field_label(e.field, lang)}: {text}")
            else:
                summary.append(f"{field_label(e.field, lang)}: {text}")
        return Shown(fields, summary, None, 422)
    text = error.render(lang, labels=True)
    if isinstance(error, ConflictError):
        field = CLAUSE_FIELDS.get(error.clause or "")
        if field in known_fields:
            fields[field] = [text]
        return Shown(fields, [text], error.clause, 409)
    if isinstance(error, NotFoundError):
        return Shown(fields, [text], None, 404)
    return Shown(fields, [text], None, 400)
