"""The policy engine's answers as sheets: the due list, the quota report and a service record.

Each takes the answer's ``to_dict()`` (what the API returns as JSON) and lays its rows out; nothing
is evaluated again here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ledger.domain.enums import BackboneLevel, ExemptionCategory, Gender, Role
from ledger.domain.policy import DueStatus, Status, Target
from ledger.domain.school import SchoolFacts
from ledger.exporters.sheet import Sheet, Text, columns, joined

DUE_COLUMNS = columns(
    ("rank", "序号", "Rank", "number"),
    ("teacher_id", "教师编号", "Teacher id"),
    ("name", "姓名", "Name"),
    ("gender", "性别", "Gender", Gender),
    ("role", "岗位", "Role", Role),
    ("subject", "学科", "Subject"),
    ("school_id", "学校编号", "School id"),
    ("school_name", "学校", "School"),
    ("district", "学区", "District"),
    ("status", "状态", "Status", DueStatus),
    ("school_rank", "校内序号", "Rank in school", "number"),
    ("tenure_years", "任教年限", "Tenure (years)", "number"),
    ("tenure_days", "任教天数", "Tenure (days)", "number"),
    ("tenure_start", "任教起始", "Tenure since", "date"),
    ("age", "年龄", "Age", "number"),
    ("backbone_level", "骨干教师", "Backbone", BackboneLevel),
    ("exemption", "暂缓事由", "Exemption", ExemptionCategory),
    ("exemption_id", "暂缓记录", "Exemption record"),
    ("clauses", "政策条款", "Clauses"),
    ("reasons", "原因", "Reasons"),
)

SCOPES = {"county": Text("全县", "county"), "district": Text("学区", "district"), "school": Text("学校", "school")}
CHECK_KINDS = {"target": Text("目标", "target"), "cap": Text("上限", "cap")}
MET = {True: Text("达标", "met"), False: Text("未达标", "not met"), None: Text("不适用", "not applicable")}
QUOTA_COLUMNS = columns(
    ("scope", "范围", "Scope"),
    ("unit_id", "编号", "Id"),
    ("unit_name", "名称", "Name"),
    ("staff", "教师总数", "Staff", "number"),
    ("eligible", "符合交流条件", "Eligible", "number"),
    ("rotated", "已交流", "Rotated", "number"),
    ("clause", "条款", "Clause"),
    ("clause_title", "条款名称", "Clause title"),
    ("kind", "类型", "Kind"),
    ("measure", "口径", "Measure"),
    ("numerator", "人数", "Count", "number"),
    ("denominator", "基数", "Base", "number"),
    ("share", "比例", "Share", "number"),
    ("threshold", "要求比例", "Required share"),
    ("required", "要求人数", "Required count", "number"),
    ("met", "是否达标", "Met"),
    ("note", "说明", "Note"),
)

SERVICE_COLUMNS = columns(
    ("teacher_id", "教师编号", "Teacher id"),
    ("name", "姓名", "Name"),
    ("target", "评定事项", "Target", Target),
    ("as_of", "评定日期", "As of", "date"),
    ("clause", "条款", "Clause"),
    ("clause_title", "条款名称", "Clause title"),
    ("status", "结论", "Status", Status),
    ("reason", "说明", "Reason"),
    ("required_days", "要求天数", "Required days", "number"),
    ("credited_days", "累计天数", "Credited days", "number"),
    ("window_start", "计算起点", "Counted from", "date"),
    ("window_end", "计算终点", "Counted to", "date"),
    ("record_id", "依据记录", "Record"),
    ("school_id", "任教学校编号", "School id"),
    ("school_name", "任教学校", "School"),
    ("start", "开始", "Start", "date"),
    ("end", "结束", "End", "date"),
    ("item_days", "计入天数", "Days credited", "number"),
)


def districts_on(schools: Mapping[str, SchoolFacts], day: date) -> dict[str, str | None]:
    """Each school's district (学区) on a day, for the due list's district column."""
    return {school_id: facts.on(day).district for school_id, facts in schools.items()}


def due_list_sheet(school_year: int, rows: Iterable[Mapping[str, Any]],
                   district_of: Mapping[str, str | None] | None = None) -> Sheet:
    """A school year's due list: rows of ``DueList.to_dict()`` (all, or those a filter kept) in
    R-ORDER; ``district_of`` fills the district column."""
    districts = district_of or {}
    laid_out = []
    for r in rows:
        exemption = r.get("exemption") or {}
        laid_out.append({
            **r, "district": districts.get(r["school_id"]),
            "exemption": exemption.get("category"), "exemption_id": exemption.get("exemption_id"),
            "clauses": joined(r["clauses"], " "),
            "reasons": joined(f"{x['clause']}: {x['message']}" for x in r["reasons"]),
        })
    return Sheet(f"due-list-{school_year}", Text(f"{school_year}学年应交流人员名单", f"Due list {school_year}"),
                 DUE_COLUMNS, laid_out)


def quota_sheet(report: Mapping[str, Any]) -> Sheet:
    """The quota report (``QuotaReport.to_dict()``): one row per check, county first, then the
    districts and the schools."""
    units = [("county", report["county"]), *(("district", d) for d in report["districts"]),
             *(("school", s) for s in report["schools"])]
    rows = []
    for scope, unit in units:
        numbers = unit["numbers"]
        for check in unit["checks"]:
            rows.append({
                **check, "scope": SCOPES[scope], "unit_id": unit["id"], "unit_name": unit["name"],
                "staff": numbers.get("staff"), "eligible": numbers.get("eligible"), "rotated": numbers.get("rotated"),
                "clause_title": Text(check["title_zh"], check["title_en"]), "kind": CHECK_KINDS[check["kind"]],
                "met": MET[check["met"]],
            })
    year = report["school_year"]
    return Sheet(f"quota-report-{year}", Text(f"{year}学年交流比例", f"Quota report {year}"), QUOTA_COLUMNS, rows)


def service_record_sheet(record: Mapping[str, Any]) -> Sheet:
    """A service record (``ServiceRecord.to_dict()``): one row per credited period of each
    requirement (a requirement with nothing credited has one row of its own)."""
    head = {k: record[k] for k in ("teacher_id", "name", "target", "as_of")}
    rows = []
    for requirement in record["requirements"]:
        line = {**head, **requirement, "clause_title": Text(requirement["title_zh"], requirement["title_en"])}
        evidence = requirement["evidence"] or [{}]
        for item in evidence:
            rows.append({**line, "record_id": item.get("record_id"), "school_id": item.get("school_id"),
                         "school_name": item.get("school_name"), "start": item.get("start"), "end": item.get("end"),
                         "item_days": item.get("credited_days")})
    name = f"service-record-{record['teacher_id']}-{record['target']}-{record['as_of']}"
    target = Target(record["target"])
    return Sheet(name, Text(f"{record['name']} {target.zh}任职经历", f"Service record {record['teacher_id']}"),
                 SERVICE_COLUMNS, rows)
