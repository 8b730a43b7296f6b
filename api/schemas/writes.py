"""Request bodies of the writes: registrations, records on a teacher, corrections.

Field names are the API contract HR systems build on; each body also carries the write envelope
(``reason``, ``policy_clauses``, ``document_ref``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas.common import Closed, Day, Ident, ShortText, WriteIn
from ledger.domain.enums import (
    Area,
    AwardKind,
    BackboneLevel,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    Gender,
    PostingKind,
    Role,
    SchoolKind,
    SchoolLevel,
    Tier,
    Title,
)

OptionalText = Annotated[str | None, Field(max_length=100)]
Amount = Annotated[
    str | int,
    Field(description="CNY as a decimal string with at most two places, or an integer", examples=["20000.00"]),
]


# ---------------------------------------------------------------- schools
class SchoolIn(WriteIn):
    school_id: Ident
    name: ShortText
    area: Area
    kind: SchoolKind
    tier: Tier
    level: SchoolLevel
    district: OptionalText = Field(None, description="School district (学区)")
    alliance: OptionalText = Field(None, description="Alliance (联盟)")
    group: OptionalText = Field(None, description="Education group (集团)")
    effective_date: Day | None = Field(None, description="Since when the classification holds (default: today)")


class ClassificationChanges(Closed):
    area: Area | None = None
    kind: SchoolKind | None = None
    tier: Tier | None = None
    district: OptionalText = None
    alliance: OptionalText = None
    group: OptionalText = None


class ReclassificationIn(WriteIn):
    reclassification_id: Ident | None = Field(None, description="Default: the effective date")
    effective_date: Day
    changes: ClassificationChanges = Field(description="Only the attributes that change")


# ---------------------------------------------------------------- teachers
class BackboneAtRegistration(Closed):
    level: BackboneLevel
    cycle_start: Day


class TeacherIn(WriteIn):
    teacher_id: Ident
    name: Annotated[str, Field(min_length=1, max_length=100)]
    gender: Gender
    birth_date: Day
    role: Role
    subject: OptionalText = None
    title: Title | None = None
    title_since: Day | None = None
    backbone: BackboneAtRegistration | None = Field(None, description="Backbone designation (骨干教师) held now")
    home_school_id: Ident
    at_home_school_since: Day


# ---------------------------------------------------------------- postings
class PostingIn(WriteIn):
    posting_id: Ident
    kind: PostingKind
    host_school_ids: list[Ident] = Field(min_length=1, max_length=20)
    start_date: Day
    planned_end_date: Day | None = None
    transfers_personnel_relation: bool = Field(False, description="A transfer (调动): the host becomes home")
    override_exemption: bool = Field(
        False, description="Post despite an active exemption (R-POST-EXEMPT); `reason` is the override's reason")


class ReportIn(WriteIn):
    date: Day = Field(description="The day the teacher reported for duty at the host")


class RefusalIn(WriteIn):
    date: Day = Field(description="The day the failure to report is recorded")
    days_absent: int = Field(ge=1, le=3660)


class ExtensionIn(WriteIn):
    new_end_date: Day
    effective_date: Day | None = Field(None, description="Default: today")


class ReturnIn(WriteIn):
    date: Day = Field(description="The last day of the posting")
    early: bool = False


# ---------------------------------------------------------------- exemptions, awards, titles …
class ExemptionIn(WriteIn):
    exemption_id: Ident
    category: ExemptionCategory
    start_date: Day
    end_date: Day | None = None
    evidence_ref: ShortText | None = Field(None, description="Evidence (required for illness: a hospital certificate)")
    child_birth_date: Day | None = Field(None, description="Required for child_under_3")
    spouse_teacher_id: Ident | None = Field(None, description="For couple: the spouse who is also due")


class ExemptionEndIn(WriteIn):
    date: Day


class AwardIn(WriteIn):
    award_id: Ident
    kind: AwardKind
    date: Day
    posting_id: Ident | None = None
    amount_cny: Amount | None = None


class TitleIn(WriteIn):
    title_id: Ident | None = Field(None, description="Default: title:<title>:<conferred_on>")
    title: Title
    conferred_on: Day


class BackboneIn(WriteIn):
    designation_id: Ident | None = Field(None, description="Default: backbone:<level>:<cycle_start>")
    level: BackboneLevel
    cycle_start: Day
    cycle_end: Day | None = Field(None, description="Default: three years from cycle_start")


class BackboneRevocationIn(WriteIn):
    designation_id: Ident
    date: Day


class EvaluationIn(WriteIn):
    evaluation_id: Ident
    school_year: int = Field(ge=1950, le=2199, description="School year 2026 runs 2026-09-01 to 2027-08-31")
    grade: EvaluationGrade
    school_id: Ident


class DepartureIn(WriteIn):
    departure_id: Ident | None = Field(None, description="Default: departure-<date>")
    date: Day
    kind: DepartureKind


class CorrectionIn(WriteIn):
    correction_id: Ident
    target_id: Ident
    action: Literal["void", "amend"]
    changes: dict[str, Any] | None = Field(None, description="amend: field → corrected value")
    effective_date: Day | None = Field(None, description="Default: today")

