"""Posting commands of the ``Teacher`` aggregate: record, report for duty, failure to report
(R-POST-REPORT), extension, return."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ledger.domain.base import Meta, Outcome
from ledger.domain.dates import china_today
from ledger.domain.dossier import DEFAULT_LIMITS, Limits
from ledger.domain.enums import DepartureKind, PostingKind, RefusalConsequence
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.records import Departure, Extension, Posting, Refusal
from ledger.domain.values import Checks

if TYPE_CHECKING:
    from ledger.domain.teacher import Teacher as _Base
else:
    _Base = object


class PostingCommands(_Base):
    def record_posting(
        self,
        *,
        posting_id: str,
        kind: str,
        host_school_ids: list[str] | tuple[str, ...],
        start_date: date | str,
        planned_end_date: date | str | None,
        transfers_personnel_relation: bool = False,
        override_exemption_reason: str | None = None,
        meta: Meta,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        hosts = host_school_ids if isinstance(host_school_ids, list | tuple) else None
        if hosts is None:
            c.fail("host_school_ids", "must be a list of school ids")
        fields = {
            "posting_id": c.ident("posting_id", posting_id),
            "kind": c.enum("kind", PostingKind, kind),
            "host_school_ids": [c.ident(f"host_school_ids[{i}]", h) for i, h in enumerate(hosts or [])],
            "start_date": c.date("start_date", start_date),
            "planned_end_date": c.date("planned_end_date", planned_end_date, required=False),
            "transfers_personnel_relation": c.boolean("transfers_personnel_relation", transfers_personnel_relation),
            "override_exemption_reason": c.text("override_exemption_reason", override_exemption_reason,
                                                required=False, max_len=2000),
        }
        if fields["transfers_personnel_relation"] and fields["kind"] is PostingKind.ITINERANT:
            c.fail("transfers_personnel_relation", "an itinerant posting (走教) cannot transfer the personnel relation")
        c.done()
        start = fields["start_date"]
        key = f"record:{posting_id}"
        if (o := self._replay(self.PostingRecorded, key, meta, start, fields, ("posting", posting_id))):
            return o
        self._ensure_active()
        clauses: list[str] = []
        blocking = self.dossier.exemptions_on(start)
        if blocking:
            if not fields["override_exemption_reason"]:
                names = ", ".join(f"'{e.record_id}' ({e.category.value}, {e.category.clause})" for e in blocking)
                raise RuleViolation(
                    "R-POST-EXEMPT",
                    f"the teacher is exempt on {start} by {names}; "
                    "posting needs override_exemption_reason",
                )
            clauses.append("R-POST-EXEMPT")
        if fields["kind"] is PostingKind.SUPERVISORY_EXCHANGE:
            clauses.append("R-POST-SUPERVISORY")
        record = Posting(
            record_id=posting_id,
            kind=fields["kind"],
            host_school_ids=tuple(fields["host_school_ids"]),
            home_school_id=self.dossier.home_on(start).school_id,
            start_date=start,
            planned_end_date=fields["planned_end_date"],
            transfers_personnel_relation=fields["transfers_personnel_relation"],
            override_reason=fields["override_exemption_reason"] if blocking else None,
            overridden_exemption_ids=tuple(e.record_id for e in blocking),
        )
        return self._record(self.PostingRecorded, meta.with_clauses(*clauses), start, record, limits, **fields)

    def report_for_duty(self, *, posting_id: str, reported_on: date | str, meta: Meta,
                        limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"posting_id": c.ident("posting_id", posting_id), "reported_on": c.date("reported_on", reported_on)}
        c.done()
        key = f"report:{posting_id}"
        if (o := self._replay(self.ReportedForDuty, key, meta, fields["reported_on"], fields, ("posting", posting_id))):
            return o
        self._ensure_active()
        posting: Posting = self._existing(posting_id, Posting)
        if posting.reported_on is not None:
            raise ConflictError(f"posting '{posting_id}' was already reported for duty on {posting.reported_on}")
        record = posting.replace(reported_on=fields["reported_on"])
        return self._record(self.ReportedForDuty, meta.with_clauses("R-POST-REPORT"), fields["reported_on"],
                            record, limits, **fields)

    def record_reporting_failure(self, *, posting_id: str, failed_on: date | str, days_absent: int,
                                 meta: Meta, limits: Limits = DEFAULT_LIMITS) -> Outcome:
        """R-POST-REPORT: a failure to report; beyond the thresholds it marks the school year, or
        the teacher is treated as having left (自动离职, recorded as a departure in the same save)."""
        c = Checks()
        meta = meta.check(c)
        fields = {"posting_id": c.ident("posting_id", posting_id), "failed_on": c.date("failed_on", failed_on),
                  "days_absent": c.integer("days_absent", days_absent, lo=1, hi=3660)}
        c.done()
        consequence = limits.refusal_consequence(fields["days_absent"])
        fields["consequence"] = consequence
        key = f"refusal:{posting_id}:{fields['failed_on']}:{days_absent}"
        if (o := self._replay(self.ReportingFailed, key, meta, fields["failed_on"], fields, ("posting", posting_id))):
            return o
        self._ensure_active()
        posting: Posting = self._existing(posting_id, Posting)
        if posting.reported_on is not None and posting.reported_on <= fields["failed_on"]:
            raise ConflictError(f"posting '{posting_id}' was reported for duty on {posting.reported_on}")
        if fields["failed_on"] < posting.start_date:
            raise RuleViolation("R-POST-REPORT", f"failed_on {fields['failed_on']} is before the posting starts")
        if posting.refusals and days_absent <= posting.refusals[-1].days_absent:
            raise ConflictError(
                f"a failure of {posting.refusals[-1].days_absent} days is already recorded; "
                "a later record must count more days absent"
            )
        refusal = Refusal(failed_on=fields["failed_on"], days_absent=days_absent, consequence=consequence)
        record = posting.replace(refusals=(*posting.refusals, refusal))
        meta = meta.with_clauses("R-POST-REPORT")
        outcome = self._record(self.ReportingFailed, meta, fields["failed_on"], record, limits, **fields)
        if consequence is RefusalConsequence.DEPARTED:
            departure = Departure(record_id=f"departure-{posting_id}", departed_on=fields["failed_on"],
                                  kind=DepartureKind.AUTO_DEPARTURE)
            self._record(self.TeacherDeparted, meta, departure.departed_on, departure, limits,
                         departure_id=departure.record_id, departed_on=departure.departed_on,
                         kind=departure.kind)
        return outcome

    def extend_posting(self, *, posting_id: str, new_end_date: date | str, meta: Meta,
                       effective_date: date | str | None = None, limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"posting_id": c.ident("posting_id", posting_id),
                  "new_end_date": c.date("new_end_date", new_end_date)}
        effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
        c.done()
        key = f"extension:{posting_id}:{fields['new_end_date']}"
        if (o := self._replay(self.PostingExtended, key, meta, effective, fields, ("posting", posting_id),
                              effective_date is not None)):
            return o
        self._ensure_active()
        posting: Posting = self._existing(posting_id, Posting)
        if not posting.is_open:
            raise ConflictError(f"posting '{posting_id}' is not open")
        floor = posting.planned_end_date or posting.start_date
        if fields["new_end_date"] <= floor:
            raise ConflictError(f"new_end_date must be after the current end {floor}")
        extension = Extension(new_end_date=fields["new_end_date"], previous_end_date=posting.planned_end_date,
                              extended_on=effective)
        record = posting.replace(planned_end_date=fields["new_end_date"],
                                 extensions=(*posting.extensions, extension))
        return self._record(self.PostingExtended, meta, effective, record, limits, **fields)

    def end_posting(self, *, posting_id: str, ended_on: date | str, early: bool, meta: Meta,
                    limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"posting_id": c.ident("posting_id", posting_id), "ended_on": c.date("ended_on", ended_on),
                  "early": c.boolean("early", early)}
        c.done()
        key = f"return:{posting_id}"
        if (o := self._replay(self.PostingEnded, key, meta, fields["ended_on"], fields, ("posting", posting_id))):
            return o
        self._ensure_active()
        posting: Posting = self._existing(posting_id, Posting)
        if not posting.is_open:
            state = "a transfer" if posting.is_transfer else f"already ended on {posting.ended_on}"
            raise ConflictError(f"posting '{posting_id}' is not open ({state})")
        record = posting.replace(ended_on=fields["ended_on"], ended_early=fields["early"])
        return self._record(self.PostingEnded, meta, fields["ended_on"], record, limits, **fields)

