"""Commands on a teacher's postings (交流): record one, then its report for duty, failures to
report (R-POST-REPORT), extensions and return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain.commands.base import Command, Decision
from ledger.domain.commands.specs import Doc, Id, Ids, LongText, Ref, Whole, Wire
from ledger.domain.dossier import Dossier, Limits
from ledger.domain.enums import DepartureKind, PostingKind, RefusalConsequence
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.messages import Message
from ledger.domain.records import Extension, Posting, Refusal
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

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        start = self.start_date
        blocking = dossier.exemptions_on(start)
        clauses: list[str] = []
        if blocking:
            if not self.override_exemption_reason:
                raise RuleViolation("R-POST-EXEMPT", "posting.exempt", on=start, exemptions=[
                    Message("posting.exempt_by", exemption=e.record_id, category=e.category, clause=e.category.clause)
                    for e in blocking])
            clauses.append("R-POST-EXEMPT")
        if self.kind is PostingKind.SUPERVISORY_EXCHANGE:
            clauses.append("R-POST-SUPERVISORY")
        return Decision(Posting(
            record_id=self.posting_id,
            kind=self.kind,
            host_school_ids=self.host_school_ids,
            home_school_id=dossier.home_on(start).school_id,
            start_date=start,
            planned_end_date=self.planned_end_date,
            transfers_personnel_relation=self.transfers_personnel_relation,
            override_reason=self.override_exemption_reason if blocking else None,
            overridden_exemption_ids=tuple(e.record_id for e in blocking),
        ), clauses=tuple(clauses))


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
        posting = dossier.existing(self.posting_id, Posting)
        if posting.reported_on is not None:
            raise ConflictError("posting.already_reported", posting=self.posting_id, on=posting.reported_on)
        return Decision(posting.replace(reported_on=self.reported_on))


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
        departure = None
        if consequence is RefusalConsequence.DEPARTED:
            from ledger.domain.commands.records import RecordDeparture  # noqa: PLC0415 (the two modules meet here only)

            departure = RecordDeparture(departure_id=f"departure-{self.posting_id}", departed_on=self.failed_on,
                                        kind=DepartureKind.AUTO_DEPARTURE)
        return Decision(posting.replace(refusals=(*posting.refusals, refusal)), then=departure)


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
    early: bool = False

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        posting = dossier.existing(self.posting_id, Posting)
        if not posting.is_open:
            if posting.is_transfer:
                raise ConflictError("posting.not_open_transfer", posting=self.posting_id)
            raise ConflictError("posting.not_open_ended", posting=self.posting_id, on=posting.ended_on)
        return Decision(posting.replace(ended_on=self.ended_on, ended_early=self.early))
