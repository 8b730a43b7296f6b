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
from ledger.domain.glossary import field_label
from ledger.importers import cells


@dataclass(frozen=True)
class Column:
    name: str  # the English header, also the canonical name
    read: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers accepted (earlier Chinese headers among them)
    enum: type[Labelled] | None = None
    context: str | None = None  # the file, for the glossary's narrower labels

    @property
    def zh(self) -> str:
        """The Chinese header: the glossary's label of the column."""
        return field_label(self.name, "zh", self.context)

    def parse(self, value: Any) -> Any:
        return cells.choice(value, self.enum) if self.enum else self.read(value)


def _enum(name: str, enum: type[Labelled], **kw: Any) -> Column:
    return Column(name, cells.text, enum=enum, **kw)


REASON = Column("reason", cells.text, aliases=("原因",))

SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column("school_id", cells.ident, True, aliases=("学校编号", "学校代码"), context="schools"),
    Column("name", cells.text, True, aliases=("学校名称",), context="schools"),
    _enum("level", SchoolLevel, required=True, aliases=("学段",), context="schools"),
    _enum("area", Area, required=True, aliases=("区域", "城乡类别"), context="schools"),
    _enum("kind", SchoolKind, required=True, aliases=("学校类型", "类型"), context="schools"),
    _enum("tier", Tier, required=True, aliases=("办学水平", "学校层次"), context="schools"),
    Column("district", cells.text, aliases=("学区",), context="schools"),
    Column("alliance", cells.text, aliases=("联盟", "学校联盟"), context="schools"),
    Column("group", cells.text, aliases=("教育集团", "集团"), context="schools"),
    Column("effective_date", cells.day, aliases=("生效日期", "登记日期"), context="schools"),
    REASON,
)

TEACHER_COLUMNS: tuple[Column, ...] = (
    Column("teacher_id", cells.ident, True, aliases=("教师编号", "工号")),
    Column("name", cells.text, True, aliases=("姓名",)),
    _enum("gender", Gender, required=True, aliases=("性别",)),
    Column("birth_date", cells.day, True, aliases=("出生日期",)),
    _enum("role", Role, required=True, aliases=("岗位", "职务")),
    Column("subject", cells.text, aliases=("任教学科", "学科")),
    Column("home_school_id", cells.ident, True, aliases=("所在学校编号", "学校编号", "人事关系所在学校")),
    Column("at_home_school_since", cells.day, True, aliases=("到校日期", "本校任教起始日期", "到校时间")),
    _enum("title", Title, aliases=("职称",)),
    Column("title_since", cells.day, aliases=("职称取得日期", "职称取得时间")),
    _enum("backbone_level", BackboneLevel, aliases=("骨干级别",)),
    Column("backbone_cycle_start", cells.day, aliases=("骨干认定日期", "骨干认定时间")),
    REASON,
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("teacher_id", cells.ident, True, aliases=("教师编号", "工号"), context="history"),
    Column("event", cells.text, True, aliases=("事项", "事件", "类型"), context="history"),
    Column("record_id", cells.ident, True, aliases=("记录编号",), context="history"),
    Column("date", cells.day, aliases=("日期", "生效日期"), context="history"),
    Column("end_date", cells.day, aliases=("结束日期", "截止日期"), context="history"),
    Column("kind", cells.text, aliases=("类别", "方式"), context="history"),
    _enum("grade", EvaluationGrade, aliases=("考核等次", "等次"), context="history"),
    Column("school_year", cells.integer, aliases=("学年",), context="history"),
    Column("host_school_ids", cells.ids, aliases=("接收学校", "接收学校编号"), context="history"),
    Column("school_id", cells.ident, aliases=("考核学校", "考核学校编号"), context="history"),
    Column("transfer", cells.flag, aliases=("人事关系随迁", "调动"), context="history"),
    Column("early", cells.flag, aliases=("提前结束",), context="history"),
    Column("days_absent", cells.integer, aliases=("未到岗天数",), context="history"),
    Column("posting_id", cells.ident, aliases=("关联交流", "交流编号"), context="history"),
    Column("amount_cny", cells.amount, aliases=("金额", "金额（元）", "金额(元)"), context="history"),
    Column("child_birth_date", cells.day, aliases=("子女出生日期",), context="history"),
    Column("evidence_ref", cells.text, aliases=("证明材料",), context="history"),
    Column("spouse_teacher_id", cells.ident, aliases=("配偶教师编号",), context="history"),
    Column("approved_by", cells.text, aliases=("批准机关",), context="history"),
    Column("approval_ref", cells.text, aliases=("批准文号",), context="history"),
    Column("notice_from", cells.day, aliases=("公示开始日期",), context="history"),
    Column("score", cells.text, aliases=("年度量化考核分", "考核分数"), context="history"),
    Column("override_reason", cells.text, aliases=("暂缓期派遣理由",), context="history"),
    Column("target_id", cells.ident, aliases=("更正对象",), context="history"),
    Column("changes", cells.mapping, aliases=("更正内容",), context="history"),
    REASON,
    Column("policy_clauses", cells.clauses, aliases=("政策条款", "条款"), context="history"),
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
                    defaults=(("early", None),)),
    "exemption": Event("暂缓", {"record_id": "exemption_id", "kind": "category", "date": "start_date",
                                "end_date": "end_date", "child_birth_date": "child_birth_date",
                                "evidence_ref": "evidence_ref", "spouse_teacher_id": "spouse_teacher_id",
                                "approved_by": "approved_by", "approval_ref": "approval_ref",
                                "notice_from": "notice_from"},
                       ("kind", "date"), ExemptionCategory),
    "exemption_end": Event("暂缓结束", {"record_id": "exemption_id", "date": "ended_on"}, ("date",)),
    "award": Event("激励", {"record_id": "award_id", "kind": "kind", "date": "awarded_on", "posting_id": "posting_id",
                            "amount_cny": "amount_cny"}, ("kind", "date"), AwardKind),
    "evaluation": Event("考核", {"record_id": "evaluation_id", "school_year": "school_year", "grade": "grade",
                                 "school_id": "school_id", "score": "score"}, ("school_year", "grade", "school_id")),
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
