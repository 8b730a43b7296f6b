"""Teacher history: each teacher's timeline of periods and entries (``entries.py`` builds them).

A history is not stored pre-rendered: a teacher's events are one short stream in the event store
(read by its primary key), and ``entries_of`` turns them into entries; each entry shows its record
as the teachers view holds it (voided, amended, current values) beside the service periods the
teachers view keeps. ``history_known_at`` runs the very same functions over the teacher's events as
they stood at a past moment — so the two answers can only differ by what was recorded in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson

from ledger.domain.errors import NotFoundError
from ledger.domain.service import service_periods
from ledger.domain.teacher import teacher_uuid
from ledger.projections.assignments import teacher_periods
from ledger.projections.db import Served
from ledger.projections.writers import Writer
from ledger.projections.entries import dossier_of, entries_of, profile_of, timeline, touched_records
from ledger.projections.items import recorded_at
from ledger.store import EventLedger


def read_history(r: Writer, tables: Served, events: Callable[[UUID], Iterable[Any]], teacher_id: str,
                 as_of: date | None) -> dict[str, Any]:
    """A teacher's history: entries of the teacher's events (``events`` reads a stream), with the
    teachers view's record states and service periods."""
    uuid = teacher_uuid(teacher_id)
    found = r.query(f"SELECT profile FROM {tables('teachers', 'teachers')} WHERE uuid = %s", [uuid.hex])
    if not found:
        raise NotFoundError("teacher", teacher_id)
    entries = [entry for event in events(uuid) for entry in entries_of(event)]
    states = {row["record_id"]: orjson.loads(row["state"]) for row in
              r.query(f"SELECT record_id, state FROM {tables('teachers', 'records')} WHERE uuid = %s", [uuid.hex])}
    periods = teacher_periods(r, tables, [uuid.hex])[uuid.hex]
    return timeline(orjson.loads(found[0]["profile"]), entries, states, periods, as_of)


def history_known_at(app: EventLedger, teacher_id: str, known_at: datetime, as_of: date | None) -> dict[str, Any]:
    """What the ledger said of a teacher at a past moment: the same entries, record states and
    service periods, from the teacher's events recorded up to ``known_at``."""
    events = [e for e in app.events.get(teacher_uuid(teacher_id)) if e.timestamp <= known_at]
    if not events:
        raise NotFoundError("teacher", teacher_id, "not_found.not_yet", moment=known_at)
    profile = profile_of(events[0])
    entries: list[dict[str, Any]] = []
    states: dict[str, dict[str, Any]] = {}
    for event in events:
        entries.extend(entries_of(event))
        states.update((r["record_id"], r) for r in touched_records(event))
    periods = service_periods(dossier_of(profile, states.values()))
    return {**timeline(profile, entries, states, periods, as_of), "known_at": recorded_at(known_at)}
