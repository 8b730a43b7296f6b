"""Commands on a teacher's postings (交流): record one, then its report for duty, failures to
report (R-POST-REPORT), extensions and return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain.base import Notice
from ledger.domain.commands.base import Command, Decision, Span
from ledger.domain.commands.specs import Doc, Id, Ids, LongText, Ref, Whole, Wire
from ledger.domain.dates import school_year_of
from ledger.domain.dossier import Dossier, Limits, Others, check_posting_exempt
from ledger.domain.enums import BelowMiddle, DepartureKind, PostingKind, RefusalConsequence
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.messages import Message
from ledger.domain.policy.evaluations import is_below_middle, median_score
from ledger.domain.policy.quotas import LEADERSHIP_TEAM, leader_caps, leaders_tally
from ledger.domain.records import Evaluation, Extension, Posting, Refusal
from ledger.domain.register import leaders_register
from ledger.domain.teacher import Teacher
from ledger.domain.values import Checks

PostingRef = Annotated[Id, Ref("posting", open_only=True), Doc("The posting")]


@dataclass(frozen=True, kw_only=True)
class RecordPosting(Command):
    """Record a posting (交流派遣): one host school, or several for itinerant teaching (走教)."""

    EVENT = Teacher.PostingRecorded
    NAME = "posting"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "posting", "posting_id", "start_date", "postings", True

    posting_id: Id
    kind: PostingKind
    host_school_ids: Annotated[tuple[str, ...], Ids(1, 20), Ref("school", clause="R-POST-HOST")]
    start_date: date
    planned_end_date: date | None = None
    transfers_personnel_relation: Annotated[bool, Doc("A transfer (调动): the host becomes home")] = False
    override_exemption_reason: Annotated[LongText | None, Doc(
        "Post despite an active exemption (R-POST-EXEMPT): the override's reason")] = None

    def check(self, c: Checks) -> None:
        if self.transfers_personnel_relation and self.kind is PostingKind.ITINERANT:
            c.fail("transfers_personnel_relation", "posting.itinerant_transfer")

    def implied_clauses(self, dossier: Dossier | None) -> frozenset[str]:
        return frozenset({"R-POST-EXEMPT", "R-POST-SUPERVISORY"})

    def spans(self, dossier: Dossier, limits: Limits, on: date) -> Span | None:
        """R-Q-LEADERS: a leader's posting is counted with the other leaders of the home school
        (and a transfer makes the teacher a leader of the host school too)."""
        if dossier.profile.role not in LEADERSHIP_TEAM:
            return None
        home = dossier.home_on(self.start_date).school_id
        hosts = self.host_school_ids if self.transfers_personnel_relation else ()
        return Span(leaders_of=home, registers=tuple(leaders_register(s) for s in (home, *hosts)))

    def consult(self, dossier: Dossier, decision: Decision, limits: Limits, others: Others,
                on: date) -> tuple[Notice, ...]:
        """R-Q-LEADERS caps are reported, not blocking: a posting that breaks one is recorded with
        a warning naming the clause, counted over the home school's leaders as they are now."""
        if dossier.profile.role not in LEADERSHIP_TEAM or not others.consulted:
            return ()
        posting = decision.record
        assert isinstance(posting, Posting)
        me = dossier.profile.teacher_id
        leaders = [d for tid, d in others.dossiers.items() if tid != me] + [dossier]
        tally = leaders_tally(leaders, posting.home_school_id, school_year_of(posting.start_date))
        return tuple(Notice(c.clause, c.describe()) for c in leader_caps(tally, limits.leaders_max_share)
                     if c.met is False)

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        """The posting; R-POST-EXEMPT (``check_posting_exempt``) refuses it during an active
        exemption unless it overrides every one with a reason."""
        start = self.start_date
        blocking = dossier.exemptions_on(start) if self.override_exemption_reason else []
        clauses: list[str] = ["R-POST-EXEMPT"] if blocking else []
        if self.kind is PostingKind.SUPERVISORY_EXCHANGE:
            clauses.append("R-POST-SUPERVISORY")
        posting = Posting(
            record_id=self.posting_id,
            kind=self.kind,
            host_school_ids=self.host_school_ids,
            home_school_id=dossier.home_on(start).school_id,
            start_date=start,
            planned_end_date=self.planned_end_date,
            transfers_personnel_relation=self.transfers_personnel_relation,
            override_reason=self.override_exemption_reason if blocking else None,
            overridden_exemption_ids=tuple(e.record_id for e in blocking),
        )
        check_posting_exempt(dossier, posting)
        return Decision(posting, clauses=tuple(clauses))


