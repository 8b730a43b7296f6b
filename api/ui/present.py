"""Recorded values told in words: enum values by their labels, school ids by their names, lists
joined — what the history entries, the why panel and the correction picker show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.ui.i18n import Translator
from ledger.domain.enums import RecordType
from ledger.domain.glossary import value_enum
from ledger.domain.school import SchoolFacts

SCHOOL_FIELDS = frozenset({"host_school_ids", "school_id", "home_school_id"})
HIDDEN = frozenset({"record_type", "record_id", "voided_by", "amended_by", "teacher_id", "posting_id",
                    "exemption_id", "award_id", "evaluation_id", "title_id", "designation_id", "departure_id",
                    "correction_id", "changes", "before", "refusals", "extensions", "overridden_exemption_ids"})


def school_name(schools: Mapping[str, SchoolFacts], school_id: str | None) -> str:
    if not school_id:
        return ""
    facts = schools.get(school_id)
    return f"{facts.name} ({school_id})" if facts else school_id


def value_text(t: Translator, name: str, value: Any, record_type: str, schools: Mapping[str, SchoolFacts]) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if name in SCHOOL_FIELDS:
        ids = value if isinstance(value, list) else [value]
        return t.join(school_name(schools, s) for s in ids)
    cls = value_enum(name, record_type)
    if cls is not None and isinstance(value, str):
        return t.enum(cls, value)
    if isinstance(value, list):
        return t.join(value_text(t, name, v, record_type, schools) for v in value)
    if isinstance(value, dict):
        return t.pairs((t.field(k), value_text(t, k, v, record_type, schools)) for k, v in value.items())
    return str(value)


def details(t: Translator, values: Mapping[str, Any], record_type: str,
            schools: Mapping[str, SchoolFacts]) -> list[tuple[str, str]]:
    """(label, text) for each shown field of a recorded value set."""
    return [(t.field(k), value_text(t, k, v, record_type, schools))
            for k, v in values.items() if k not in HIDDEN and v not in (None, [], "")]


def before_after(t: Translator, correction: Mapping[str, Any] | None,
                 schools: Mapping[str, SchoolFacts]) -> list[tuple[str, str, str]]:
    """An amendment's (label, before, after) per changed field."""
    if not correction or correction.get("action") != "amend":
        return []
    kind = str(correction.get("target_type") or "")
    before, changes = correction.get("before") or {}, correction.get("changes") or {}
    return [(t.field(k), value_text(t, k, before.get(k), kind, schools), value_text(t, k, v, kind, schools))
            for k, v in changes.items()]


def record_summary(t: Translator, record: Mapping[str, Any], schools: Mapping[str, SchoolFacts]) -> str:
    """One line naming a record, for pickers: its type, id and main facts."""
    kind = str(record.get("record_type"))
    head = f"{t.enum(RecordType, kind)} {record.get('record_id')}"
    facts = [value_text(t, k, record[k], kind, schools) for k in
             ("kind", "category", "title", "grade", "level", "start_date", "awarded_on", "conferred_on",
              "school_year", "departed_on", "target_id") if record.get(k) not in (None, "")]
    voided = f" [{t('entry.voided')}]" if record.get("voided_by") else ""
    return f"{head}: {t.join(facts)}{voided}"
