"""Request bodies for a small county: two schools, a teacher, and one body per write path."""

from __future__ import annotations

from typing import Any

WHY = {"reason": "县教育局2026年度交流轮岗方案", "policy_clauses": ["R-T-TENURE"], "document_ref": "县教发〔2026〕12号"}

SCHOOLS = [
    {"school_id": "S-URBAN", "name": "城关第一小学", "area": "urban", "kind": "regular", "tier": "quality",
     "level": "primary", "district": "城关学区", "effective_date": "2000-01-01"},
    {"school_id": "S-VILLAGE", "name": "山脚村小", "area": "rural", "kind": "village", "tier": "weak",
     "level": "primary", "district": "城关学区", "effective_date": "2000-01-01"},
    {"school_id": "S-POINT", "name": "云岭教学点", "area": "rural", "kind": "teaching_point", "tier": "weak",
     "level": "primary", "effective_date": "2000-01-01"},
]
TEACHER = {"teacher_id": "T-001", "name": "李华", "gender": "female", "birth_date": "1985-03-01", "role": "teacher",
           "subject": "数学", "title": "intermediate", "title_since": "2018-09-01", "home_school_id": "S-URBAN",
           "at_home_school_since": "2015-09-01", "backbone": {"level": "county", "cycle_start": "2019-09-01"}}
POSTING = {"posting_id": "P-1", "kind": "support_teaching", "host_school_ids": ["S-VILLAGE"],
           "start_date": "2020-09-01", "planned_end_date": "2022-08-31", "transfers_personnel_relation": False}


def body(fields: dict[str, Any]) -> dict[str, Any]:
    return {**fields, **WHY}


def seed(api: Any, *, teacher: bool = True, posting: bool = False) -> None:
    """Registers the schools (and the teacher, and posting P-1) through the API."""
    for school in SCHOOLS:
        assert api.post("/v1/schools", body(school)).status_code == 201
    if teacher:
        assert api.post("/v1/teachers", body(TEACHER)).status_code == 201
    if posting:
        assert api.post("/v1/teachers/T-001/postings", body(POSTING)).status_code == 201


# Every write path, in an order that works on a county seeded with posting P-1: path, body, and a
# change that makes the same id conflict (None where every input is part of the id).
WRITES: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("/v1/schools", {**SCHOOLS[0], "school_id": "S-NEW"}, {"name": "别的名字"}),
    ("/v1/schools/S-URBAN/reclassifications",
     {"reclassification_id": "RC-1", "effective_date": "2024-09-01", "changes": {"tier": "ordinary"}},
     {"changes": {"tier": "weak"}}),
    ("/v1/teachers", {**TEACHER, "teacher_id": "T-NEW"}, {"name": "周敏"}),
    ("/v1/teachers/T-001/postings/P-1/reports", {"date": "2020-09-01"}, {"date": "2020-09-02"}),
    ("/v1/teachers/T-001/postings/P-1/extensions", {"new_end_date": "2023-08-31", "effective_date": "2022-06-01"},
     {"effective_date": "2022-06-02"}),
    ("/v1/teachers/T-001/postings/P-1/returns", {"date": "2022-08-31", "early": False}, {"date": "2022-07-31"}),
    ("/v1/teachers/T-001/postings", {**POSTING, "posting_id": "P-2", "start_date": "2024-09-01",
                                     "planned_end_date": "2025-08-31", "host_school_ids": ["S-POINT"]},
     {"kind": "paired_support"}),
    ("/v1/teachers/T-001/postings/P-2/refusals", {"date": "2024-09-05", "days_absent": 3}, None),
    ("/v1/teachers/T-001/exemptions", {"exemption_id": "E-1", "category": "family_misfortune", "approved_by": "school", "approval_ref": "校发〔2019〕1号",
                                       "start_date": "2019-01-01", "end_date": "2019-12-31"},
     {"category": "spouse_care"}),
    ("/v1/teachers/T-001/exemptions/E-1/end", {"date": "2019-06-30"}, {"date": "2019-06-29"}),
    ("/v1/teachers/T-001/awards", {"award_id": "A-1", "kind": "subsidy", "date": "2021-06-30", "posting_id": "P-1",
                                   "amount_cny": "20000.00"}, {"amount_cny": "30000"}),
    ("/v1/teachers/T-001/titles", {"title_id": "TT-1", "title": "senior", "conferred_on": "2023-09-01"},
     {"title": "full_senior"}),
    ("/v1/teachers/T-001/backbone", {"designation_id": "B-1", "level": "city", "cycle_start": "2022-09-01"},
     {"level": "province"}),
    ("/v1/teachers/T-001/backbone/revocations", {"designation_id": "B-1", "date": "2023-09-01"},
     {"date": "2023-09-02"}),
    ("/v1/teachers/T-001/evaluations", {"evaluation_id": "V-1", "school_year": 2020, "grade": "excellent",
                                        "school_id": "S-VILLAGE", "score": 88.5}, {"grade": "qualified"}),
    ("/v1/teachers/T-001/corrections", {"correction_id": "C-1", "target_id": "A-1", "action": "amend",
                                        "changes": {"amount_cny": "25000"}, "effective_date": "2021-07-01"},
     {"changes": {"amount_cny": "26000"}}),
    ("/v1/teachers/T-001/departures", {"departure_id": "D-1", "date": "2045-03-01", "kind": "retired"},
     {"kind": "resigned"}),
]
