"""A policy profile (政策参数): every parameter the rulebook names, each with the clause ids it serves.

Profiles ship as TOML files (``ledger/profiles/*.toml``); this module parses their text (no I/O)
and the parameters an adoption event carries. Adopting a profile is an event with an effective
date (``ledger.domain.policy_book``); every evaluation uses the profile in force on the date it
evaluates, and says which one it used (``ProfileInForce``).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.dates import DAYS_PER_YEAR
from ledger.domain.dossier import Limits
from ledger.domain.enums import BelowMiddle, EvaluationGrade, Labelled, PostingKind, Role
from ledger.domain.errors import InvalidInput
from ledger.domain.messages import Message, field_term
from ledger.domain.values import Checks

HEADER = ("name", "version", "label_zh", "label_en")


def param(*clauses: str, zh: str, en: str, **default: Any) -> Any:
    """A profile parameter, with the clause ids it serves and what it means. Parameters added after
    the first profiles were adopted carry the rulebook's ``default``, so that older adoption events
    still read (a profile file must still give every parameter)."""
    return field(metadata={"clauses": clauses, "zh": zh, "en": en}, **default)


@dataclass(frozen=True)
class PolicyProfile:
    name: str
    version: str
    label_zh: str
    label_en: str

    teacher_should_years: int = param("R-T-TENURE", zh="教师同校任教满此年限应交流", en="years at one school after which a teacher should rotate")
    teacher_must_years: int = param("R-T-TENURE", zh="教师同校任教满此年限必须交流", en="years at one school after which a teacher must rotate")
    principal_term_years: int = param("R-P-TENURE", zh="校长每届任期年数", en="years in one leadership term")
    principal_should_terms: int = param("R-P-TENURE", zh="同校任满此届数应交流", en="terms at one school after which a leader should rotate")
    principal_must_terms: int = param("R-P-TENURE", zh="同校任满此届数必须交流", en="terms at one school after which a leader must rotate")
    age_exempt_male: int = param("R-T-AGE", zh="男教师不作为交流对象的年龄", en="age from which male teachers are not rotation subjects")
    age_exempt_female: int = param("R-T-AGE", zh="女教师不作为交流对象的年龄", en="age from which female teachers are not rotation subjects")
    principal_retirement_margin_years: int = param("R-P-RETIRE", zh="距法定退休不足此年数的校长可不交流", en="leaders closer than this to retirement need not rotate")
    retirement_age_male: int = param("R-P-RETIRE", zh="男性法定退休年龄", en="statutory retirement age, men")
    retirement_age_female: int = param("R-P-RETIRE", zh="女性法定退休年龄", en="statutory retirement age, women")
    tenure_reset_kinds: tuple[PostingKind, ...] = param("R-TENURE-RESET", zh="期满返回后任职年限重新计算的交流方式", en="posting kinds whose completion restarts tenure")
    project_deferral_max_years: int = param("R-EX-PROJECT", zh="特色项目负责人暂缓交流累计上限(年)", en="most years a project lead may defer, in total")
    excluded_roles: tuple[Role, ...] = param("R-EX-ROLE", zh="不列入交流的岗位", en="roles the county excludes from rotation")
    excluded_subjects: tuple[str, ...] = param("R-EX-ROLE", zh="不列入交流的学科", en="subjects the county excludes from rotation")
    report_warning_days: int = param("R-POST-REPORT", zh="逾期未到岗给予警告的天数", en="days absent after which a failure to report earns a warning")
    report_resign_days: int = param("R-POST-REPORT", zh="逾期未到岗按自动离职处理的天数", en="days absent beyond which the teacher is treated as having left")
    county_min_share: Decimal = param("R-Q-COUNTY", zh="全县年度交流比例下限", en="least share of the county's teachers rotating each year")
    school_min_share: Decimal = param("R-Q-SCHOOL", zh="学校年度交流比例下限", en="least share of a school's staff it sends each year")
    school_min_count: int = param("R-Q-SCHOOL", zh="学校年度交流人数下限", en="least number of teachers a school sends each year")
    urban_min_share_of_eligible: Decimal = param("R-Q-URBAN", zh="城区和优质学校交流比例下限(占符合条件教师)", en="least share of their eligible teachers urban and quality schools send")
    backbone_min_share: Decimal = param("R-Q-BACKBONE", zh="骨干教师占交流人数比例下限", en="least share of backbone teachers among those rotated")
    leaders_max_share: Decimal = param("R-Q-LEADERS", zh="领导班子年度交流比例上限", en="largest share of a leadership team rotating in one year")
    district_backbone_min_share: Decimal = param("R-Q-DISTRICT", zh="学区骨干教师参加学区交流比例下限", en="least share of a district's backbone teachers in district exchange each year")
    village_service_years: int = param("R-TITLE-VILLAGE", zh="评中级、副高级职称须有的村小任教年限", en="years of village service for an intermediate or senior title")
    designated_village_school_ids: tuple[str, ...] = param("R-TITLE-VILLAGE", "R-GRADE-STEP", zh="视同村小的指定学校", en="schools the county designates as village service")
    title_age_exempt_male: int = param("R-TITLE-VILLAGE", "R-GRADE-STEP", zh="男教师免村小经历要求的年龄", en="age from which men are exempt from village service")
    title_age_exempt_female: int = param("R-TITLE-VILLAGE", "R-GRADE-STEP", zh="女教师免村小经历要求的年龄", en="age from which women are exempt from village service")
    incentive_exchange_years: int = param("R-TITLE-INCENTIVE", zh="评职称须有的奖励性交流年限", en="years of incentive exchange for an intermediate or senior title")
    grade_step_village_years: int = param("R-GRADE-STEP", zh="晋升薪级须有的村小任教年限", en="years of village service for a salary grade step")
    leader_rural_age_under: int = param("R-LEADER-RURAL", zh="须有农村任职经历的校长年龄上限(不含)", en="leaders under this age need rural service for first- or special-grade rating")
    leader_rural_service_years: int = param("R-LEADER-RURAL", zh="校长评级须有的农村任职年限", en="years of rural service a leader needs for first- or special-grade rating")
    exemption_notice_days: int = param("R-EX-NOTICE", zh="孕期、哺乳期、疾病暂缓在校公示天数", en="days a pregnancy, nursing or illness deferral is publicly notified at the school before it takes effect", default=5)
    same_level_only: bool = param("R-PROG-LEVEL", zh="只在同学段学校之间交流", en="rotation only between schools of the same level, unless a reason is given", default=True)
    incentive_per_school: int = param("R-PROG-INCENTIVE", zh="每校每年奖励性交流人数上限", en="most teachers per school per year in incentive exchange", default=1)
    supervisory_share: Decimal = param("R-PROG-SUPERVISORY", zh="督促性交流对象占学校考核人数比例(四舍五入, 至少1人)", en="share of a school's evaluated staff selected for supervisory exchange (rounded half up, at least 1)", default=Decimal("0.05"))
    notice_days: int = param("R-PROG-NOTICE", zh="方案公示天数", en="days the approved programme is publicly notified before it takes effect", default=5)
    principal_deadline: str = param("R-PROG-PRINCIPALS", zh="校长交流到位期限(月-日)", en="day of the year (MM-DD) by which principals' rotations are in place", default="08-10")
    filing_days: int = param("R-PROG-FILE", zh="交流完成后报备期限(天)", en="days after the year's rotation is complete within which the programme is filed", default=30)
    phasing_years: int = param("R-PROG-PHASED", zh="分年度交流的年限", en="years over which a school may spread the rotation of those past the must-rotate tenure", default=3)
    below_middle_grades: tuple[EvaluationGrade, ...] = param("R-POST-SUPERVISORY", zh="视为中游以下的考核等次", en="evaluation grades that count as below the middle", default=(EvaluationGrade.BASICALLY_QUALIFIED, EvaluationGrade.UNQUALIFIED))
    below_middle_rule: BelowMiddle = param("R-POST-SUPERVISORY", zh="中游以下的判定方式(按等次, 或低于学校中位分)", en="what is below the middle: the grades above, or a score below the evaluating school's median", default=BelowMiddle.GRADES)
    key_post_years: int = param("R-PROG-KEYPOST", zh="关键岗位同岗任职满此年限须交流", en="years in the same key post after which a vice principal or middle manager rotates", default=6)

    # ------------------------------------------------------------------ derived values
    @property
    def leader_should_years(self) -> int:
        return self.principal_term_years * self.principal_should_terms

    @property
    def leader_must_years(self) -> int:
        return self.principal_term_years * self.principal_must_terms

    def limits(self) -> Limits:
        """The parameters the command invariants need (``Dossier.check``)."""
        return Limits(
            project_deferral_max_days=self.project_deferral_max_years * DAYS_PER_YEAR,
            report_warning_days=self.report_warning_days,
            report_resign_days=self.report_resign_days,
            leaders_max_share=self.leaders_max_share,
            below_middle_rule=self.below_middle_rule,
            below_middle_grades=self.below_middle_grades,
        )

    def header(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in HEADER}

    def parameters(self) -> dict[str, Any]:
        """Every parameter's value, JSON-native (as an adoption event carries them)."""
        return {f.name: json_native(getattr(self, f.name)) for f in PARAMETERS}

    def clauses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for f in PARAMETERS for c in f.metadata["clauses"]))

    def describe(self) -> list[dict[str, Any]]:
        """Each parameter with its value, clause ids and meaning — for showing the rules in force."""
        return [
            {"name": f.name, "value": json_native(getattr(self, f.name)), "clauses": list(f.metadata["clauses"]),
             "zh": f.metadata["zh"], "en": f.metadata["en"]}
            for f in PARAMETERS
        ]


