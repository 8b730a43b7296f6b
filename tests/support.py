"""Builders for tests: a small county and concise command helpers."""

from __future__ import annotations

from typing import Any

from ledger.app import Envelope, RotationLedger
from ledger.domain.commands import RecordPosting, RegisterSchool, RegisterTeacher

BY = Envelope(actor="personnel-office", reason="测试登记 test entry", policy_clauses=("R-T-TENURE",),
              document_ref="县教发〔2026〕1号", correlation_id="test")

SCHOOLS = [
    # id, name, area, kind, tier
    ("S-URBAN", "城关第一小学", "urban", "regular", "quality"),
    ("S-TOWN", "河口镇中心小学", "town", "central", "ordinary"),
    ("S-VILLAGE", "山脚村小", "rural", "village", "weak"),
    ("S-POINT", "云岭教学点", "rural", "teaching_point", "weak"),
    ("S-URBAN2", "城关第二小学", "urban", "regular", "ordinary"),
]


def seed_schools(app: RotationLedger) -> None:
    for school_id, name, area, kind, tier in SCHOOLS:
        app.register(RegisterSchool(school_id=school_id, name=name, level="primary", area=area, kind=kind, tier=tier,
                                    district="城关学区", effective_date="2000-01-01"), by=BY)


def teacher(app: RotationLedger, teacher_id: str = "T-001", **overrides: Any) -> Any:
    values: dict[str, Any] = dict(
        teacher_id=teacher_id, name="李华", gender="female", birth_date="1985-03-01", role="teacher",
        subject="数学", home_school_id="S-URBAN", at_home_school_since="2015-09-01",
        title="intermediate", title_since="2018-09-01",
    )
    values.update(overrides)
    return app.register(RegisterTeacher(**values), by=BY)


def posting(app: RotationLedger, teacher_id: str = "T-001", posting_id: str = "P-1", **overrides: Any) -> Any:
    values: dict[str, Any] = dict(kind="support_teaching", host_school_ids=["S-VILLAGE"], start_date="2020-09-01",
                                  planned_end_date="2022-08-31")
    values.update(overrides)
    return app.execute(teacher_id, RecordPosting(posting_id=posting_id, **values), by=BY)
