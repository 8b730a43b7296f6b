"""The policy engine's answers as sheets: the due list, the quota report and a service record.

Each takes the answer itself and lays its rows out (the values its ``to_dict()`` gives the API, its
messages in the file's language); nothing is evaluated again here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ledger.domain.enums import BackboneLevel, EvaluationGrade, ExemptionCategory, Gender, Role
from ledger.domain.messages import Message, Term
from ledger.domain.policy import DueRow, DueStatus, QuotaReport, ServiceRecord, Status, Target
from ledger.domain.policy.priority import TitlePriority
from ledger.domain.school import SchoolFacts
from ledger.exporters.sheet import Sheet, Text, columns, joined

DUE_COLUMNS = columns(
    ("rank", "number"), "teacher_id", "name", ("gender", Gender), ("role", Role), "subject", "school_id",
    "school_name", "district", ("status", DueStatus), ("school_rank", "number"), ("tenure_years", "number"),
    ("tenure_days", "number"), ("tenure_start", "date"), ("age", "number"), ("backbone_level", BackboneLevel),
    ("exemption", ExemptionCategory), "exemption_id", "clauses", "reasons", context="due",
)
DUE_PRINTED = ("rank", "teacher_id", "name", "gender", "school_name", "subject", "status", "tenure_years",
               "exemption", "clauses")

SCOPES = {"county": Message("word.county"), "district": Message("word.district"), "school": Message("word.school")}
CHECK_KINDS = {"target": Message("quota.target"), "cap": Message("quota.cap")}
MET = {True: Message("quota.met"), False: Message("quota.not_met"), None: Message("quota.not_applicable")}
QUOTA_COLUMNS = columns(
    "scope", "unit_id", "unit_name", ("staff", "number"), ("eligible", "number"), ("rotated", "number"), "clause",
    "clause_title", "kind", "measure", ("numerator", "number"), ("denominator", "number"), ("share", "number"),
    "threshold", ("required", "number"), "bound", "met", "note", context="quota",
)
QUOTA_PRINTED = ("scope", "unit_name", "clause", "clause_title", "measure", "numerator", "denominator", "share", "bound", "met")
BOUNDS = {"target": "quota.at_least", "cap": "quota.at_most"}

SERVICE_COLUMNS = columns(
    "teacher_id", "name", ("target", Target), ("as_of", "date"), "clause", "clause_title", ("status", Status),
    "reason", ("required_days", "number"), ("credited_days", "number"), ("window_start", "date"),
    ("window_end", "date"), "record_id", "school_id", "school_name", ("start", "date"), ("end", "date"),
    ("item_days", "number"), context="service",
)
SERVICE_PRINTED = ("clause", "clause_title", "status", "required_days", "credited_days", "school_name", "start", "end",
                   "item_days")


def districts_on(schools: Mapping[str, SchoolFacts], day: date) -> dict[str, str | None]:
    """Each school's district (学区) on a day, for the due list's district column."""
    return {school_id: facts.on(day).district for school_id, facts in schools.items()}


def due_list_sheet(school_year: int, rows: Iterable[DueRow],
                   district_of: Mapping[str, str | None] | None = None) -> Sheet:
    """A school year's due list: its rows (all, or those a filter kept) in R-ORDER, each reason in
    the file's language; ``district_of`` fills the district column."""
    districts = district_of or {}
    laid_out = []
    for row in rows:
        r = row.to_dict()
        exemption = r.get("exemption") or {}
        laid_out.append({
            **r, "district": districts.get(r["school_id"]),
            "exemption": exemption.get("category"), "exemption_id": exemption.get("exemption_id"),
            "clauses": joined(r["clauses"], " "),
            "reasons": [Message("export.reason", clause=x.clause, message=x.msg) for x in row.reasons],
        })
    return Sheet(f"due-list-{school_year}", Message("sheet.due_list", year=school_year),
                 DUE_COLUMNS, laid_out, DUE_PRINTED)


def quota_sheet(report: QuotaReport) -> Sheet:
    """The quota report: one row per check, county first, then the districts and the schools."""
    units = [("county", report.county), *(("district", d) for d in report.districts),
             *(("school", s) for s in report.schools)]
    rows = []
    for scope, unit in units:
        numbers = unit.numbers
        for check in unit.checks:
            rows.append({
                **check.to_dict(), "scope": SCOPES[scope], "unit_id": unit.unit_id,
                "unit_name": SCOPES[scope] if scope == "county" else unit.name,
                "staff": numbers.get("staff"), "eligible": numbers.get("eligible"), "rotated": numbers.get("rotated"),
                "clause_title": Term("clause", check.clause), "kind": CHECK_KINDS[check.kind], "measure": check.what,
                "note": check.note, "met": MET[check.met],
                "bound": None if check.required is None else
                Message("quota.all" if check.summary else BOUNDS[check.kind], n=check.required),
            })
    year = report.school_year
    return Sheet(f"quota-report-{year}", Message("sheet.quotas", year=year), QUOTA_COLUMNS, rows, QUOTA_PRINTED)


PRIORITY_COLUMNS = columns(
    ("rank", "number"), "group", ("group_rank", "number"), "teacher_id", "name", "school_id",
    "incentive_posting_id", ("incentive_ended_on", "date"), "evaluation_id", ("grade", EvaluationGrade), "score",
    "reason", context="priority",
)
GROUPS = {"incentive": Message("priority_group.incentive"), "other": Message("priority_group.other")}


def title_priority_sheet(answer: TitlePriority) -> Sheet:
    """R-INCENTIVE-PRIORITY: the title applicants of a school year in the order they claim the quota."""
    rows = [{**r.to_dict(), "group": GROUPS["incentive" if r.incentive else "other"], "reason": r.reason.msg}
            for r in answer.rows]
    scope = f"-{answer.school_id}" if answer.school_id else ""
    return Sheet(f"title-priority-{answer.school_year}{scope}", Message("sheet.title_priority", year=answer.school_year),
                 PRIORITY_COLUMNS, rows)


def service_record_sheet(answer: ServiceRecord) -> Sheet:
    """A service record: one row per credited period of each requirement (a requirement with
    nothing credited has one row of its own)."""
    record = answer.to_dict()
    head = {k: record[k] for k in ("teacher_id", "name", "target", "as_of")}
    rows = []
    for requirement, kept in zip(record["requirements"], answer.requirements, strict=True):
        line = {**head, **requirement, "clause_title": Term("clause", kept.clause), "reason": kept.reason}
        evidence = requirement["evidence"] or [{}]
        for item in evidence:
            rows.append({**line, "record_id": item.get("record_id"), "school_id": item.get("school_id"),
                         "school_name": item.get("school_name"), "start": item.get("start"), "end": item.get("end"),
                         "item_days": item.get("credited_days")})
    name = f"service-record-{record['teacher_id']}-{record['target']}-{record['as_of']}"
    target = Target(record["target"])
    return Sheet(name, Message("sheet.service_record", name=record["name"], teacher=record["teacher_id"], target=target),
                 SERVICE_COLUMNS, rows, SERVICE_PRINTED)
