"""Commands on a teacher's other records: exemptions and deferrals, awards, evaluations, titles,
backbone designations and departure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from ledger.domain.base import Notice
from ledger.domain.commands.base import Command, Decision, Span
from ledger.domain.commands.specs import Asked, DefaultId, Doc, Id, Ref, Score, ShortText, Whole, Wire
from ledger.domain.dates import ONE_DAY, add_years, planning_reference_date
from ledger.domain.dossier import Dossier, Limits, Others
from ledger.domain.enums import ApprovingOffice, AwardKind, BackboneLevel, DepartureKind, EvaluationGrade, ExemptionCategory, Title
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.messages import Message
from ledger.domain.policy.eligibility import DueStatus, evaluate_due
from ledger.domain.records import NOTIFIED, Award, Backbone, Departure, Evaluation, Exemption, TitleRecord
from ledger.domain.register import couple_register
from ledger.domain.teacher import Teacher
from ledger.domain.values import Checks

BACKBONE_CYCLE_YEARS = 3  # seed 002: designations run for a three-year cycle


def cycle_end_of(start: date) -> date:
    return add_years(start, BACKBONE_CYCLE_YEARS) - ONE_DAY


def covered_school_year(start: date) -> int:
    """The first school year a deferral starting on ``start`` covers: the one whose planning
    reference date (31 August before it) is the first on or after the start."""
    return start.year if start <= planning_reference_date(start.year) else start.year + 1


def overlap(a: Exemption, b: Exemption) -> bool:
    a_end, b_end = a.last_day, b.last_day
    return (a_end is None or b.start_date <= a_end) and (b_end is None or a.start_date <= b_end)


@dataclass(frozen=True, kw_only=True)
class GrantExemption(Command):
    """Grant an exemption or deferral (不作为交流对象 / 暂缓交流)."""

    EVENT = Teacher.ExemptionGranted
    NAME = "exemption"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "exemption", "exemption_id", "start_date", "exemptions", True

    exemption_id: Id
    category: ExemptionCategory
    start_date: date
    end_date: date | None = None
    child_birth_date: Annotated[date | None, Doc("Required for child_under_3")] = None
    evidence_ref: Annotated[ShortText | None, Doc(
        "Evidence (required for illness: a hospital certificate)")] = None
    spouse_teacher_id: Annotated[Id | None, Ref("teacher"), Doc("For couple: the spouse who is also due")] = None
    approved_by: Annotated[ApprovingOffice | None, Asked(), Doc(
        "The office that approved it (R-EX-APPROVER); required of new grants, imported history may omit it")] = None
    approval_ref: Annotated[ShortText | None, Asked(), Doc(
        "The approval's document (文号, R-EX-APPROVER); required of new grants")] = None
    notice_from: Annotated[date | None, Doc(
        "Pregnancy, nursing or illness: the first day of the notice at the school (R-EX-NOTICE); "
        "default the start date")] = None

    def implied_clauses(self, dossier: Dossier | None) -> frozenset[str]:
        return frozenset({self.category.clause, "R-EX-APPROVER", "R-EX-NOTICE"})

    def defaults(self) -> dict[str, Any]:
        return {"notice_from": self.start_date} if self.category in NOTIFIED else {}

    def check(self, c: Checks) -> None:
        if self.category is ExemptionCategory.COUPLE and not self.spouse_teacher_id:
            c.fail("spouse_teacher_id", "field.required_for", clause="R-EX-COUPLE")

    def spans(self, dossier: Dossier, limits: Limits, on: date) -> Span | None:
        """R-EX-COUPLE: the spouse's deferrals and whether the spouse is due; the couple's register
        orders two grants written at the same moment."""
        if self.category is not ExemptionCategory.COUPLE or not self.spouse_teacher_id:
            return None
        me = dossier.profile.teacher_id
        return Span(teacher_ids=(self.spouse_teacher_id,), registers=(couple_register(me, self.spouse_teacher_id),),
                    profile_on=planning_reference_date(covered_school_year(self.start_date)))

    def consult(self, dossier: Dossier, decision: Decision, limits: Limits, others: Others,
                on: date) -> tuple[Notice, ...]:
        """R-EX-COUPLE: only one of two spouses who are both due may defer; a deferral whose spouse
        is not due in the school year it covers defers nobody (said in a notice)."""
        spouse = others.get(self.spouse_teacher_id or "")
        if self.category is not ExemptionCategory.COUPLE or spouse is None:
            return ()
        mine = decision.record
        assert isinstance(mine, Exemption)
        for theirs in spouse.exemptions():
            if theirs.category is ExemptionCategory.COUPLE and overlap(theirs, mine):
                raise RuleViolation("R-EX-COUPLE", "exemption.spouse_defers", spouse=spouse.profile.teacher_id,
                                    exemption=theirs.record_id, since=theirs.start_date)
        year = covered_school_year(self.start_date)
        row = evaluate_due(spouse, year, others.profile, {}) if others.profile is not None else None
        if row is not None and row.status in (DueStatus.MUST, DueStatus.SHOULD, DueStatus.DEFERRED):
            return ()
        return (Notice("R-EX-COUPLE", Message("exemption.spouse_not_due", spouse=spouse.profile.teacher_id,
                                              year=year)),)

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        return Decision(Exemption(
            record_id=self.exemption_id, category=self.category, start_date=self.start_date, end_date=self.end_date,
            child_birth_date=self.child_birth_date, evidence_ref=self.evidence_ref,
            spouse_teacher_id=self.spouse_teacher_id, approved_by=self.approved_by, approval_ref=self.approval_ref,
            notice_from=self.notice_from,
        ), clauses=(self.category.clause, *(("R-EX-APPROVER",) if self.approved_by else ()),
                    *(("R-EX-NOTICE",) if self.notice_from else ())))


@dataclass(frozen=True, kw_only=True)
class EndExemption(Command):
    """End an exemption early."""

    EVENT = Teacher.ExemptionEnded
    NAME = "exemption_end"
    RECORD, ID, EFFECTIVE, ROUTE = "exemption", "exemption_id", "ended_on", "exemptions/{exemption_id}/end"
    WHAT = "record.what.exemption_end"

    exemption_id: Annotated[Id, Ref("exemption")]
    ended_on: Annotated[date, Wire("date")]

    def implied_clauses(self, dossier: Dossier | None) -> frozenset[str]:
        exemption = dossier.records.get(self.exemption_id) if dossier else None
        return frozenset({exemption.category.clause}) if isinstance(exemption, Exemption) else frozenset()

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        exemption = dossier.existing(self.exemption_id, Exemption)
        last = exemption.last_day
        if exemption.ended_on is not None or (last is not None and last < self.ended_on):
            raise ConflictError("exemption.already_ended", exemption=self.exemption_id, on=last)
        return Decision(exemption.replace(ended_on=self.ended_on), clauses=(exemption.category.clause,))


@dataclass(frozen=True, kw_only=True)
class GrantAward(Command):
    """Grant an incentive award (激励: priority, honour, subsidy, grade step)."""

    EVENT = Teacher.AwardGranted
    NAME = "award"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "award", "award_id", "awarded_on", "awards", True

    award_id: Id
    kind: AwardKind
    awarded_on: Annotated[date, Wire("date")]
    posting_id: Annotated[Id | None, Ref("posting")] = None
    amount_cny: Annotated[Decimal | None, Doc(
        "CNY as a decimal string with at most two places, or an integer")] = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        return Decision(Award(record_id=self.award_id, kind=self.kind, awarded_on=self.awarded_on,
                              posting_id=self.posting_id, amount_cny=self.amount_cny))


@dataclass(frozen=True, kw_only=True)
class RecordEvaluation(Command):
    """Record an annual evaluation (年度考核), with its quantified score (年度量化考核分) if the school
    gives one: scores rank the staff a school evaluates (``ledger.domain.policy.evaluations``)."""

    EVENT = Teacher.EvaluationRecorded
    NAME = "evaluation"
    RECORD, ID, ROUTE, CREATES = "evaluation", "evaluation_id", "evaluations", True

    evaluation_id: Id
    school_year: Annotated[int, Whole(1950, 2199), Doc("School year 2026 runs 2026-09-01 to 2027-08-31")]
    grade: EvaluationGrade
    school_id: Annotated[Id, Ref("school")]
    score: Annotated[Score | None, Doc("The quantified score (年度量化考核分), 0 to 100, at most two decimal "
                                       "places")] = None

    def effective_on(self, recorded_at: Any) -> date:
        return self.record().effective_date

    def record(self) -> Evaluation:
        return Evaluation(record_id=self.evaluation_id, school_year=self.school_year, grade=self.grade,
                          school_id=self.school_id, score=self.score)

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        return Decision(self.record())


@dataclass(frozen=True, kw_only=True)
class ConferTitle(Command):
    """Confer a professional title (职称)."""

    EVENT = Teacher.TitleConferred
    NAME = "title"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "title", "title_id", "conferred_on", "titles", True

    title_id: Annotated[Id | None, DefaultId("title:{title}:{conferred_on}"),
                        Doc("Default: title:<title>:<conferred_on>")] = None
    title: Title
    conferred_on: date

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        return Decision(TitleRecord(record_id=str(self.title_id), title=self.title, conferred_on=self.conferred_on))


@dataclass(frozen=True, kw_only=True)
class DesignateBackbone(Command):
    """Designate a backbone teacher (骨干教师) for a cycle."""

    EVENT = Teacher.BackboneDesignated
    NAME = "backbone"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "backbone", "designation_id", "cycle_start", "backbone", True

    designation_id: Annotated[Id | None, DefaultId("backbone:{level}:{cycle_start}"),
                              Doc("Default: backbone:<level>:<cycle_start>")] = None
    level: BackboneLevel
    cycle_start: date
    cycle_end: Annotated[date | None, Doc("Default: three years from cycle_start")] = None

    def defaults(self) -> dict[str, Any]:
        return {"cycle_end": cycle_end_of(self.cycle_start)}

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        assert self.cycle_end is not None
        return Decision(Backbone(record_id=str(self.designation_id), level=self.level, cycle_start=self.cycle_start,
                                 cycle_end=self.cycle_end))


@dataclass(frozen=True, kw_only=True)
class RevokeBackbone(Command):
    """Revoke a backbone designation."""

    EVENT = Teacher.BackboneRevoked
    NAME = "backbone_revoked"
    RECORD, ID, EFFECTIVE, ROUTE = "backbone", "designation_id", "revoked_on", "backbone/revocations"
    WHAT = "record.what.revocation"

    designation_id: Annotated[Id, Ref("backbone")]
    revoked_on: Annotated[date, Wire("date")]

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        designation = dossier.existing(self.designation_id, Backbone)
        if designation.revoked_on is not None:
            raise ConflictError("backbone.already_revoked", designation=self.designation_id,
                                on=designation.revoked_on)
        return Decision(designation.replace(revoked_on=self.revoked_on))


@dataclass(frozen=True, kw_only=True)
class RecordDeparture(Command):
    """Record that the teacher left (退休、辞职、调出 …)."""

    EVENT = Teacher.TeacherDeparted
    NAME = "departure"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "departure", "departure_id", "departed_on", "departures", True

    departure_id: Annotated[Id | None, DefaultId("departure-{departed_on}"), Doc("Default: departure-<date>")] = None
    departed_on: Annotated[date, Wire("date")]
    kind: DepartureKind

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        return Decision(Departure(record_id=str(self.departure_id), departed_on=self.departed_on, kind=self.kind))
