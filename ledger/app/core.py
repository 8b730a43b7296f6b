"""The application service's machinery: loading aggregates, saving with optimistic concurrency and
retry, idempotent replays that answer with the original event's position, and time travel."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import EnvType

from ledger.app.registers import Registers
from ledger.domain.base import LedgerAggregate, Meta, Notice, Outcome, event_id
from ledger.domain.commands import Command, Registration
from ledger.domain.dates import aware, china_today
from ledger.domain.dossier import NO_OTHERS, Dossier, Limits
from ledger.domain.policy.quotas import LEADERSHIP_TEAM
from ledger.domain.register import leaders_register
from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError, RuleViolation
from ledger.domain.messages import Term
from ledger.domain.school import School, school_uuid
from ledger.domain.teacher import Teacher, teacher_uuid
from ledger.store import position_of

A = TypeVar("A", bound=LedgerAggregate)
Clock = Callable[[], datetime]

MAX_ATTEMPTS = 12
# The aggregates commands act on, by ``Command.SUBJECT``.
SUBJECTS: dict[str, tuple[type[Any], Callable[[str], UUID]]] = {
    "teacher": (Teacher, teacher_uuid),
    "school": (School, school_uuid),
}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Envelope:
    """What the caller states about a command: who, why, on which clauses and document."""

    actor: str
    reason: str
    policy_clauses: tuple[str, ...] | list[str] = ()
    document_ref: str | None = None
    correlation_id: str = ""


@dataclass(frozen=True)
class WriteResult:
    """The answer to a write: the touched record, the event that recorded it, its position."""

    subject_type: str  # "teacher" | "school"
    subject_id: str
    record_type: str
    record_id: str
    record: dict[str, Any] | None
    event_id: UUID
    event_type: str
    version: int
    position: int | None
    replayed: bool
    notices: tuple[Notice, ...] = ()
    aggregate: LedgerAggregate | None = field(default=None, repr=False, compare=False)  # as saved


class LedgerCore(Application[UUID]):
    """Loading, saving and time travel shared by every use case."""

    name = "RotationLedger"

    def __init__(self, env: EnvType | None = None, *, clock: Clock = utc_now) -> None:
        super().__init__(env)
        self.clock = clock
        self._known_schools: set[str] = set()

    # ---------------------------------------------------------------- reading aggregates
    def _load(self, cls: type[A], uuid: UUID, kind: str, ident: str, version: int | None = None) -> A:
        try:
            aggregate = self.repository.get(uuid, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(kind, ident) from None
        assert isinstance(aggregate, cls)
        return aggregate

    def get_teacher(self, teacher_id: str) -> Teacher:
        return self._load(Teacher, teacher_uuid(teacher_id), "teacher", teacher_id)

    def get_school(self, school_id: str) -> School:
        return self._load(School, school_uuid(school_id), "school", school_id)

    def school_exists(self, school_id: str) -> bool:
        """Whether a school is registered. Schools are never removed, so a school once found is
        remembered (one read saved on every posting)."""
        if school_id in self._known_schools:
            return True
        if list(self.recorder.select_events(school_uuid(school_id), limit=1)):
            self._known_schools.add(school_id)
            return True
        return False

    def teacher_exists(self, teacher_id: str) -> bool:
        return bool(list(self.recorder.select_events(teacher_uuid(teacher_id), limit=1)))

    def known_at(self, cls: type[A], uuid: UUID, kind: str, ident: str, moment: datetime) -> A:
        """The aggregate as the ledger knew it at a recorded moment (before later events)."""
        moment = aware(moment)
        events = [e for e in self.events.get(uuid) if e.timestamp <= moment]
        if not events:
            raise NotFoundError(kind, ident, "not_found.not_yet", moment=moment)
        aggregate = project_aggregate(None, events)
        assert isinstance(aggregate, cls)
        return aggregate

    def teacher_known_at(self, teacher_id: str, moment: datetime) -> Teacher:
        return self.known_at(Teacher, teacher_uuid(teacher_id), "teacher", teacher_id, moment)

    def school_known_at(self, school_id: str, moment: datetime) -> School:
        return self.known_at(School, school_uuid(school_id), "school", school_id, moment)

    # ---------------------------------------------------------------- writing
    def today(self) -> date:
        return china_today(self.clock())

    def limits_on(self, on: date) -> Limits:
        """The policy parameters the invariants need on a date (the profile in force)."""
        return Limits()

    def _meta(self, by: Envelope) -> Meta:
        return Meta(
            actor=by.actor,
            reason=by.reason,
            recorded_at=self.clock(),
            policy_clauses=tuple(by.policy_clauses),
            document_ref=by.document_ref,
            correlation_id=by.correlation_id,
        )

    def execute(self, subject_id: str, command: Command, *, by: Envelope) -> WriteResult:
        """Records a command on its teacher or school (``ledger.domain.commands``): the schools and
        teachers it names must be registered; a registration creates its subject, or replays on
        an identical one; every other command is handled by its aggregate."""
        cls, uuid_of = SUBJECTS[command.SUBJECT]
        kind = command.SUBJECT
        if isinstance(command, Registration) and command.record_id != subject_id:
            raise InvalidInput.one(command.ID, "field.subject_mismatch", subject=subject_id)
        self.check_references(command)
        uuid = uuid_of(subject_id)

        def attempt(meta: Meta) -> tuple[LedgerAggregate, Outcome, list[LedgerAggregate]]:
            registers = Registers(self, meta)
            try:
                aggregate = self._load(cls, uuid, kind, subject_id)
            except NotFoundError:
                if not isinstance(command, Registration):
                    raise
                created = cls.register(command, meta)
                if isinstance(created, Teacher) and created.dossier.profile.role in LEADERSHIP_TEAM:
                    self._note_leader(registers, created)
                return created, Outcome(kind, subject_id, created.version), registers.pending()
            effective = command.effective_on(meta.recorded_at)
            limits = self.limits_on(effective)
            if not isinstance(aggregate, Teacher):
                return aggregate, aggregate.handle(command, meta, limits), []
            # a rule across teachers reads what it spans now (a repeat replays without reading)
            repeat = aggregate.has_recorded(command.key(command.event_fields(limits)))
            span = None if repeat else command.spans(aggregate.dossier, limits, effective)
            others = registers.others(span, subject_id) if span is not None else NO_OTHERS
            outcome = aggregate.handle(command, meta, limits, others)
            if span is not None and not outcome.replayed:
                registers.note(span.registers, subject_id, outcome.record_id,
                               leader=aggregate.dossier.profile.role in LEADERSHIP_TEAM)
            return aggregate, outcome, registers.pending()

        return self.write(kind, subject_id, by, attempt)

    @staticmethod
    def _note_leader(registers: Registers, teacher: Teacher) -> None:
        """A leader registered: a member of their school's leaders register, once registers exist."""
        if registers.built():
            registers.note((leaders_register(teacher.dossier.profile.home_school_id),), teacher.teacher_id,
                           "registration", leader=True)

    def register(self, command: Registration, *, by: Envelope) -> WriteResult:
        """Registers a teacher or school (``RegisterTeacher``, ``RegisterSchool``)."""
        return self.execute(command.record_id, command, by=by)

    def profile_at(self, on: date) -> Any:
        """The whole policy profile in force on a date (the policy engine knows it)."""
        return None

    def evaluated_at(self, school_id: str, school_year: int) -> list[Dossier]:
        """The teachers a school evaluated in a school year (the policy engine reads them)."""
        return []

    def check_references(self, command: Command) -> None:
        """R-POST-HOST and the like: every school and teacher a command names is registered."""
        for ref in command.references():
            known = self.school_exists(ref.ident) if ref.kind == "school" else self.teacher_exists(ref.ident)
            if known:
                continue
            if ref.clause:
                raise RuleViolation(ref.clause, "posting.host_not_registered", school=ref.ident)
            raise NotFoundError(ref.kind, ref.ident)

    def write(self, kind: str, ident: str, by: Envelope, attempt: Callable[[Meta], Any]) -> WriteResult:
        """The one retry loop of every write: ``attempt`` loads (or creates) its aggregate and runs
        the command with a fresh envelope (returning the aggregate, the outcome, and the registers
        it updated, if any); when saving loses a race with a concurrent write to the same aggregate
        or register, it runs again on a fresh load (optimistic concurrency), so no event is ever
        lost and no decision is taken on a stale state."""
        for n in range(MAX_ATTEMPTS):
            aggregate, outcome, *also = attempt(self._meta(by))
            if outcome.replayed:
                return self._result(kind, ident, aggregate, outcome, None)
            try:
                recordings = self.save(aggregate, *(also[0] if also else ()))
            except IntegrityError:
                time.sleep(random.uniform(0, 0.005 * (n + 1)))  # noqa: S311 (jitter, not crypto)
                continue
            return self._result(kind, ident, aggregate, outcome, recordings)
        raise ConflictError("write.too_fast", kind=Term("kind", kind), ident=ident)

    def _result(self, kind: str, ident: str, aggregate: LedgerAggregate, outcome: Outcome,
                recordings: list[Recording[UUID]] | None) -> WriteResult:
        version = outcome.version
        if recordings:
            own = [r for r in recordings if r.domain_event.originator_id == aggregate.id]
            by_version = {r.notification.originator_version: r for r in own}
            recording = by_version.get(version, own[-1])
            position: int | None = max(r.notification.id for r in recordings)
            event_type = type(recording.domain_event).__name__
        else:
            position = position_of(self.recorder, aggregate.id, version)
            stored = list(self.recorder.select_events(aggregate.id, gt=version - 1, lte=version))
            event_type = stored[0].topic.rsplit(".", 1)[-1] if stored else ""
        return WriteResult(
            subject_type=kind,
            subject_id=ident,
            record_type=outcome.record_type,
            record_id=outcome.record_id,
            record=self._record_state(aggregate, outcome),
            event_id=event_id(aggregate.id, version),
            event_type=event_type,
            version=version,
            position=position,
            replayed=outcome.replayed,
            notices=outcome.notices,
            aggregate=aggregate,
        )

    @staticmethod
    def _record_state(aggregate: LedgerAggregate, outcome: Outcome) -> dict[str, Any] | None:
        if isinstance(aggregate, Teacher):
            record = aggregate.dossier.records.get(outcome.record_id)
            if record is not None:
                return record.to_dict()
            if outcome.record_type == "teacher":
                return aggregate.dossier.profile.to_dict()
        if isinstance(aggregate, School):
            return aggregate.facts().to_dict()
        return None

    def save_all(self, aggregates: Iterable[LedgerAggregate]) -> list[Recording[UUID]]:
        """Bulk path: several aggregates' pending events in one transaction."""
        return self.save(*aggregates)
