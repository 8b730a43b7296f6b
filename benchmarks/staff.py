"""The small world the write benchmarks work on: a home school, two host schools, and teachers
registered through the bulk path (not measured); and the posting cycle each measured command takes
part in — record a posting (交流), report for duty, return — each one command in its own
transaction, as an administrator records them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from ledger.app import Envelope, RotationLedger
from ledger.domain.commands import Command, EndPosting, RecordPosting, RegisterSchool, RegisterTeacher, ReportForDuty
from ledger.importers.bulk import BulkWriter
from ledger.importers.commands import Entry

BY = Envelope(actor="benchmark", reason="基准测试 benchmark", policy_clauses=("R-T-TENURE",),
              document_ref="县教发〔2026〕1号")
SCHOOLS = (("S-HOME", "urban", "regular", "quality"), ("S-HOST", "rural", "village", "weak"),
           ("S-HOST2", "town", "central", "ordinary"))
FIRST_DAY = date(2000, 1, 1)
CYCLE_DAYS = 30  # one posting cycle per month of recorded history


def teacher_id(prefix: str, i: int) -> str:
    return f"{prefix}-{i:06d}"


def register_staff(app: RotationLedger, prefix: str, count: int, *, with_schools: bool = False) -> list[str]:
    """Registers ``count`` teachers at S-HOME (and the schools first, once) in bulk."""
    writer = BulkWriter(app, actor="benchmark-setup", batch_events=1000)
    if with_schools:
        for school_id, area, kind, tier in SCHOOLS:
            writer.apply(Entry(school_id, RegisterSchool(
                school_id=school_id, name=f"{school_id} 学校", level="primary", area=area, kind=kind, tier=tier,
                district="城关学区", effective_date="1990-01-01"), reason="setup"))
    ids = [teacher_id(prefix, i) for i in range(count)]
    for tid in ids:
        writer.apply(Entry(tid, RegisterTeacher(
            teacher_id=tid, name="李华", gender="female", birth_date="1975-03-01", role="teacher", subject="数学",
            home_school_id="S-HOME", at_home_school_since="1998-09-01"), reason="setup"))
    writer.close()
    return ids


def cycle_days(k: int) -> tuple[str, str]:
    start = FIRST_DAY + timedelta(days=CYCLE_DAYS * k)
    return start.isoformat(), (start + timedelta(days=20)).isoformat()


def posting_body(k: int) -> dict[str, Any]:
    """The k-th posting of a teacher as the API takes it."""
    start, end = cycle_days(k)
    return {"posting_id": f"P-{k}", "kind": "support_teaching", "host_school_ids": ["S-HOST"], "start_date": start,
            "planned_end_date": end, "reason": BY.reason, "policy_clauses": list(BY.policy_clauses),
            "document_ref": BY.document_ref}


def posting(k: int, start: str, end: str) -> RecordPosting:
    return RecordPosting(posting_id=f"P-{k}", kind="support_teaching", host_school_ids=["S-HOST"], start_date=start,
                         planned_end_date=end)


def cycle_step(app: RotationLedger, tid: str, step: int) -> Any:
    """The ``step``-th command of a teacher: posting, report, return, next posting …"""
    k, phase = divmod(step, 3)
    start, end = cycle_days(k)
    if phase == 0:
        return app.execute(tid, posting(k, start, end), by=BY)
    if phase == 1:
        return app.execute(tid, ReportForDuty(posting_id=f"P-{k}", reported_on=start), by=BY)
    return app.execute(tid, EndPosting(posting_id=f"P-{k}", ended_on=end), by=BY)


def lengthen(app: RotationLedger, ids: list[str], events: int) -> int:
    """Gives each teacher about ``events`` events of history through the bulk path; returns the
    next cycle step."""
    writer = BulkWriter(app, actor="benchmark-setup", batch_events=1000)
    steps = max(0, (events - 1) // 3) * 3
    phases: list[Callable[[int, str, str], Command]] = [
        posting,
        lambda k, s, e: ReportForDuty(posting_id=f"P-{k}", reported_on=s),
        lambda k, s, e: EndPosting(posting_id=f"P-{k}", ended_on=e),
    ]
    for tid in ids:
        for step in range(steps):
            k, phase = divmod(step, 3)
            writer.apply(Entry(tid, phases[phase](k, *cycle_days(k)), reason="setup"))
    writer.close()
    return steps
