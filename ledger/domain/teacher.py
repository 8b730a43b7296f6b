"""The ``Teacher`` aggregate: one teacher's or school leader's whole rotation record.

Public methods validate and compute; the nested past-tense events carry the result; the ``when``
handlers only assign it. Every record-touching event carries the touched record's full state
(``record``), and corrections carry every record they change (``effects``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain import corrections
from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, envelope, json_native
from ledger.domain.dates import ONE_DAY, add_years, china_today
from ledger.domain.dossier import Dossier, Limits, Profile
from ledger.domain.enums import (
    AwardKind,
    BackboneLevel,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    Gender,
    PostingKind,
    RecordType,
    RefusalConsequence,
    Role,
    Title,
)
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.records import (
    Award,
    Backbone,
    Correction,
    Departure,
    Evaluation,
    Exemption,
    Extension,
    Posting,
    Record,
    Refusal,
    TitleRecord,
)
from ledger.domain.values import Checks

BACKBONE_CYCLE_YEARS = 3  # seed 002: designations run for a three-year cycle
INITIAL_TITLE_ID = "initial-title"
INITIAL_BACKBONE_ID = "initial-backbone"
# Clauses a command cites by itself (beyond the caller's), by event class name.
IMPLIED_CLAUSES: dict[str, frozenset[str]] = {
    "PostingRecorded": frozenset({"R-POST-EXEMPT", "R-POST-SUPERVISORY"}),
    "ReportedForDuty": frozenset({"R-POST-REPORT"}),
    "ReportingFailed": frozenset({"R-POST-REPORT"}),
}


def teacher_uuid(teacher_id: str) -> Any:
    return aggregate_id("teacher", teacher_id)


class Teacher(LedgerAggregate):
    # ------------------------------------------------------------------ events
    class TeacherRegistered(LedgerAggregate.Event, Aggregate.Created):
        teacher_id: str
        name: str
        gender: str
        birth_date: str
        role: str
        subject: str | None
        home_school_id: str
        at_home_school_since: str
        title: str | None
        title_since: str | None
        backbone_level: str | None
        backbone_cycle_start: str | None
        records: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("records",)

        def command_key(self) -> str:
            return "registration"

    class RecordEvent(LedgerAggregate.Event):
        """An event that creates or changes one record; ``record`` is its state afterwards."""

        record: dict[str, Any]
        DERIVED: ClassVar[tuple[str, ...]] = ("record",)

        def command_key(self) -> str:
            return f"record:{self.record['record_id']}"

    class TitleConferred(RecordEvent):
        title_id: str
        title: str
        conferred_on: str

    class BackboneDesignated(RecordEvent):
        designation_id: str
        level: str
        cycle_start: str
        cycle_end: str

    class BackboneRevoked(RecordEvent):
        designation_id: str
        revoked_on: str

        def command_key(self) -> str:
            return f"revocation:{self.designation_id}"

    class EvaluationRecorded(RecordEvent):
        evaluation_id: str
        school_year: int
        grade: str
        school_id: str

    class PostingRecorded(RecordEvent):
        posting_id: str
        kind: str
        host_school_ids: list[str]
        start_date: str
        planned_end_date: str | None
        transfers_personnel_relation: bool
        override_exemption_reason: str | None

    class ReportedForDuty(RecordEvent):
        posting_id: str
        reported_on: str

        def command_key(self) -> str:
            return f"report:{self.posting_id}"

    class ReportingFailed(RecordEvent):
        posting_id: str
        failed_on: str
        days_absent: int
        consequence: str

        def command_key(self) -> str:
            return f"refusal:{self.posting_id}:{self.failed_on}:{self.days_absent}"

    class PostingExtended(RecordEvent):
        posting_id: str
        new_end_date: str

        def command_key(self) -> str:
            return f"extension:{self.posting_id}:{self.new_end_date}"

    class PostingEnded(RecordEvent):
        posting_id: str
        ended_on: str
        early: bool

        def command_key(self) -> str:
            return f"return:{self.posting_id}"

    class ExemptionGranted(RecordEvent):
        exemption_id: str
        category: str
        start_date: str
        end_date: str | None
        child_birth_date: str | None
        evidence_ref: str | None
        spouse_teacher_id: str | None

    class ExemptionEnded(RecordEvent):
        exemption_id: str
        ended_on: str

        def command_key(self) -> str:
            return f"exemption-end:{self.exemption_id}"

    class AwardGranted(RecordEvent):
        award_id: str
        kind: str
        awarded_on: str
        posting_id: str | None
        amount_cny: str | None

    class TeacherDeparted(RecordEvent):
        departure_id: str
        departed_on: str
        kind: str

    class RecordVoided(RecordEvent):
        """``record`` is the correction itself; ``effects`` every record it changes."""

        correction_id: str
        target_id: str
        effects: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")

    class RecordAmended(RecordEvent):
        correction_id: str
        target_id: str
        changes: dict[str, Any]
        effects: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")

    # ------------------------------------------------------------------ state
    def __init__(self) -> None:
        super().__init__()
        self.dossier: Dossier

    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: Teacher.TeacherRegistered) -> None:
        profile = Profile.from_dict({k: getattr(e, k) for k in Profile.__dataclass_fields__})
        self.dossier = Dossier(profile, {r["record_id"]: Record.from_dict(r) for r in e.records})

    @when.register
    def _(self, e: Teacher.RecordEvent) -> None:
        touched = [e.record, *getattr(e, "effects", ())]
        self.dossier = self.dossier.with_records(*(Record.from_dict(r) for r in touched))

    # ------------------------------------------------------------------ registration
    @classmethod
    def register(
        cls,
        *,
        teacher_id: str,
        name: str,
        gender: str,
        birth_date: date | str,
        role: str,
        subject: str | None,
        home_school_id: str,
        at_home_school_since: date | str,
        title: str | None,
        title_since: date | str | None,
        backbone_level: str | None,
        backbone_cycle_start: date | str | None,
        meta: Meta,
    ) -> Teacher:
        fields, meta = registration_fields(
            teacher_id=teacher_id, name=name, gender=gender, birth_date=birth_date, role=role,
            subject=subject, home_school_id=home_school_id, at_home_school_since=at_home_school_since,
            title=title, title_since=title_since, backbone_level=backbone_level,
            backbone_cycle_start=backbone_cycle_start, meta=meta,
        )
        records: list[Record] = []
        if fields["title"] is not None:
            records.append(TitleRecord(record_id=INITIAL_TITLE_ID, title=fields["title"],
                                       conferred_on=fields["title_since"]))
        if fields["backbone_level"] is not None:
            start = fields["backbone_cycle_start"]
            records.append(Backbone(record_id=INITIAL_BACKBONE_ID, level=fields["backbone_level"],
                                    cycle_start=start, cycle_end=cycle_end_of(start)))
        return cls._create(
            cls.TeacherRegistered,
            id=teacher_uuid(fields["teacher_id"]),
            timestamp=meta.recorded_at,
            **envelope(meta, fields["at_home_school_since"]),
            **json_native(fields),
            records=[r.to_dict() for r in records],
        )

    def check_registration_replay(self, **kwargs: Any) -> Outcome:
        """Registering the same teacher again: identical content replays, other content conflicts."""
        fields, meta = registration_fields(**kwargs)
        outcome = self.previous_command(
            self.TeacherRegistered, "registration", meta, fields["at_home_school_since"], fields,
            ("teacher", fields["teacher_id"]),
        )
        assert outcome is not None
        return outcome

    # ------------------------------------------------------------------ helpers
    @property
    def teacher_id(self) -> str:
        return self.dossier.profile.teacher_id

    def _replay(self, event_class: type[LedgerAggregate.Event], key: str, meta: Meta,
                effective: date, fields: dict[str, Any], record: tuple[str, str],
                effective_date_given: bool = True) -> Outcome | None:
        kind, _, ident = key.partition(":")
        what = {
            "report": f"the report for duty on posting '{fields.get('posting_id')}'",
            "return": f"the return of posting '{fields.get('posting_id')}'",
            "revocation": f"the revocation of designation '{fields.get('designation_id')}'",
            "exemption-end": f"the end of exemption '{fields.get('exemption_id')}'",
        }.get(kind)
        implied = IMPLIED_CLAUSES.get(event_class.__name__, frozenset())
        if "category" in fields and isinstance(fields["category"], ExemptionCategory):
            implied = implied | {fields["category"].clause}
        return self.previous_command(event_class, key, meta, effective, fields, record,
                                     effective_date_given=effective_date_given, what=what,
                                     implied_clauses=implied)

    def _ensure_active(self) -> None:
        departure = self.dossier.departure
        if departure is not None:
            raise ConflictError(
                f"teacher '{self.teacher_id}' departed on {departure.departed_on} "
                f"({departure.kind.value}); only corrections can be recorded"
            )

    def _record(
        self,
        event_class: type[RecordEvent],
        meta: Meta,
        effective: date,
        record: Record,
        limits: Limits,
        **fields: Any,
    ) -> Outcome:
        """Checks the dossier with ``record`` in place, then emits the event carrying it."""
        candidate = self.dossier.with_records(record)
        candidate.check([record.record_id], limits)
        self.emit(event_class, meta, effective, record=record.to_dict(), **fields)
        return Outcome(record.TYPE.value, record.record_id, self.version)

    def _existing(self, record_id: str, cls: type[Record]) -> Any:
        record = self.dossier.get(record_id)
        if not isinstance(record, cls):
            raise ConflictError(f"record '{record_id}' is a {record.TYPE.value}, not a {cls.TYPE.value}")
        if record.voided:
            raise ConflictError(f"{cls.TYPE.value} '{record_id}' was voided by '{record.voided_by}'")
        return record

    # ------------------------------------------------------------------ titles and backbone
    def confer_title(self, *, title_id: str, title: str, conferred_on: date | str, meta: Meta,
                     limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"title_id": c.ident("title_id", title_id), "title": c.enum("title", Title, title),
                  "conferred_on": c.date("conferred_on", conferred_on)}
        c.done()
        key = f"record:{title_id}"
        if (o := self._replay(self.TitleConferred, key, meta, fields["conferred_on"], fields, ("title", title_id))):
            return o
        self._ensure_active()
        record = TitleRecord(record_id=title_id, title=fields["title"], conferred_on=fields["conferred_on"])
        return self._record(self.TitleConferred, meta, fields["conferred_on"], record, limits, **fields)

    def designate_backbone(self, *, designation_id: str, level: str, cycle_start: date | str,
                           cycle_end: date | str | None, meta: Meta, limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        start = c.date("cycle_start", cycle_start)
        fields = {"designation_id": c.ident("designation_id", designation_id),
                  "level": c.enum("level", BackboneLevel, level), "cycle_start": start,
                  "cycle_end": c.date("cycle_end", cycle_end, required=False) or (start and cycle_end_of(start))}
        c.done()
        key = f"record:{designation_id}"
        if (o := self._replay(self.BackboneDesignated, key, meta, start, fields, ("backbone", designation_id))):
            return o
        self._ensure_active()
        record = Backbone(record_id=designation_id, level=fields["level"], cycle_start=start,
                          cycle_end=fields["cycle_end"])
        return self._record(self.BackboneDesignated, meta, start, record, limits, **fields)

    def revoke_backbone(self, *, designation_id: str, revoked_on: date | str, meta: Meta,
                        limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"designation_id": c.ident("designation_id", designation_id),
                  "revoked_on": c.date("revoked_on", revoked_on)}
        c.done()
        key = f"revocation:{designation_id}"
        if (o := self._replay(self.BackboneRevoked, key, meta, fields["revoked_on"], fields, ("backbone", designation_id))):
            return o
        self._ensure_active()
        designation: Backbone = self._existing(designation_id, Backbone)
        if designation.revoked_on is not None:
            raise ConflictError(f"designation '{designation_id}' was already revoked on {designation.revoked_on}")
        record = designation.replace(revoked_on=fields["revoked_on"])
        return self._record(self.BackboneRevoked, meta, fields["revoked_on"], record, limits, **fields)

    # ------------------------------------------------------------------ evaluations
    def record_evaluation(self, *, evaluation_id: str, school_year: int, grade: str, school_id: str,
                          meta: Meta, limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"evaluation_id": c.ident("evaluation_id", evaluation_id),
                  "school_year": c.integer("school_year", school_year, lo=1950, hi=2199),
                  "grade": c.enum("grade", EvaluationGrade, grade),
                  "school_id": c.ident("school_id", school_id)}
        c.done()
        record = Evaluation(record_id=evaluation_id, school_year=fields["school_year"],
                            grade=fields["grade"], school_id=fields["school_id"])
        key = f"record:{evaluation_id}"
        if (o := self._replay(self.EvaluationRecorded, key, meta, record.effective_date, fields, ("evaluation", evaluation_id))):
            return o
        self._ensure_active()
        return self._record(self.EvaluationRecorded, meta, record.effective_date, record, limits, **fields)

    # ------------------------------------------------------------------ postings
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
        limits: Limits = Limits(),
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
                        limits: Limits = Limits()) -> Outcome:
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
                                 meta: Meta, limits: Limits = Limits()) -> Outcome:
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
                       effective_date: date | str | None = None, limits: Limits = Limits()) -> Outcome:
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
                    limits: Limits = Limits()) -> Outcome:
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

    # ------------------------------------------------------------------ exemptions
    def grant_exemption(
        self,
        *,
        exemption_id: str,
        category: str,
        start_date: date | str,
        end_date: date | str | None = None,
        child_birth_date: date | str | None = None,
        evidence_ref: str | None = None,
        spouse_teacher_id: str | None = None,
        meta: Meta,
        limits: Limits = Limits(),
    ) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {
            "exemption_id": c.ident("exemption_id", exemption_id),
            "category": c.enum("category", ExemptionCategory, category),
            "start_date": c.date("start_date", start_date),
            "end_date": c.date("end_date", end_date, required=False),
            "child_birth_date": c.date("child_birth_date", child_birth_date, required=False),
            "evidence_ref": c.text("evidence_ref", evidence_ref, required=False),
            "spouse_teacher_id": c.ident("spouse_teacher_id", spouse_teacher_id) if spouse_teacher_id else None,
        }
        c.done()
        key = f"record:{exemption_id}"
        if (o := self._replay(self.ExemptionGranted, key, meta, fields["start_date"], fields, ("exemption", exemption_id))):
            return o
        self._ensure_active()
        record = Exemption(record_id=exemption_id, **{k: v for k, v in fields.items() if k != "exemption_id"})
        meta = meta.with_clauses(fields["category"].clause)
        return self._record(self.ExemptionGranted, meta, fields["start_date"], record, limits, **fields)

    def end_exemption(self, *, exemption_id: str, ended_on: date | str, meta: Meta,
                      limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"exemption_id": c.ident("exemption_id", exemption_id), "ended_on": c.date("ended_on", ended_on)}
        c.done()
        key = f"exemption-end:{exemption_id}"
        if (o := self._replay(self.ExemptionEnded, key, meta, fields["ended_on"], fields, ("exemption", exemption_id))):
            return o
        self._ensure_active()
        exemption: Exemption = self._existing(exemption_id, Exemption)
        last = exemption.last_day
        if exemption.ended_on is not None or (last is not None and last < fields["ended_on"]):
            raise ConflictError(f"exemption '{exemption_id}' already ended on {last}")
        record = exemption.replace(ended_on=fields["ended_on"])
        meta = meta.with_clauses(exemption.category.clause)
        return self._record(self.ExemptionEnded, meta, fields["ended_on"], record, limits, **fields)

    # ------------------------------------------------------------------ awards and departure
    def grant_award(self, *, award_id: str, kind: str, awarded_on: date | str, posting_id: str | None = None,
                    amount_cny: Decimal | str | int | None = None, meta: Meta,
                    limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {
            "award_id": c.ident("award_id", award_id),
            "kind": c.enum("kind", AwardKind, kind),
            "awarded_on": c.date("awarded_on", awarded_on),
            "posting_id": c.ident("posting_id", posting_id) if posting_id is not None else None,
            "amount_cny": c.amount("amount_cny", amount_cny, required=False),
        }
        c.done()
        key = f"record:{award_id}"
        if (o := self._replay(self.AwardGranted, key, meta, fields["awarded_on"], fields, ("award", award_id))):
            return o
        self._ensure_active()
        record = Award(record_id=award_id, **{k: v for k, v in fields.items() if k != "award_id"})
        return self._record(self.AwardGranted, meta, fields["awarded_on"], record, limits, **fields)

    def depart(self, *, departed_on: date | str, kind: str, meta: Meta, departure_id: str | None = None,
               limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        on = c.date("departed_on", departed_on)
        fields = {"departure_id": c.ident("departure_id", departure_id or f"departure-{on}"),
                  "departed_on": on, "kind": c.enum("kind", DepartureKind, kind)}
        c.done()
        key = f"record:{fields['departure_id']}"
        if (o := self._replay(self.TeacherDeparted, key, meta, on, fields, ("departure", fields["departure_id"]))):
            return o
        self._ensure_active()
        record = Departure(record_id=fields["departure_id"], departed_on=on, kind=fields["kind"])
        return self._record(self.TeacherDeparted, meta, on, record, limits, **fields)

    # ------------------------------------------------------------------ corrections (RULES.md §4)
    def void(self, *, correction_id: str, target_id: str, meta: Meta, effective_date: date | str | None = None,
             limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"correction_id": c.ident("correction_id", correction_id), "target_id": c.ident("target_id", target_id)}
        effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
        c.done()
        key = f"record:{correction_id}"
        if (o := self._replay(self.RecordVoided, key, meta, effective, fields, ("correction", correction_id),
                              effective_date is not None)):
            return o
        correction, effects = corrections.void(self.dossier, correction_id, target_id, effective)
        return self._correct(self.RecordVoided, meta, effective, correction, effects, limits, **fields)

    def amend(self, *, correction_id: str, target_id: str, changes: dict[str, Any], meta: Meta,
              effective_date: date | str | None = None, limits: Limits = Limits()) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"correction_id": c.ident("correction_id", correction_id), "target_id": c.ident("target_id", target_id),
                  "changes": changes if isinstance(changes, dict) else None}
        if fields["changes"] is None:
            c.fail("changes", "must be an object of field: new value")
        effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
        c.done()
        key = f"record:{correction_id}"
        if (o := self._replay(self.RecordAmended, key, meta, effective, fields, ("correction", correction_id),
                              effective_date is not None)):
            return o
        correction, effects = corrections.amend(self.dossier, correction_id, target_id, changes, effective)
        return self._correct(self.RecordAmended, meta, effective, correction, effects, limits, **fields)

    def _correct(self, event_class: type[RecordEvent], meta: Meta, effective: date, correction: Correction,
                 effects: list[Record], limits: Limits, **fields: Any) -> Outcome:
        candidate = self.dossier.with_records(correction, *effects)
        candidate.check([r.record_id for r in effects], limits)
        self.emit(event_class, meta, effective, record=correction.to_dict(),
                  effects=[r.to_dict() for r in effects], **fields)
        return Outcome(RecordType.CORRECTION.value, correction.record_id, self.version)


def cycle_end_of(start: date) -> date:
    return add_years(start, BACKBONE_CYCLE_YEARS) - ONE_DAY


def registration_fields(*, meta: Meta, **values: Any) -> tuple[dict[str, Any], Meta]:
    """Validates a registration; returns the normalised fields and envelope."""
    c = Checks()
    meta = meta.check(c)
    f: dict[str, Any] = {
        "teacher_id": c.ident("teacher_id", values["teacher_id"]),
        "name": c.text("name", values["name"], max_len=100),
        "gender": c.enum("gender", Gender, values["gender"]),
        "birth_date": c.date("birth_date", values["birth_date"]),
        "role": c.enum("role", Role, values["role"]),
        "subject": c.text("subject", values.get("subject"), required=False, max_len=100),
        "home_school_id": c.ident("home_school_id", values["home_school_id"]),
        "at_home_school_since": c.date("at_home_school_since", values["at_home_school_since"]),
        "title": c.enum("title", Title, values.get("title"), required=False),
        "title_since": c.date("title_since", values.get("title_since"), required=False),
        "backbone_level": c.enum("backbone_level", BackboneLevel, values.get("backbone_level"), required=False),
        "backbone_cycle_start": c.date("backbone_cycle_start", values.get("backbone_cycle_start"), required=False),
    }
    if f["title"] is not None and f["title_since"] is None:
        c.fail("title_since", "is required with a title")
    if f["title"] is None and f["title_since"] is not None:
        c.fail("title", "is required with title_since")
    if f["backbone_level"] is not None and f["backbone_cycle_start"] is None:
        c.fail("backbone_cycle_start", "is required with a backbone level")
    birth, since = f["birth_date"], f["at_home_school_since"]
    if birth and since and add_years(birth, 16) > since:
        c.fail("at_home_school_since", "must be at least 16 years after birth_date")
    if birth and f["title_since"] and f["title_since"] < birth:
        c.fail("title_since", "must be after birth_date")
    c.done()
    return f, meta