@dataclass(frozen=True, kw_only=True)
class ReportForDuty(Command):
    """Record that the teacher reported for duty at the host (到岗报到)."""

    EVENT = Teacher.ReportedForDuty
    NAME = "report"
    CLAUSES = ("R-POST-REPORT",)
    RECORD, ID, EFFECTIVE, ROUTE = "posting", "posting_id", "reported_on", "postings/{posting_id}/reports"
    WHAT = "record.what.report"

    posting_id: PostingRef
    reported_on: Annotated[date, Wire("date"), Doc("The day the teacher reported for duty at the host")]

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        """R-POST-REPORT: on time up to ``report_warning_days`` after the start; later, up to
        ``report_resign_days``, the report carries the warning's consequences as a recorded failure
        does; later still it is refused (record the failure, which treats the teacher as having left)."""
        posting = dossier.existing(self.posting_id, Posting)
        if posting.reported_on is not None:
            raise ConflictError("posting.already_reported", posting=self.posting_id, on=posting.reported_on)
        late = (self.reported_on - posting.start_date).days
        consequence = limits.refusal_consequence(late)
        if consequence is RefusalConsequence.DEPARTED:
            raise RuleViolation("R-POST-REPORT", "posting.report_too_late", posting=self.posting_id, days=late,
                                start=posting.start_date, limit=limits.report_resign_days)
        reported = posting.replace(reported_on=self.reported_on)
        if consequence is RefusalConsequence.NONE:
            return Decision(reported)
        notice = Notice("R-POST-REPORT", Message("posting.late_report", posting=self.posting_id, days=late,
                                                  limit=limits.report_warning_days,
                                                  year=school_year_of(self.reported_on)))
        if any(r.consequence is not RefusalConsequence.NONE for r in posting.refusals):
            return Decision(reported, notices=(notice,))  # the warning is already recorded
        late_report = Refusal(failed_on=self.reported_on, days_absent=late, consequence=consequence, late_report=True)
        return Decision(reported.replace(refusals=(*posting.refusals, late_report)), notices=(notice,))


@dataclass(frozen=True, kw_only=True)
class RecordReportingFailure(Command):
    """Record a failure to report for duty (R-POST-REPORT): beyond the thresholds it marks the
    school year, or the teacher is treated as having left (自动离职, recorded in the same save)."""

    EVENT = Teacher.ReportingFailed
    NAME = "refusal"
    CLAUSES = ("R-POST-REPORT",)
    RECORD, ID, EFFECTIVE, ROUTE = "posting", "posting_id", "failed_on", "postings/{posting_id}/refusals"

    posting_id: PostingRef
    failed_on: Annotated[date, Wire("date"), Doc("The day the failure to report is recorded")]
    days_absent: Annotated[int, Whole(1, 3660)]

    def event_fields(self, limits: Limits) -> dict[str, Any]:
        return {**super().event_fields(limits), "consequence": limits.refusal_consequence(self.days_absent)}

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        posting = dossier.existing(self.posting_id, Posting)
        if posting.reported_on is not None and posting.reported_on <= self.failed_on:
            raise ConflictError("posting.was_reported", posting=self.posting_id, on=posting.reported_on)
        if self.failed_on < posting.start_date:
            raise RuleViolation("R-POST-REPORT", "posting.failure_before_start", on=self.failed_on)
        if posting.refusals and self.days_absent <= posting.refusals[-1].days_absent:
            raise ConflictError("posting.failure_not_longer", days=posting.refusals[-1].days_absent)
        consequence = limits.refusal_consequence(self.days_absent)
        refusal = Refusal(failed_on=self.failed_on, days_absent=self.days_absent, consequence=consequence)
        then: list[Command] = []
        if consequence is not RefusalConsequence.NONE:
            from ledger.domain.commands.grades import revocation_on_refusal  # noqa: PLC0415 (they meet here only)

            revoked = revocation_on_refusal(dossier, self.posting_id, self.failed_on)
            then += [revoked] if revoked else []
        if consequence is RefusalConsequence.DEPARTED:
            from ledger.domain.commands.records import RecordDeparture  # noqa: PLC0415 (the two modules meet here only)

            then.append(RecordDeparture(departure_id=f"departure-{self.posting_id}", departed_on=self.failed_on,
                                        kind=DepartureKind.AUTO_DEPARTURE))
        return Decision(posting.replace(refusals=(*posting.refusals, refusal)), then=tuple(then))


