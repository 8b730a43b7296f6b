"""Shapes of the policy engine's answers: the profile in force, the due list, the quota report and
the service record. Each explains itself with clause ids; fields added later pass through."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Day, Ident, WriteIn


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Reason(Open):
    clause: str
    message: str


class ProfileOut(Open):
    name: str
    version: str
    label_zh: str
    label_en: str
    sha256: str
    adoption_id: str | None
    effective_date: date | None
    source: str = Field(description="adopted | default")
    note: str


class Parameter(Open):
    name: str
    value: Any
    clauses: list[str]
    zh: str
    en: str


class PolicyOut(Open):
    on: date
    profile: ProfileOut
    parameters: list[Parameter]
    adoptions: list[ProfileOut] = Field(description="Every adoption recorded, in recording order")


class AdoptionIn(WriteIn):
    profile: str = Field(min_length=1, max_length=64, description="A shipped profile's name", examples=["default"])
    effective_date: Day
    adoption_id: Ident | None = Field(None, description="Default: <name>-<version>-<effective date>")


class DueRow(Open):
    teacher_id: str
    name: str
    role: str
    school_id: str
    school_name: str
    status: str = Field(description="must | should | deferred | excluded | on_posting | not_due")
    clauses: list[str]
    reasons: list[Reason]
    rank: int | None = Field(description="R-ORDER: place among those due in the county (longest tenure first)")
    school_rank: int | None
    tenure_years: int
    tenure_days: int
    age: int
    eligible: bool
    exemption: dict[str, Any] | None


class DueList(Open):
    school_year: int
    reference_date: date
    known_at: str | None = Field(description="As the ledger stood at this moment (null: now)")
    profile: ProfileOut
    counts: dict[str, int]
    rows: list[DueRow]


class QuotaCheck(Open):
    clause: str
    kind: str = Field(description="target | cap")
    measure: str
    numerator: int
    denominator: int
    share: float | None
    threshold: str | None
    required: int | None
    met: bool | None = Field(description="null: nothing to count")


class QuotaUnit(Open):
    id: str
    name: str
    numbers: dict[str, Any]
    checks: list[QuotaCheck]


class QuotaReport(Open):
    school_year: int
    reference_date: date
    known_at: str | None = Field(description="As the ledger stood at this moment (null: now)")
    profile: ProfileOut
    county: QuotaUnit
    schools: list[QuotaUnit]
    districts: list[QuotaUnit]


class Requirement(Open):
    clause: str
    status: str = Field(description="met | not_met | not_applicable")
    reason: str
    required_days: int | None
    credited_days: int | None
    window_start: date | None
    window_end: date | None
    evidence: list[dict[str, Any]] = Field(description="The service credited, each with the events behind it")


class ServiceRecord(Open):
    teacher_id: str
    name: str
    target: str
    as_of: date
    known_at: str | None
    profile: ProfileOut
    age: int
    title: dict[str, Any] | None
    met: bool
    requirements: list[Requirement]
    report_warnings: list[dict[str, Any]]
    departure: dict[str, Any] | None


class RankedEvaluation(Open):
    teacher_id: str
    evaluation_id: str
    grade: str
    score: str | None = Field(description="The quantified score (年度量化考核分), as decimal text")
    rank: int | None = Field(description="1 is the best; null: no score, not ranked")
    tied: bool = Field(description="Shares its score with another: the stated tie-break placed it")
    below_middle: bool = Field(description="Below the middle (R-POST-SUPERVISORY) under the profile's rule")


class EvaluationRanking(Open):
    school_id: str
    school_year: int
    evaluated: int
    ranked: int
    median: str | None
    below_middle_rule: str = Field(description="grades | median_score")
    tie_break: str
    profile: ProfileOut
    rows: list[RankedEvaluation]


class PriorityRow(Open):
    rank: int
    group: str = Field(description="incentive (a completed incentive exchange) | other")
    group_rank: int
    teacher_id: str
    incentive_posting_id: str | None
    evaluation_id: str | None
    grade: str | None
    score: str | None
    clause: str
    reason: str


class TitlePriority(Open):
    school_year: int
    evaluation_year: int = Field(description="The school year whose annual evaluations rank the applicants")
    school_id: str | None
    profile: ProfileOut
    incentive: int
    applicants: int
    rows: list[PriorityRow]
