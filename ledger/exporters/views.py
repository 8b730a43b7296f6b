"""What the read model answers, as sheets: a school's roster on a day and a teacher's history.

Each takes the read model's JSON-ready answer (``ReadModel.roster``, ``ReadModel.history``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ledger.domain.enums import RecordType
from ledger.exporters.sheet import Sheet, Text, columns, joined

SERVING_ROLES = {"home": Text("本校任教", "home staff"), "hosted": Text("交流来校", "hosted"),
                 "itinerant": Text("走教", "itinerant")}
AWAY = Text("外出交流", "away on a posting")
REGISTRATION = Text("教师登记", "registration")
ROSTER_COLUMNS = columns(
    ("group", "类别", "Group"),
    ("teacher_id", "教师编号", "Teacher id"),
    ("name", "姓名", "Name"),
    ("home_school_id", "人事关系学校", "Home school"),
    ("serving_school_ids", "任教学校", "Serving at"),
    ("posting_id", "交流记录", "Posting"),
    ("start", "开始", "Start", "date"),
    ("end", "结束", "End", "date"),
)

HISTORY_COLUMNS = columns(
    ("effective_date", "生效日期", "Effective date", "date"),
    ("recorded_at", "记录时间", "Recorded at"),
    ("type", "事项", "Event"),
    ("record_type", "记录类型", "Record type", RecordType),
    ("record_id", "记录编号", "Record id"),
    ("details", "内容", "Details"),
    ("record", "当前状态", "Record now"),
    ("voided", "已作废", "Voided"),
    ("voided_by", "作废依据", "Voided by"),
    ("amended_by", "更正依据", "Amended by"),
    ("actor", "经办人", "Actor"),
    ("reason", "事由", "Reason"),
    ("policy_clauses", "政策条款", "Clauses"),
    ("document_ref", "文号", "Document"),
    ("version", "版本", "Version", "number"),
    ("event_id", "事件编号", "Event id"),
)


def roster_sheet(roster: Mapping[str, Any]) -> Sheet:
    """Who serves at a school on a day (home staff, then hosted teachers), then its staff away."""
    rows = [{**m, "group": SERVING_ROLES.get(m["role"], m["role"]), "serving_school_ids": m["school_id"]}
            for m in sorted(roster["serving"], key=lambda m: (m["role"] != "home", m["teacher_id"]))]
    rows += [{**m, "group": AWAY, "serving_school_ids": joined(m["serving_school_ids"])}
             for m in roster["home_staff_away"]]
    school, day = roster["school_id"], roster["as_of"]
    return Sheet(f"roster-{school}-{day}", Text(f"{school}在岗名册", f"Roster {school}"), ROSTER_COLUMNS, rows)


def history_sheet(history: Mapping[str, Any]) -> Sheet:
    """Every entry of a teacher's history in effective order, with the record as it stands now
    (voided and amended records marked, the correcting records named)."""
    rows = [{**e, "record_type": REGISTRATION if e["record_type"] == "teacher" else e["record_type"],
             "record": e.get("record") or None} for e in history["entries"]]
    teacher = history["teacher_id"]
    suffix = f"-{history['as_of']}" if history.get("as_of") else ""
    return Sheet(f"history-{teacher}{suffix}", Text(f"{history['name']}交流轮岗记录", f"History {teacher}"),
                 HISTORY_COLUMNS, rows)
