"""The schools view: each school's name, level and classification timeline (from the timeline its
events carry)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from eventsourcing.persistence import Notification

from ledger.domain.school import School, SchoolFacts
from ledger.projections.db import Served, Table
from ledger.projections.writers import Writer
from ledger.projections.view import Load, View, Write, handlers


class SchoolView(View):
    name = "schools"
    VERSION = 1
    TABLES = (
        Table("schools", (("uuid", "TEXT"), ("school_id", "TEXT"), ("name", "TEXT"), ("level", "TEXT"),
                          ("timeline", "TEXT")), key=("uuid",), indexes=(("school_id",),)),
    )
    COLUMNS = TABLES[0].column_names

    def reset(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}  # uuid -> changed columns

    apply = handlers()

    @apply.register
    def _(self, event: School.SchoolRegistered, notification: Notification) -> None:
        self.rows[event.originator_id.hex] = {"school_id": event.school_id, "name": event.name,
                                              "level": event.level, "timeline": event.timeline}

    @apply.register
    def _(self, event: School.SchoolReclassified, notification: Notification) -> None:
        self.rows.setdefault(event.originator_id.hex, {})["timeline"] = event.timeline

    def prepare(self, load: Load[Any]) -> list[Write]:
        partial = [uuid for uuid, row in self.rows.items() if "school_id" not in row]
        if partial:
            for row in load(lambda r: r.select_in(f"SELECT * FROM {r.t(self.table('schools'))} WHERE uuid IN %s",
                                                  partial)):
                known = {c: row[c] for c in ("school_id", "name", "level")}
                self.rows[row["uuid"]] = {**known, **self.rows[row["uuid"]]}
        rows = [(uuid, r["school_id"], r["name"], r["level"], json.dumps(r["timeline"], ensure_ascii=False))
                for uuid, r in self.rows.items()]
        self.rows = {}
        table = self.table("schools")
        return [lambda w: w.upsert(table, self.COLUMNS, ("uuid",), rows)] if rows else []


def read_schools(r: Writer, tables: Served, school_id: str | None = None) -> dict[str, SchoolFacts]:
    where, params = ("WHERE school_id = %s", [school_id]) if school_id is not None else ("", [])
    rows = r.query(f"SELECT school_id, name, level, timeline FROM {tables('schools', 'schools')} {where} "
                   "ORDER BY school_id", params)
    return {row["school_id"]: SchoolFacts.from_dict({"school_id": row["school_id"], "name": row["name"],
                                                     "level": row["level"], "timeline": json.loads(row["timeline"])})
            for row in rows}


def school_item(facts: SchoolFacts, day: date) -> dict[str, Any]:
    """A school as JSON: who it is, its classification on ``day`` and its whole timeline."""
    return {**facts.to_dict(), "as_of": day.isoformat(), "classification": facts.on(day).to_dict()}
