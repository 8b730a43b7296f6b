"""Commands on principals' grades (校长职级, seed 003) and backbone teachers' yearly assessments
(骨干教师年度考核, seed 002).

- **Grades** are conferred and revoked as records. R-LEADER-RURAL: a leader under
  ``leader_rural_age_under`` needs rural service to be rated first- or special-grade principal (the
  service record's requirement, checked at the conferral), and rural service earns one step within
  the grade held (到农村学校交流任职的, 其职级在本等级内可晋升1个档次): a step conferred for a rural
  posting is the next step of the same grade, once per posting. A leader who refuses a posting
  (a failure to report past the warning days) loses the grade in force (撤销职级, seed 003:94).
- **Assessments**: one per calendar year of a designation's cycle (seed 002: 以自然年度进行); an
  unsatisfactory one revokes the designation from its date (取消其资格), so it stops counting
  towards R-Q-BACKBONE from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain.base import Notice
from ledger.domain.commands.base import Command, Decision, Span
from ledger.domain.commands.specs import DefaultId, Doc, Id, Ref, Whole, Wire
from ledger.domain.dates import ONE_DAY
from ledger.domain.dossier import Dossier, Limits, Others
from ledger.domain.enums import BackboneAssessment, PrincipalGrade
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.messages import Message
from ledger.domain.policy.profile import ProfileInForce
from ledger.domain.policy.service_record import Status, Target, service_record
from ledger.domain.grades import GradeRecord
from ledger.domain.records import Assessment, Backbone, Posting
from ledger.domain.service import service_periods
from ledger.domain.teacher import Teacher

RATED = (PrincipalGrade.SPECIAL, PrincipalGrade.FIRST)  # R-LEADER-RURAL: these need rural service


@dataclass(frozen=True, kw_only=True)
class ConferGrade(Command):
    """Confer a principal's grade and step (校长职级评定); a step earned by rural service names the
    rural posting (R-LEADER-RURAL)."""

    EVENT = Teacher.GradeConferred
    NAME = "grade"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "grade", "grade_id", "conferred_on", "grades", True

    grade_id: Annotated[Id | None, DefaultId("grade:{grade}:{step}:{conferred_on}"),
                        Doc("Default: grade:<grade>:<step>:<conferred_on>")] = None
    grade: PrincipalGrade
    step: Annotated[int, Whole(1, 12), Doc("The step (档次) within the grade")] = 1
    conferred_on: date
    rural_posting_id: Annotated[Id | None, Ref("posting"), Doc(
        "R-LEADER-RURAL: the rural posting that earns this step (the next step of the grade held)")] = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        role = dossier.profile.role
        if not role.is_leader:
            raise RuleViolation("R-LEADER-RURAL", "grade.not_leader", role=role)
        record = GradeRecord(record_id=str(self.grade_id), grade=self.grade, step=self.step,
                             conferred_on=self.conferred_on, rural_posting_id=self.rural_posting_id)
        if self.rural_posting_id is None:
            return Decision(record, clauses=("R-LEADER-RURAL",) if self.grade in RATED else ())
        posting = dossier.existing(self.rural_posting_id, Posting)
        held = dossier.grade_on(self.conferred_on - ONE_DAY)
        if held is None or held.grade is not self.grade or self.step != held.step + 1:
            raise RuleViolation("R-LEADER-RURAL", "grade.one_step", grade=self.grade, step=self.step,
                                held=Message("grade.held", grade=held.grade, step=held.step) if held
                                else Message("word.none"))
        used = next((g for g in dossier.grades() if g.rural_posting_id == posting.record_id), None)
        if used is not None:
            raise RuleViolation("R-LEADER-RURAL", "grade.posting_used", posting=posting.record_id, grade=used.record_id)
        if posting.start_date > self.conferred_on:
            raise RuleViolation("R-LEADER-RURAL", "grade.posting_later", posting=posting.record_id,
                                start=posting.start_date)
        return Decision(record, clauses=("R-LEADER-RURAL",))

    def spans(self, dossier: Dossier, limits: Limits, on: date) -> Span | None:
        """The schools the rule classifies: the rural posting's hosts, or every school the leader
        served at (for the rural service a first or special grade needs)."""
        if self.rural_posting_id is None and self.grade not in RATED:
            return None
        schools = {p.school_id for p in service_periods(dossier)}
        posting = dossier.records.get(self.rural_posting_id or "")
        if isinstance(posting, Posting):
            schools |= set(posting.host_school_ids)
        return Span(schools=tuple(sorted(schools)), profile_on=self.conferred_on)

    def consult(self, dossier: Dossier, decision: Decision, limits: Limits, others: Others,
                on: date) -> tuple[Notice, ...]:
        if not others.consulted:
            return ()
        posting = dossier.records.get(self.rural_posting_id or "")
        if isinstance(posting, Posting):
            rural = [h for h in posting.host_school_ids
                     if h in others.schools and others.schools[h].on(posting.start_date).is_rural]
            if not rural:
                raise RuleViolation("R-LEADER-RURAL", "grade.not_rural", posting=posting.record_id,
                                    hosts=list(posting.host_school_ids))
        if self.grade in RATED and others.profile is not None:
            answer = service_record(dossier, others.schools, Target.PRINCIPAL_GRADE, self.conferred_on,
                                    ProfileInForce(others.profile, ""))
            needed = answer.requirement("R-LEADER-RURAL")
            if needed.status is Status.NOT_MET:
                raise RuleViolation("R-LEADER-RURAL", "grade.needs_rural", grade=self.grade, reason=needed.reason)
        return ()


@dataclass(frozen=True, kw_only=True)
class RevokeGrade(Command):
    """Revoke a principal's grade (撤销职级), e.g. for refusing to rotate (seed 003:94)."""

    EVENT = Teacher.GradeRevoked
    NAME = "grade_revoked"
    RECORD, ID, EFFECTIVE, ROUTE = "grade", "grade_id", "revoked_on", "grades/{grade_id}/revocations"
    WHAT = "record.what.grade_revocation"

    grade_id: Annotated[Id, Ref("grade")]
    revoked_on: Annotated[date, Wire("date")]
    posting_id: Annotated[Id | None, Ref("posting"), Doc("The posting the principal refused, if that is why")] = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        grade = dossier.existing(self.grade_id, GradeRecord)
        if grade.revoked_on is not None:
            raise ConflictError("grade.already_revoked", grade=self.grade_id, on=grade.revoked_on)
        return Decision(grade.replace(revoked_on=self.revoked_on, revoked_by_posting_id=self.posting_id),
                        clauses=("R-LEADER-RURAL",) if self.posting_id else ())


