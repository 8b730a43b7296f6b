"""The records a teacher's history is made of: postings, exemptions, awards, evaluations, titles,
backbone designations, departures and corrections.

A record is a frozen value. Events that create or change a record carry the record's full state
after the change (``Record.to_dict()``), so every projection and the policy engine read the very
same shape, and a replay can never disagree with the original decision.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from ledger.domain.codecs import codec_of, decode, encode
from ledger.domain.dates import ONE_DAY, add_years, school_year_end
from ledger.domain.enums import (
    ApprovingOffice,
    AwardKind,
    BackboneAssessment,
    BackboneLevel,
    CorrectionAction,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    PostingKind,
    RecordType,
    RefusalConsequence,
    Title,
)
from ledger.domain.errors import FieldError
from ledger.domain.messages import field_term

CHILD_EXEMPTION_YEARS = 3  # R-EX-CHILD: until the child turns three
NOTIFIED = (ExemptionCategory.PREGNANCY, ExemptionCategory.ILLNESS)  # R-EX-NOTICE


@dataclass(frozen=True, kw_only=True)
class Record:
    TYPE: ClassVar[RecordType]
    ID_FIELD: ClassVar[str]
    AMENDABLE: ClassVar[tuple[str, ...]] = ()

    record_id: str
    voided_by: str | None = None
    amended_by: tuple[str, ...] = ()

    @property
    def voided(self) -> bool:
        return self.voided_by is not None

    @property
    def effective_date(self) -> date:
        raise NotImplementedError

    def field_errors(self) -> list[FieldError]:
        """Self-consistency of the record's own fields (dates in order, required pairs)."""
        return []

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"record_type": self.TYPE.value}
        data.update(encode(self, codec_of(type(self))))
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Record:
        from ledger.domain.record_types import CLASS_BY_TYPE  # noqa: PLC0415 (the registry reads every kind)

        cls = CLASS_BY_TYPE[data["record_type"]]
        return cls(**decode(data, codec_of(cls)))

    def replace(self, **changes: Any) -> Record:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """A failure to report for duty (R-POST-REPORT), with the consequence decided when recorded."""

    failed_on: date
    days_absent: int
    consequence: RefusalConsequence
    late_report: bool = False  # a report for duty past the warning days (R-POST-REPORT), not a recorded failure


@dataclass(frozen=True, kw_only=True)
class Extension:
    new_end_date: date
    previous_end_date: date | None
    extended_on: date


@dataclass(frozen=True, kw_only=True)
class Posting(Record):
    TYPE = RecordType.POSTING
    ID_FIELD = "posting_id"
    AMENDABLE = (
        "kind",
        "host_school_ids",
        "start_date",
        "planned_end_date",
        "transfers_personnel_relation",
        "reported_on",
        "ended_on",
        "ended_early",
    )

    kind: PostingKind
    host_school_ids: tuple[str, ...]
    home_school_id: str
    start_date: date
    planned_end_date: date | None
    transfers_personnel_relation: bool = False
    override_reason: str | None = None
    overridden_exemption_ids: tuple[str, ...] = ()
    reported_on: date | None = None
    refusals: tuple[Refusal, ...] = ()
    extensions: tuple[Extension, ...] = ()
    ended_on: date | None = None
    ended_early: bool | None = None

    @property
    def effective_date(self) -> date:
        return self.start_date

    @property
    def is_transfer(self) -> bool:
        """A transfer (调动) moves the personnel relation: the host becomes the home school."""
        return self.transfers_personnel_relation

    @property
    def is_open(self) -> bool:
        return not self.voided and not self.is_transfer and self.ended_on is None

    def ends_early(self, ended_on: date) -> bool:
        """A return before the planned end is early (R-TENURE-RESET); without a planned end, the
        flag recorded decides."""
        if self.planned_end_date is None:
            return bool(self.ended_early)
        return ended_on < self.planned_end_date

    def span(self) -> tuple[date, date | None]:
        """The days the posting occupies for R-POST-ONE: an open posting has no end yet; a transfer
        occupies only its start date (from then on the teacher simply belongs to the new school)."""
        if self.is_transfer:
            return self.start_date, self.start_date
        return self.start_date, self.ended_on

    def field_errors(self) -> list[FieldError]:
        errors: list[FieldError] = []
        hosts = self.host_school_ids
        if len(set(hosts)) != len(hosts):
            errors.append(FieldError.of("host_school_ids", "posting.host_twice"))
        if self.kind is PostingKind.ITINERANT:
            if len(hosts) < 2:
                errors.append(FieldError.of("host_school_ids", "posting.itinerant_hosts"))
        elif len(hosts) != 1:
            errors.append(FieldError.of("host_school_ids", "posting.one_host", kind=self.kind))
        if self.planned_end_date is not None and self.planned_end_date <= self.start_date:
            errors.append(FieldError.of("planned_end_date", "field.after", other=field_term("start_date")))
        if self.reported_on is not None and self.reported_on < self.start_date:
            errors.append(FieldError.of("reported_on", "field.not_before", other=field_term("start_date")))
        if self.ended_on is not None and self.ended_on < self.start_date:
            errors.append(FieldError.of("ended_on", "field.not_before", other=field_term("start_date")))
        if self.is_transfer and self.ended_on is not None:
            errors.append(FieldError.of("ended_on", "posting.transfer_does_not_end"))
        return errors


