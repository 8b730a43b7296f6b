"""What the read model answers, as sheets: a school's roster on a day and a teacher's history.

Each takes the read model's JSON-ready answer (``ReadModel.roster``, ``ReadModel.history``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ledger.domain.enums import RecordType
from ledger.domain.messages import Message
from ledger.exporters.sheet import Fields, Sheet, columns, joined

SERVING_ROLES = {"home": Message("roster.home"), "hosted": Message("roster.hosted"),
                 "itinerant": Message("roster.itinerant")}
AWAY = Message("roster.away")
REGISTRATION = Message("history.registration")
ROSTER_COLUMNS = columns(
    "group", "teacher_id", "name", "home_school_id", "serving_school_ids", "posting_id", ("start", "date"),
    ("end", "date"), context="roster",
)

HISTORY_COLUMNS = columns(
    ("effective_date", "date"), "recorded_at", "type", ("record_type", RecordType), "record_id", "details", "record",
    "voided", "voided_by", "amended_by", "actor", "reason", "policy_clauses", "document_ref", ("version", "number"),
    "event_id", context="history",
)
HISTORY_PRINTED = ("effective_date", "record_type", "record_id", "details", "voided", "actor", "reason",
                   "policy_clauses", "document_ref")


def roster_sheet(roster: Mapping[str, Any]) -> Sheet:
    """Who serves at a school on a day (home staff, then hosted teachers), then its staff away."""
    rows = [{**m, "group": SERVING_ROLES.get(m["role"], m["role"]), "serving_school_ids": m["school_id"]}
            for m in sorted(roster["serving"], key=lambda m: (m["role"] != "home", m["teacher_id"]))]
    rows += [{**m, "group": AWAY, "serving_school_ids": joined(m["serving_school_ids"])}
             for m in roster["home_staff_away"]]
    school, day = roster["school_id"], roster["as_of"]
    return Sheet(f"roster-{school}-{day}", Message("sheet.roster", school=school), ROSTER_COLUMNS, rows)


def history_sheet(history: Mapping[str, Any]) -> Sheet:
    """Every entry of a teacher's history in effective order, with the record as it stands now
    (voided and amended records marked, the correcting records named)."""
    rows = [{**e, "record_type": REGISTRATION if e["record_type"] == "teacher" else e["record_type"],
             "details": Fields(e["details"] or {}, e["record_type"]),
             "record": Fields(e["record"], e["record_type"]) if e.get("record") else None} for e in history["entries"]]
    teacher = history["teacher_id"]
    suffix = f"-{history['as_of']}" if history.get("as_of") else ""
    return Sheet(f"history-{teacher}{suffix}", Message("sheet.history", name=history["name"], teacher=teacher),
                 HISTORY_COLUMNS, rows, HISTORY_PRINTED)