def revocation_on_refusal(dossier: Dossier, posting_id: str, on: date) -> RevokeGrade | None:
    """A leader who refuses a posting loses the grade in force (撤销职级, seed 003:94)."""
    held = dossier.grade_on(on) if dossier.profile.role.is_leader else None
    return RevokeGrade(grade_id=held.record_id, revoked_on=on, posting_id=posting_id) if held else None


@dataclass(frozen=True, kw_only=True)
class AssessBackbone(Command):
    """Record a backbone teacher's yearly assessment (骨干教师年度考核); an unsatisfactory one revokes
    the designation from the day it is assessed."""

    EVENT = Teacher.BackboneAssessed
    NAME = "backbone_assessment"
    CLAUSES = ("R-Q-BACKBONE",)
    RECORD, ID, EFFECTIVE, ROUTE = "backbone", "designation_id", "assessed_on", "backbone/{designation_id}/assessments"
    WHAT = "record.what.assessment"

    designation_id: Annotated[Id, Ref("backbone")]
    year: Annotated[int, Whole(1950, 2199), Doc("The calendar year assessed (seed 002: 以自然年度进行)")]
    result: BackboneAssessment
    assessed_on: Annotated[date, Wire("date")]

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        designation = dossier.existing(self.designation_id, Backbone)
        if not designation.cycle_start.year <= self.year <= designation.cycle_end.year:
            raise ConflictError("backbone.year_outside_cycle", year=self.year, start=designation.cycle_start,
                                end=designation.cycle_end)
        assessment = Assessment(year=self.year, result=self.result, assessed_on=self.assessed_on)
        changes: dict[str, Any] = {"assessments": (*designation.assessments, assessment)}
        if self.result is BackboneAssessment.UNQUALIFIED and designation.revoked_on is None:
            changes["revoked_on"] = self.assessed_on
        return Decision(designation.replace(**changes))
