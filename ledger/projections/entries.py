"""Teacher history, built by pure functions that both paths share.

A history is read by running ``entries_of`` over a teacher's events (``history.py``);
``history_known_at`` runs the very same functions over the events as they stood at a past moment. Record
state is never recomputed here: events carry it (ADR 0003), and ``touched_records`` is how both
the views and the known-at path pick it up.

An entry is one thing an event recorded on a teacher's timeline: its ``type`` (the event's name),
the record it concerns (``record_type``, ``record_id`` and the id under its own name, e.g.
``posting_id``), the event's version, id, recorded time and envelope (effective date, actor,
reason, clauses, document, correlation id; as ``ledger.projections.items`` shows every event) and
``details`` (what the caller asked for, as recorded). ``with_state`` adds the
record as it stands after every correction known (``record``), ``voided`` with ``voided_by`` (the
voiding correction's id) and ``amended_by`` (the amending corrections' ids): an amended record
shows the values recorded in ``details`` and the amended ones in ``record``, and the amending
correction's own entry lists ``changes`` and ``before``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger.domain.dossier import Dossier, Profile
from ledger.domain.record_types import ID_FIELDS
from ledger.domain.records import Record
from ledger.domain.service import ServicePeriod
from ledger.domain.teacher import Teacher
from ledger.projections.items import event_item

PROFILE_FIELDS = tuple(Profile.__dataclass_fields__)
RECORD_STATES = frozenset({"record", "records", "effects"})  # shown as ``record`` by ``with_state``
# Records that decide where a teacher belongs and serves (ledger.domain.service): postings
# (transfers included) and the departure.
SERVICE_RECORD_TYPES = frozenset({"posting", "departure"})


def profile_of(event: Teacher.TeacherRegistered) -> dict[str, Any]:
    return {name: getattr(event, name) for name in PROFILE_FIELDS}


def touched_records(event: Any) -> list[dict[str, Any]]:
    """Every record state an event carries: the registration's initial records, a record event's
    record, and a correction's effects (each the record's full state afterwards)."""
    if isinstance(event, Teacher.TeacherRegistered):
        return list(event.records)
    if isinstance(event, Teacher.RecordEvent):
        return [event.record, *getattr(event, "effects", ())]
    return []


def entries_of(event: Any) -> list[dict[str, Any]]:
    """The history entries one teacher event adds (none for other events)."""
    if not isinstance(event, Teacher.TeacherRegistered | Teacher.RecordEvent):
        return []
    base = event_item(event)
    details = {k: v for k, v in base.pop("payload").items() if k not in RECORD_STATES}
    if isinstance(event, Teacher.TeacherRegistered):
        entries = [_entry(base, 0, "teacher", event.teacher_id, "teacher_id", details)]
        for seq, record in enumerate(event.records, start=1):
            entries.append(_entry(base, seq, record["record_type"], record["record_id"],
                                  ID_FIELDS[record["record_type"]], dict(record)))
        return entries
    record = event.record
    return [_entry(base, 0, record["record_type"], record["record_id"], ID_FIELDS[record["record_type"]], details)]


def _entry(base: dict[str, Any], seq: int, record_type: str, record_id: str, id_field: str,
           details: dict[str, Any]) -> dict[str, Any]:
    return {**base, "seq": seq, "record_type": record_type, "record_id": record_id, id_field: record_id,
            "details": details}


def with_state(entry: dict[str, Any], state: dict[str, Any] | None) -> dict[str, Any]:
    """The entry with its record as it stands now (see the module docstring)."""
    voided_by = state.get("voided_by") if state else None
    return {**entry, "record": state, "voided": voided_by is not None, "voided_by": voided_by,
            "amended_by": list(state.get("amended_by") or ()) if state else []}


def dossier_of(profile: dict[str, Any], records: Iterable[dict[str, Any]]) -> Dossier:
    return Dossier(Profile.from_dict(profile), {r["record_id"]: Record.from_dict(r) for r in records})


def period_dict(period: ServicePeriod) -> dict[str, Any]:
    return {"school_id": period.school_id, "start": period.start.isoformat(),
            "end": period.end.isoformat() if period.end else None, "role": period.role,
            "home_school_id": period.home_school_id, "posting_id": period.posting_id}


def timeline(profile: dict[str, Any], entries: Iterable[dict[str, Any]], states: dict[str, dict[str, Any]],
             periods: Iterable[ServicePeriod], as_of: date | None) -> dict[str, Any]:
    """A teacher's history: periods per school and every entry with its record's state. With
    ``as_of``, only what had taken effect by that day (corrections known now still apply)."""
    day = as_of.isoformat() if as_of else None
    shown = sorted(
        (with_state(e, states.get(e["record_id"]) if e["record_type"] != "teacher" else None)
         for e in entries if day is None or e["effective_date"] <= day),
        key=lambda e: (e["effective_date"], e["version"], e["seq"]),
    )
    spans = [p if as_of is None else p.clipped(as_of) for p in periods]
    return {
        "teacher_id": profile["teacher_id"],
        "name": profile["name"],
        "as_of": day,
        "periods": [period_dict(p) for p in spans if p is not None],
        "entries": shown,
    }
