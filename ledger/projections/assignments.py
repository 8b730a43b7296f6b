"""Assignments and school rosters: where teachers belong and serve on a day, read from the
teachers view's service periods (``ledger.domain.service`` defines them once).

- **placement**: a teacher's home school, the school(s) they serve at, the posting that put them
  there and their status (``at_home`` | ``on_posting`` | ``departed``) on a day.
- **assignments**: every teacher serving on a day (optionally at given schools), with placement.
- **roster** of a school on a day: who serves there (home staff and hosted teachers), and its home
  staff who are away on postings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain.service import ServicePeriod
from ledger.projections.db import Served
from ledger.projections.writers import Writer

COVERS = "p.start_date <= %s AND (p.end_date IS NULL OR p.end_date >= %s)"
PERIOD_FIELDS = "p.uuid, p.teacher_id, p.school_id, p.start_date, p.end_date, p.role, p.home_school_id, p.posting_id"


def period_of(row: Any) -> ServicePeriod:
    return ServicePeriod(row["school_id"], date.fromisoformat(row["start_date"]),
                         date.fromisoformat(row["end_date"]) if row["end_date"] else None,
                         row["role"], row["home_school_id"], row["posting_id"])


def placement(periods: list[ServicePeriod], day: date, departed_on: str | None,
              registered_home: str | None = None) -> dict[str, Any]:
    """Where a teacher belongs and serves on ``day``, from all their service periods (by start);
    before the first period the first home counts, after the last (a departure) the last one."""
    covering = [p for p in periods if p.covers(day)]
    departed = departed_on is not None and departed_on <= day.isoformat()
    if covering:
        home = covering[0].home_school_id
    elif periods:
        home = (periods[0] if day < periods[0].start else periods[-1]).home_school_id
    else:
        home = registered_home
    posted = [p for p in covering if p.role != "home"]
    return {
        "home_school_id": home,
        "status": "departed" if departed else "on_posting" if posted else "at_home",
        "serving_school_ids": sorted({p.school_id for p in covering}),
        "posting_id": posted[0].posting_id if posted else None,
    }


def serving(period: ServicePeriod) -> dict[str, Any]:
    return {"school_id": period.school_id, "role": period.role, "posting_id": period.posting_id,
            "start": period.start.isoformat(), "end": period.end.isoformat() if period.end else None}


def teacher_periods(r: Writer, tables: Served, uuids: list[str]) -> dict[str, list[ServicePeriod]]:
    """All service periods of the given teachers, in date order."""
    condition, params = r.any_of("p.uuid", uuids)
    rows = r.query(f"SELECT {PERIOD_FIELDS} FROM {tables('teachers', 'periods')} p WHERE {condition} "
                   "ORDER BY p.uuid, p.seq", params)
    found: dict[str, list[ServicePeriod]] = {u: [] for u in uuids}
    for row in rows:
        found[row["uuid"]].append(period_of(row))
    return found


def assignments(r: Writer, tables: Served, day: date, school_ids: list[str] | None, after: str,
                limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` teachers (by id, after ``after``) serving on ``day`` (at ``school_ids``)."""
    iso = day.isoformat()
    where, params = f"{COVERS} AND p.teacher_id > %s", [iso, iso, after]
    if school_ids is not None:
        condition, values = r.any_of("p.school_id", school_ids)
        where, params = f"{where} AND {condition}", [*params, *values]
    periods = tables("teachers", "periods")
    picked = r.query(f"SELECT DISTINCT p.teacher_id FROM {periods} p WHERE {where} "
                     "ORDER BY p.teacher_id LIMIT %s", [*params, limit])
    ids = [row["teacher_id"] for row in picked]
    if not ids:
        return []
    condition, values = r.any_of("p.teacher_id", ids)
    rows = r.query(
        f"SELECT {PERIOD_FIELDS}, t.name, t.departed_on FROM {periods} p "
        f"JOIN {tables('teachers', 'teachers')} t ON t.uuid = p.uuid WHERE {condition} ORDER BY p.teacher_id, p.seq",
        values,
    )
    by_teacher: dict[str, list[Any]] = {}
    for row in rows:
        by_teacher.setdefault(row["teacher_id"], []).append(row)
    items = []
    for teacher_id in ids:
        own = by_teacher[teacher_id]
        spans = [period_of(row) for row in own]
        items.append({
            "teacher_id": teacher_id, "name": own[0]["name"],
            **placement(spans, day, own[0]["departed_on"]),
            "serving": [serving(p) for p in spans if p.covers(day)],
        })
    return items


def roster(r: Writer, tables: Served, school_id: str, day: date) -> dict[str, Any]:
    iso = day.isoformat()
    periods, teachers = tables("teachers", "periods"), tables("teachers", "teachers")
    select = f"SELECT {PERIOD_FIELDS}, t.name FROM {periods} p JOIN {teachers} t ON t.uuid = p.uuid"
    here = r.query(f"{select} WHERE p.school_id = %s AND {COVERS} ORDER BY p.teacher_id", [school_id, iso, iso])
    away = r.query(f"{select} WHERE p.home_school_id = %s AND p.role <> 'home' AND p.school_id <> %s AND {COVERS} "
                   "ORDER BY p.teacher_id, p.school_id", [school_id, school_id, iso, iso])
    members = [_member(row) for row in here]
    away_by_teacher: dict[str, dict[str, Any]] = {}
    for row in away:
        item = away_by_teacher.setdefault(row["teacher_id"], {**_member(row), "serving_school_ids": []})
        item["serving_school_ids"].append(row["school_id"])
    for item in away_by_teacher.values():
        item.pop("school_id")
    return {
        "school_id": school_id,
        "as_of": iso,
        "serving": members,
        "home_staff": [m for m in members if m["role"] == "home"],
        "hosted": [m for m in members if m["role"] != "home"],
        "home_staff_away": list(away_by_teacher.values()),
    }


def _member(row: Any) -> dict[str, Any]:
    period = period_of(row)
    return {"teacher_id": row["teacher_id"], "name": row["name"], "home_school_id": period.home_school_id,
            **serving(period)}