@dataclass(frozen=True, kw_only=True)
class Exemption(Record):
    TYPE = RecordType.EXEMPTION
    ID_FIELD = "exemption_id"
    AMENDABLE = (
        "category",
        "start_date",
        "end_date",
        "child_birth_date",
        "evidence_ref",
        "spouse_teacher_id",
        "ended_on",
        "approved_by",
        "approval_ref",
        "notice_from",
    )

    category: ExemptionCategory
    start_date: date
    end_date: date | None = None
    child_birth_date: date | None = None
    evidence_ref: str | None = None
    spouse_teacher_id: str | None = None
    ended_on: date | None = None
    approved_by: ApprovingOffice | None = None  # R-EX-APPROVER (None: not recorded, as before it was)
    approval_ref: str | None = None  # the approval's document (文号)
    notice_from: date | None = None  # R-EX-NOTICE: the first day of the notice at the school (公示)

    @property
    def effective_date(self) -> date:
        return self.start_date

    @property
    def needs_notice(self) -> bool:
        """R-EX-NOTICE: pregnancy, nursing and illness deferrals take effect after a notice."""
        return self.category in NOTIFIED and self.notice_from is not None

    def in_effect_from(self, notice_days: int) -> date:
        """The first day it defers: after its notice (R-EX-NOTICE), else its start."""
        if not self.needs_notice:
            return self.start_date
        assert self.notice_from is not None
        return max(self.start_date, self.notice_from + timedelta(days=notice_days))

    @property
    def child_turns_three(self) -> date | None:
        if self.category is not ExemptionCategory.CHILD_UNDER_3 or self.child_birth_date is None:
            return None
        return add_years(self.child_birth_date, CHILD_EXEMPTION_YEARS)

    @property
    def last_day(self) -> date | None:
        """The last day the exemption defers rotation; None while open-ended.

        R-EX-CHILD ends automatically the day before the child's third birthday.
        """
        ends = [d for d in (self.end_date, self.ended_on) if d is not None]
        if (turns_three := self.child_turns_three) is not None:
            ends.append(turns_three - ONE_DAY)
        return min(ends) if ends else None

    def active_on(self, on: date) -> bool:
        last = self.last_day
        return not self.voided and self.start_date <= on and (last is None or on <= last)

    def field_errors(self) -> list[FieldError]:
        errors: list[FieldError] = []
        clause = self.category.clause
        if self.end_date is not None and self.end_date < self.start_date:
            errors.append(FieldError.of("end_date", "field.not_before", other=field_term("start_date")))
        if self.ended_on is not None and self.ended_on < self.start_date:
            errors.append(FieldError.of("ended_on", "field.not_before", other=field_term("start_date")))
        if self.category is ExemptionCategory.ILLNESS and not self.evidence_ref:
            errors.append(FieldError.of("evidence_ref", "exemption.certificate_required", clause=clause))
        if self.category is ExemptionCategory.CHILD_UNDER_3:
            if self.child_birth_date is None:
                errors.append(FieldError.of("child_birth_date", "field.required_for", clause=clause))
            elif self.child_birth_date > self.start_date:
                errors.append(FieldError.of("child_birth_date", "field.not_after", other=field_term("start_date")))
            elif self.child_turns_three and self.start_date >= self.child_turns_three:
                errors.append(FieldError.of("start_date", "exemption.child_already_three", clause=clause))
        if self.category is ExemptionCategory.SIGNATURE_PROJECT and self.end_date is None:
            errors.append(FieldError.of("end_date", "exemption.project_needs_end", clause=clause))
        return errors