PARAMETERS: tuple[dataclasses.Field[Any], ...] = tuple(
    f for f in dataclasses.fields(PolicyProfile) if "clauses" in f.metadata
)
_ENUM_LISTS: dict[str, type[Labelled]] = {"tuple[PostingKind, ...]": PostingKind, "tuple[Role, ...]": Role,
                                           "tuple[EvaluationGrade, ...]": EvaluationGrade}
_ENUMS: dict[str, type[Labelled]] = {"BelowMiddle": BelowMiddle}


@dataclass(frozen=True)
class ProfileInForce:
    """The profile an evaluation used: adopted (with the adoption's id and effective date), or the
    shipped default when no adoption is recorded for the date."""

    profile: PolicyProfile
    sha256: str
    adoption_id: str | None = None
    effective_date: date | None = None
    recorded_at: datetime | None = None

    @property
    def is_default(self) -> bool:
        return self.adoption_id is None

    def note(self) -> Message:
        """Where the profile comes from: the shipped default, or which adoption since when."""
        return (Message("profile.default_applies") if self.is_default else
                Message("profile.adopted_by", adoption=self.adoption_id, since=self.effective_date))

    def to_dict(self) -> dict[str, Any]:
        note = self.note()
        return {
            **self.profile.header(),
            "sha256": self.sha256,
            "adoption_id": self.adoption_id,
            "effective_date": json_native(self.effective_date),
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "source": "default" if self.is_default else "adopted",
            "note": note.render(),
            "note_code": note.code,
        }