@dataclass(frozen=True, kw_only=True)
class ExtendPosting(Command):
    """Extend an open posting (延期)."""

    EVENT = Teacher.PostingExtended
    NAME = "extension"
    RECORD, ID, EFFECTIVE, ROUTE = "posting", "posting_id", "effective_date", "postings/{posting_id}/extensions"

    posting_id: PostingRef
    new_end_date: date
    effective_date: Annotated[date | None, Doc("Default: today")] = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        posting = dossier.existing(self.posting_id, Posting)
        if not posting.is_open:
            raise ConflictError("posting.not_open", posting=self.posting_id)
        floor = posting.planned_end_date or posting.start_date
        if self.new_end_date <= floor:
            raise ConflictError("posting.extension_not_later", end=floor)
        extension = Extension(new_end_date=self.new_end_date, previous_end_date=posting.planned_end_date,
                              extended_on=on)
        return Decision(posting.replace(planned_end_date=self.new_end_date,
                                        extensions=(*posting.extensions, extension)))


@dataclass(frozen=True, kw_only=True)
class EndPosting(Command):
    """End a posting: the teacher returns (期满返回 / 提前结束)."""

    EVENT = Teacher.PostingEnded
    NAME = "return"
    RECORD, ID, EFFECTIVE, ROUTE = "posting", "posting_id", "ended_on", "postings/{posting_id}/returns"
    WHAT = "record.what.return"

    posting_id: PostingRef
    ended_on: Annotated[date, Wire("date"), Doc("The last day of the posting")]
    early: Annotated[bool | None, Doc(
        "Optional: whether the return is early follows from the dates (before the planned end, "
        "R-TENURE-RESET); a value that disagrees is answered with a notice")] = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        posting = dossier.existing(self.posting_id, Posting)
        if not posting.is_open:
            if posting.is_transfer:
                raise ConflictError("posting.not_open_transfer", posting=self.posting_id)
            raise ConflictError("posting.not_open_ended", posting=self.posting_id, on=posting.ended_on)
        early = posting.ends_early(self.ended_on)
        notices = ()
        if self.early is not None and self.early != early:
            notices = (Notice("R-TENURE-RESET", Message(
                "posting.early_from_dates", sent=self.early, early=early, ended=self.ended_on,
                planned=posting.planned_end_date or Message("word.none"))),)
        return Decision(posting.replace(ended_on=self.ended_on, ended_early=early), notices=notices)

    def spans(self, dossier: Dossier, limits: Limits, on: date) -> Span | None:
        """R-POST-SUPERVISORY by the median score: the host's evaluations of the year."""
        found = host_evaluation(dossier, self.posting_id)
        if found is None or limits.below_middle_rule is not BelowMiddle.MEDIAN_SCORE:
            return None
        return Span(evaluated_at=(found.school_id, found.school_year))

    def consult(self, dossier: Dossier, decision: Decision, limits: Limits, others: Others,
                on: date) -> tuple[Notice, ...]:
        """R-POST-SUPERVISORY: a supervisory exchange whose host evaluation is below the middle
        continues — its return is refused, to be extended instead."""
        posting = dossier.existing(self.posting_id, Posting)
        found = host_evaluation(dossier, self.posting_id)
        if posting.kind is not PostingKind.SUPERVISORY_EXCHANGE or found is None:
            return ()
        if limits.below_middle_rule is BelowMiddle.MEDIAN_SCORE and not others.consulted:
            return ()  # the bulk path records history as it was
        scores = [e.score for d in others.dossiers.values() for e in d.evaluations()
                  if e.school_id == found.school_id and e.school_year == found.school_year and e.score is not None]
        if is_below_middle(found, median_score(scores), limits.below_middle_rule, limits.below_middle_grades):
            raise RuleViolation("R-POST-SUPERVISORY", "posting.supervisory_continues", posting=self.posting_id,
                                evaluation=found.record_id, year=found.school_year, grade=found.grade,
                                score=found.score if found.score is not None else Message("word.none"))
        return ()


def host_evaluation(dossier: Dossier, posting_id: str) -> Evaluation | None:
    """The latest annual evaluation of a posting's teacher by one of its hosts during it."""
    posting = dossier.records.get(posting_id)
    if not isinstance(posting, Posting):
        return None
    first = school_year_of(posting.start_date)
    found = [e for e in dossier.evaluations()
             if e.school_id in posting.host_school_ids and e.school_year >= first]
    return found[-1] if found else None
