"""The ``Teacher`` aggregate: one teacher's or school leader's whole rotation record.

Every command on a teacher (``ledger.domain.commands``) goes through one ``handle``: an identical
repeat replays, the command decides its record from the dossier, the dossier's standing checks
run with the record in place, and the nested past-tense event records it. Every record-touching
event carries the touched record's full state (``record``), and corrections carry every record
they change (``effects``); the ``when`` handlers only assign that state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, checked, envelope, json_native
from ledger.domain.dossier import NO_OTHERS, Dossier, Limits, Others, Profile
from ledger.domain.errors import ConflictError
from ledger.domain.records import Record

if TYPE_CHECKING:
    from ledger.domain.commands import Command, RegisterTeacher


def teacher_uuid(teacher_id: str) -> Any:
    return aggregate_id("teacher", teacher_id)


class Teacher(LedgerAggregate):
    """One teacher's or school leader's rotation record."""

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
        KEY = "registration"

    class RecordEvent(LedgerAggregate.Event):
        """An event that creates or changes one record; ``record`` is its state afterwards."""

        record: dict[str, Any]
        DERIVED: ClassVar[tuple[str, ...]] = ("record",)

    class TitleConferred(RecordEvent):
        title_id: str
        title: str
        conferred_on: str
        KEY = "record:{title_id}"

    class BackboneDesignated(RecordEvent):
        designation_id: str
        level: str
        cycle_start: str
        cycle_end: str
        KEY = "record:{designation_id}"

    class BackboneRevoked(RecordEvent):
        designation_id: str
        revoked_on: str
        KEY = "revocation:{designation_id}"

    class BackboneAssessed(RecordEvent):
        designation_id: str
        year: int
        result: str
        assessed_on: str
        KEY = "assessment:{designation_id}:{year}"

    class GradeConferred(RecordEvent):
        grade_id: str
        grade: str
        step: int
        conferred_on: str
        rural_posting_id: str | None
        KEY = "record:{grade_id}"

    class GradeRevoked(RecordEvent):
        grade_id: str
        revoked_on: str
        posting_id: str | None
        KEY = "grade-revocation:{grade_id}"

    class EvaluationRecorded(RecordEvent):
        evaluation_id: str
        school_year: int
        grade: str
        school_id: str
        score: str | None = None  # recorded since scores were introduced; earlier events read as None
        KEY = "record:{evaluation_id}"

    class PostingRecorded(RecordEvent):
        posting_id: str
        kind: str
        host_school_ids: list[str]
        start_date: str
        planned_end_date: str | None
        transfers_personnel_relation: bool
        override_exemption_reason: str | None
        notices: list[dict[str, Any]] | None = None  # warnings the write answered (R-Q-LEADERS)
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "notices")
        KEY = "record:{posting_id}"

    class ReportedForDuty(RecordEvent):
        posting_id: str
        reported_on: str
        notices: list[dict[str, Any]] | None = None  # a late report's R-POST-REPORT warning
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "notices")
        KEY = "report:{posting_id}"

    class ReportingFailed(RecordEvent):
        posting_id: str
        failed_on: str
        days_absent: int
        consequence: str
        KEY = "refusal:{posting_id}:{failed_on}:{days_absent}"

    class PostingExtended(RecordEvent):
        posting_id: str
        new_end_date: str
        KEY = "extension:{posting_id}:{new_end_date}"

    class PostingEnded(RecordEvent):
        posting_id: str
        ended_on: str
        early: bool | None  # as sent; the record's ``ended_early`` follows from the dates (R-TENURE-RESET)
        notices: list[dict[str, Any]] | None = None
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "notices")
        KEY = "return:{posting_id}"

    class ExemptionGranted(RecordEvent):
        exemption_id: str
        category: str
        start_date: str
        end_date: str | None
        child_birth_date: str | None
        evidence_ref: str | None
        spouse_teacher_id: str | None
        notices: list[dict[str, Any]] | None = None  # R-EX-COUPLE: a spouse who is not due
        approved_by: str | None = None  # R-EX-APPROVER; events stored before read as not recorded
        approval_ref: str | None = None
        notice_from: str | None = None  # R-EX-NOTICE
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "notices")
        KEY = "record:{exemption_id}"

    class ExemptionEnded(RecordEvent):
        exemption_id: str
        ended_on: str
        KEY = "exemption-end:{exemption_id}"

    class AwardGranted(RecordEvent):
        award_id: str
        kind: str
        awarded_on: str
        posting_id: str | None
        amount_cny: str | None
        KEY = "record:{award_id}"

    class TeacherDeparted(RecordEvent):
        departure_id: str
        departed_on: str
        kind: str
        KEY = "record:{departure_id}"

    class RecordVoided(RecordEvent):
        """``record`` is the correction itself; ``effects`` every record it changes."""

        correction_id: str
        target_id: str
        effects: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")
        KEY = "record:{correction_id}"

    class RecordAmended(RecordEvent):
        correction_id: str
        target_id: str
        changes: dict[str, Any]
        effects: list[dict[str, Any]]
        override_exemption_reason: str | None = None  # R-POST-EXEMPT for an amended posting
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")
        KEY = "record:{correction_id}"


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

    @property
    def teacher_id(self) -> str:
        return self.dossier.profile.teacher_id

    # ------------------------------------------------------------------ commands
    @classmethod
    def register(cls, command: RegisterTeacher, meta: Meta) -> Teacher:
        """A new teacher from a registration, with the records it starts with (title, backbone)."""
        meta = checked(meta)
        return cls._create(
            cls.TeacherRegistered,
            id=teacher_uuid(command.teacher_id),
            timestamp=meta.recorded_at,
            **envelope(meta, command.effective_on(meta.recorded_at)),
            **json_native(command.event_fields(Limits())),
            records=[r.to_dict() for r in command.initial_records()],
        )

    def handle(self, command: Command, meta: Meta, limits: Limits, others: Others = NO_OTHERS) -> Outcome:
        """Records a command: an identical repeat replays the original outcome (with the notices
        it answered); otherwise the command decides its record, every invariant involving it is
        checked with it in place, the rules across teachers consult ``others``, and its event is
        emitted with its notices (then any command it brings along, in the same save)."""
        meta = checked(meta)
        effective = command.effective_on(meta.recorded_at)
        fields = command.event_fields(limits)
        implied = command.implied_clauses(self.dossier)
        if (outcome := self.replayed(command, meta, effective, fields, implied)) is not None:
            return outcome
        if not command.AFTER_DEPARTURE:
            self._ensure_active()
        decision = command.decide(self.dossier, limits, effective)
        touched = decision.effects or (decision.record,)
        after = self.dossier.with_records(decision.record, *decision.effects)
        after.check([r.record_id for r in touched], limits)
        notices = (*decision.notices, *command.consult(after, decision, limits, others, effective))
        meta = meta.with_clauses(*command.CLAUSES, *decision.clauses)
        extra: dict[str, Any] = {"effects": [r.to_dict() for r in decision.effects]} if decision.effects else {}
        if notices:
            extra["notices"] = [n.stored() for n in notices]
        self.emit(command.EVENT, meta, effective, record=decision.record.to_dict(), **extra, **fields)
        outcome = Outcome(decision.record.TYPE.value, decision.record.record_id, self.version, notices=notices)
        for then in decision.then:
            self.handle(then, meta, limits)
        return outcome

    def _ensure_active(self) -> None:
        departure = self.dossier.departure
        if departure is not None:
            raise ConflictError("teacher.departed", teacher=self.teacher_id, on=departure.departed_on,
                                kind=departure.kind)