# --------------------------------------------------------------------------- parsing
def profile_from_toml(text: str) -> PolicyProfile:
    """Parses a profile file: a header and ``[parameters]`` of ``{ value = …, clauses = [...] }``."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput.one("profile", "profile.not_toml", error=str(error)) from None
    c = Checks()
    entries = document.get("parameters")
    if not isinstance(entries, dict):
        c.fail("parameters", "profile.parameters_table")
        entries = {}
    values: dict[str, Any] = {}
    for f in PARAMETERS:
        label = f"parameters.{f.name}"
        entry = entries.get(f.name)
        if not isinstance(entry, dict) or "value" not in entry:
            c.fail(label, "profile.parameter_missing")
            continue
        if list(entry.get("clauses") or []) != list(f.metadata["clauses"]):
            c.fail(f"{label}.clauses", "profile.parameter_clauses", clauses=list(f.metadata["clauses"]))
        values[f.name] = entry["value"]
    for name in entries.keys() - {f.name for f in PARAMETERS}:
        c.fail(f"parameters.{name}", "profile.not_a_parameter")
    return _build(c, document, values)


def profile_from_parameters(header: Mapping[str, Any], values: Mapping[str, Any]) -> PolicyProfile:
    """Rebuilds a profile from an adoption event's header and JSON-native parameters (a parameter
    added to the rulebook after the adoption was recorded keeps the rulebook's default)."""
    return _build(Checks(), header, values)


def _build(c: Checks, header: Mapping[str, Any], values: Mapping[str, Any]) -> PolicyProfile:
    head = {
        "name": c.ident("name", header.get("name")),
        "version": c.text("version", header.get("version"), max_len=40) or "",
        "label_zh": c.text("label_zh", header.get("label_zh")) or "",
        "label_en": c.text("label_en", header.get("label_en")) or "",
    }
    parsed = {f.name: _value(c, f"parameters.{f.name}", str(f.type), values[f.name])
              for f in PARAMETERS if f.name in values}
    c.done()
    profile = PolicyProfile(**head, **parsed)
    _check_consistency(c, profile)
    c.done()
    return profile


def _value(c: Checks, label: str, kind: str, value: Any) -> Any:
    if kind == "int":
        return c.integer(label, value, lo=0, hi=200)
    if kind == "bool":
        return c.boolean(label, value)
    if kind == "str":
        return c.month_day(label, value)
    if kind in _ENUMS:
        return c.enum(label, _ENUMS[kind], value)
    if kind == "Decimal":
        try:
            share = Decimal(str(value)) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite() or not 0 <= share <= 1:
            c.fail(label, "profile.share")
        return share
    if not isinstance(value, list):
        c.fail(label, "profile.list")
        return ()
    if kind in _ENUM_LISTS:
        return tuple(c.enum(f"{label}[{i}]", _ENUM_LISTS[kind], v) for i, v in enumerate(value))
    return tuple(c.text(f"{label}[{i}]", v) for i, v in enumerate(value))


def _check_consistency(c: Checks, p: PolicyProfile) -> None:
    if p.teacher_should_years > p.teacher_must_years:
        c.fail("parameters.teacher_should_years", "profile.not_above", other=field_term("teacher_must_years"), clause="R-T-TENURE")
    if p.principal_should_terms > p.principal_must_terms:
        c.fail("parameters.principal_should_terms", "profile.not_above", other=field_term("principal_must_terms"), clause="R-P-TENURE")
    if p.principal_term_years < 1:
        c.fail("parameters.principal_term_years", "profile.at_least_one", clause="R-P-TENURE")
    if p.report_warning_days >= p.report_resign_days:
        c.fail("parameters.report_warning_days", "profile.below", other=field_term("report_resign_days"), clause="R-POST-REPORT")