@dataclass(frozen=True, kw_only=True)
class Award(Record):
    TYPE = RecordType.AWARD
    ID_FIELD = "award_id"
    AMENDABLE = ("kind", "awarded_on", "posting_id", "amount_cny")

    kind: AwardKind
    awarded_on: date
    posting_id: str | None = None
    amount_cny: Decimal | None = None

    @property
    def effective_date(self) -> date:
        return self.awarded_on

    def field_errors(self) -> list[FieldError]:
        if self.kind is AwardKind.SUBSIDY and self.amount_cny is None:
            return [FieldError.of("amount_cny", "award.subsidy_amount")]
        if self.kind is not AwardKind.SUBSIDY and self.amount_cny is not None:
            return [FieldError.of("amount_cny", "award.amount_only_subsidy")]
        return []


@dataclass(frozen=True, kw_only=True)
class Evaluation(Record):
    TYPE = RecordType.EVALUATION
    ID_FIELD = "evaluation_id"
    AMENDABLE = ("school_year", "grade", "school_id", "score")

    school_year: int
    grade: EvaluationGrade
    school_id: str
    score: Decimal | None = None  # the quantified score (年度量化考核分, 0–100), when the school gives one

    @property
    def effective_date(self) -> date:
        return school_year_end(self.school_year)


@dataclass(frozen=True, kw_only=True)
class TitleRecord(Record):
    TYPE = RecordType.TITLE
    ID_FIELD = "title_id"
    AMENDABLE = ("title", "conferred_on")

    title: Title
    conferred_on: date

    @property
    def effective_date(self) -> date:
        return self.conferred_on


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """A backbone teacher's yearly assessment (seed 002: by calendar year)."""

    year: int
    result: BackboneAssessment
    assessed_on: date


@dataclass(frozen=True, kw_only=True)
class Backbone(Record):
    TYPE = RecordType.BACKBONE
    ID_FIELD = "designation_id"
    AMENDABLE = ("level", "cycle_start", "cycle_end", "revoked_on")

    level: BackboneLevel
    cycle_start: date
    cycle_end: date
    revoked_on: date | None = None
    assessments: tuple[Assessment, ...] = ()

    @property
    def effective_date(self) -> date:
        return self.cycle_start

    def in_force_on(self, on: date) -> bool:
        return (
            not self.voided
            and self.cycle_start <= on <= self.cycle_end
            and (self.revoked_on is None or on < self.revoked_on)
        )

    def field_errors(self) -> list[FieldError]:
        errors: list[FieldError] = []
        if self.cycle_end <= self.cycle_start:
            errors.append(FieldError.of("cycle_end", "field.after", other=field_term("cycle_start")))
        if self.revoked_on is not None and not self.cycle_start <= self.revoked_on <= self.cycle_end:
            errors.append(FieldError.of("revoked_on", "backbone.revoked_outside_cycle"))
        return errors


@dataclass(frozen=True, kw_only=True)
class Departure(Record):
    TYPE = RecordType.DEPARTURE
    ID_FIELD = "departure_id"
    AMENDABLE = ("departed_on", "kind")

    departed_on: date
    kind: DepartureKind

    @property
    def effective_date(self) -> date:
        return self.departed_on


@dataclass(frozen=True, kw_only=True)
class Correction(Record):
    """A void or amend of another record; itself a record, so it can be corrected in turn."""

    TYPE = RecordType.CORRECTION
    ID_FIELD = "correction_id"
    AMENDABLE = ("changes",)

    action: CorrectionAction
    target_id: str
    target_type: RecordType
    corrected_on: date
    changes: dict[str, Any] | None = None
    before: dict[str, Any] | None = None

    @property
    def effective_date(self) -> date:
        return self.corrected_on
