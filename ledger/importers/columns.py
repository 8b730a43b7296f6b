"""The import file formats: the columns of the schools, teachers and history files, each with its
English and Chinese header (either is accepted, in any order), and for history rows which columns
each kind of event (事项) uses. docs/IMPORT.md describes the same tables for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledger.domain.enums import (
    Area,
    AwardKind,
    BackboneLevel,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    Gender,
    Labelled,
    PostingKind,
    Role,
    SchoolKind,
    SchoolLevel,
    Tier,
    Title,
)
from ledger.importers import cells


@dataclass(frozen=True)
class Column:
    name: str  # the English header, also the canonical name
    zh: str  # the Chinese header
    read: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: type[Labelled] | None = None

    def parse(self, value: Any) -> Any:
        return cells.choice(value, self.enum) if self.enum else self.read(value)


def _enum(name: str, zh: str, enum: type[Labelled], **kw: Any) -> Column:
    return Column(name, zh, cells.text, enum=enum, **kw)


REASON = Column("reason", "事由", cells.text, aliases=("原因",))

SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column("school_id", "学校编号", cells.ident, True, ("学校代码",)),
    Column("name", "学校名称", cells.text, True),
    _enum("level", "学段", SchoolLevel, required=True),
    _enum("area", "区域", Area, required=True, aliases=("城乡类别",)),
    _enum("kind", "学校类型", SchoolKind, required=True, aliases=("类型",)),
    _enum("tier", "办学水平", Tier, required=True, aliases=("学校层次",)),
    Column("district", "学区", cells.text),
    Column("alliance", "联盟", cells.text, aliases=("学校联盟",)),
    Column("group", "教育集团", cells.text, aliases=("集团",)),
    Column("effective_date", "生效日期", cells.day, aliases=("登记日期",)),
    REASON,
)

TEACHER_COLUMNS: tuple[Column, ...] = (
    Column("teacher_id", "教师编号", cells.ident, True, ("工号",)),
    Column("name", "姓名", cells.text, True),
    _enum("gender", "性别", Gender, required=True),
    Column("birth_date", "出生日期", cells.day, True),
    _enum("role", "岗位", Role, required=True, aliases=("职务",)),
    Column("subject", "任教学科", cells.text, aliases=("学科",)),
    Column("home_school_id", "所在学校编号", cells.ident, True, ("学校编号", "人事关系所在学校")),
    Column("at_home_school_since", "到校日期", cells.day, True, ("本校任教起始日期", "到校时间")),
    _enum("title", "职称", Title),
    Column("title_since", "职称取得日期", cells.day, aliases=("职称取得时间",)),
    _enum("backbone_level", "骨干级别", BackboneLevel),
    Column("backbone_cycle_start", "骨干认定日期", cells.day, aliases=("骨干认定时间",)),
    REASON,
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("teacher_id", "教师编号", cells.ident, True, ("工号",)),
    Column("event", "事项", cells.text, True, ("事件", "类型")),
    Column("record_id", "记录编号", cells.ident, True),
    Column("date", "日期", cells.day, aliases=("生效日期",)),
    Column("end_date", "结束日期", cells.day, aliases=("截止日期",)),
    Column("kind", "类别", cells.text, aliases=("方式",)),
    _enum("grade", "考核等次", EvaluationGrade, aliases=("等次",)),
    Column("school_year", "学年", cells.integer),
    Column("host_school_ids", "接收学校", cells.ids, aliases=("接收学校编号",)),
    Column("school_id", "考核学校", cells.ident, aliases=("考核学校编号",)),
    Column("transfer", "人事关系随迁", cells.flag, aliases=("调动",)),
    Column("early", "提前结束", cells.flag),
    Column("days_absent", "未到岗天数", cells.integer),
    Column("posting_id", "关联交流", cells.ident, aliases=("交流编号",)),
    Column("amount_cny", "金额", cells.amount, aliases=("金额（元）", "金额(元)")),
    Column("child_birth_date", "子女出生日期", cells.day),
    Column("evidence_ref", "证明材料", cells.text),
    Column("spouse_teacher_id", "配偶教师编号", cells.ident),
    Column("override_reason", "暂缓期派遣理由", cells.text),
    Column("target_id", "更正对象", cells.ident),
    Column("changes", "更正内容", cells.mapping),
    REASON,
    Column("policy_clauses", "政策条款", cells.clauses, aliases=("条款",)),
)


@dataclass(frozen=True)
class Event:
    """A kind of history row: its Chinese name, which column feeds which command field, the
    columns it needs, the enum its ``kind`` column holds, and field defaults."""

    zh: str
    fields: dict[str, str]  # column → command field
    needs: tuple[str, ...]
    kind_enum: type[Labelled] | None = None
    defaults: tuple[tuple[str, Any], ...] = ()


EVENTS: dict[str, Event] = {
    "posting": Event("交流", {"record_id": "posting_id", "kind": "kind", "host_school_ids": "host_school_ids",
                              "date": "start_date", "end_date": "planned_end_date",
                              "transfer": "transfers_personnel_relation", "override_reason": "override_exemption_reason"},
                     ("kind", "host_school_ids", "date"), PostingKind,
                     (("planned_end_date", None), ("transfers_personnel_relation", False))),
    "report": Event("报到", {"record_id": "posting_id", "date": "reported_on"}, ("date",)),
    "refusal": Event("未报到", {"record_id": "posting_id", "date": "failed_on", "days_absent": "days_absent"},
                     ("date", "days_absent")),
    "extension": Event("延期", {"record_id": "posting_id", "end_date": "new_end_date", "date": "effective_date"},
                       ("end_date", "date")),
    "return": Event("返回", {"record_id": "posting_id", "date": "ended_on", "early": "early"}, ("date",),
                    defaults=(("early", False),)),
    "exemption": Event("暂缓", {"record_id": "exemption_id", "kind": "category", "date": "start_date",
                                "end_date": "end_date", "child_birth_date": "child_birth_date",
                                "evidence_ref": "evidence_ref", "spouse_teacher_id": "spouse_teacher_id"},
                       ("kind", "date"), ExemptionCategory),
    "exemption_end": Event("暂缓结束", {"record_id": "exemption_id", "date": "ended_on"}, ("date",)),
    "award": Event("激励", {"record_id": "award_id", "kind": "kind", "date": "awarded_on", "posting_id": "posting_id",
                            "amount_cny": "amount_cny"}, ("kind", "date"), AwardKind),
    "evaluation": Event("考核", {"record_id": "evaluation_id", "school_year": "school_year", "grade": "grade",
                                 "school_id": "school_id"}, ("school_year", "grade", "school_id")),
    "title": Event("职称", {"record_id": "title_id", "kind": "title", "date": "conferred_on"}, ("kind", "date"), Title),
    "backbone": Event("骨干认定", {"record_id": "designation_id", "kind": "level", "date": "cycle_start",
                                   "end_date": "cycle_end"}, ("kind", "date"), BackboneLevel,
                      (("cycle_end", None),)),
    "backbone_revoked": Event("骨干撤销", {"record_id": "designation_id", "date": "revoked_on"}, ("date",)),
    "departure": Event("离岗", {"record_id": "departure_id", "date": "departed_on", "kind": "kind"}, ("date", "kind"),
                       DepartureKind),
    "void": Event("作废", {"record_id": "correction_id", "target_id": "target_id", "date": "effective_date"},
                  ("target_id", "date")),
    "amend": Event("更正", {"record_id": "correction_id", "target_id": "target_id", "changes": "changes",
                            "date": "effective_date"}, ("target_id", "changes", "date")),
}
EVENT_NAMES: dict[str, str] = {**{name: name for name in EVENTS}, **{e.zh: name for name, e in EVENTS.items()}}

SPECS: dict[str, tuple[Column, ...]] = {"schools": SCHOOL_COLUMNS, "teachers": TEACHER_COLUMNS,
                                         "history": HISTORY_COLUMNS}
KINDS = tuple(SPECS)  # the three import files, in the order they are imported
DEFAULT_REASONS = {"schools": "导入学校 school imported", "teachers": "导入教师 teacher imported",
                   "history": "导入历史记录 history imported"}


def normalise(header: Any) -> str:
    """A header cell as compared: trimmed, without required-markers (*), case-folded."""
    text = "" if header is None else str(header)
    return text.replace("\ufeff", "").strip().strip("*＊").strip().casefold().replace(" ", "_")


def header_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in columns:
        for label in (column.name, column.zh, *column.aliases):
            index[normalise(label)] = column
    return index
