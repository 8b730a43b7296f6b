"""The bulk path: entries (commands with their envelopes) handled by their aggregates, and the events
of several aggregates saved in one transaction, in the order they were recorded (so ledger positions
follow recorded times).

Aggregates stay in a bounded least-recently-used cache between transactions; a miss loads the
aggregate from the overflow file (``spill``) or replays it from the store. Every transaction is a consistent state of the ledger: if a write fails
part-way, what was saved stays valid, and running the same commands again replays what is there
(the domain's idempotency) and records the rest. A concurrent write to one of the batch's
aggregates makes the batch reload and apply its commands again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from ledger.app import RotationLedger
from ledger.app.core import SUBJECTS
from ledger.domain.base import LedgerAggregate, Meta, Outcome
from ledger.domain.dossier import Limits
from ledger.domain.errors import ConflictError, NotFoundError
from ledger.domain.policy.quotas import LEADERSHIP_TEAM
from ledger.domain.register import BUILT, Register, leaders_register, register_uuid
from ledger.domain.school import School, school_uuid
from ledger.domain.teacher import Teacher, teacher_uuid
from ledger.importers.commands import Entry
from ledger.importers.spill import Spill
from ledger.store import originators


class UnknownReference(NotFoundError):
    """A command names a school or teacher the ledger does not hold; ``field`` says where."""

    def __init__(self, kind: str, ident: str, field: str, clause: str | None = None) -> None:
        if clause:
            super().__init__(kind, ident, "not_found.registered_rule", clause=clause)
        else:
            super().__init__(kind, ident)
        self.field = field
        self.clause = clause


def registered_ids(app: RotationLedger, event_class: type) -> Iterator[UUID]:
    """Aggregate ids of every registration of one kind, from the notification log."""
    return originators(app.recorder, event_class)


class BulkWriter:
    """Applies commands and saves their events ``batch_events`` at a time.

    ``dry_run``: commands are checked against the ledger's aggregates but nothing is saved (the
    caller must then send each subject's commands together, as the importers do, because a dry
    run's changes live only in the cache).
    """

    def __init__(self, app: RotationLedger, *, actor: str, batch_events: int = 2000,
                 cache_size: int = 10_000, dry_run: bool = False, attempts: int = 4, spill: bool = False) -> None:
        self.app = app
        self.actor = actor
        self.batch_events = batch_events
        self.cache_size = max(cache_size, 1)
        self.dry_run = dry_run
        self.attempts = attempts
        self.saved_events = 0
        self.applied = 0
        self.replayed = 0
        self._cache: OrderedDict[UUID, LedgerAggregate] = OrderedDict()
        self._events: list[Any] = []
        self._commands: list[Entry] = []
        self._replays = 0  # in the pending batch
        self._limits_by_day: dict[date, Limits] = {}
        self._limits_of: Callable[[date], Limits] | None = None
        self._created: set[UUID] = set()
        self._schools: set[UUID] | None = None
        self._teachers: dict[UUID, bool] = {}
        self._spill = Spill() if spill and not dry_run else None
        self._registers_built: bool | None = None
        # On an empty ledger every subject not created here is unknown: no need to ask the store.
        self._fresh = not app.recorder.max_notification_id()

    # ---------------------------------------------------------------- applying
    def apply(self, command: Entry) -> Outcome:
        """Applies one entry (domain errors propagate, leaving the aggregate unchanged)."""
        outcome = self._apply(command)
        self._commands.append(command)
        if len(self._events) >= self.batch_events:
            self.flush()
        return outcome

    def _apply(self, entry: Entry) -> Outcome:
        recorded_at = entry.recorded_at or self.app.clock()
        meta = entry.meta(actor=self.actor, recorded_at=recorded_at)
        command = entry.command
        self._check_references(entry)
        uuid = entry.uuid
        aggregate = self._get(uuid)
        if aggregate is None:
            if not entry.registers:
                raise NotFoundError(command.SUBJECT, entry.subject_id)
            aggregate = SUBJECTS[command.SUBJECT][0].register(command, meta)
            self._cache[uuid] = aggregate
            self._created.add(uuid)
            if command.SUBJECT == "school":
                self._known_schools().add(uuid)
            elif aggregate.dossier.profile.role in LEADERSHIP_TEAM:
                self._note_leader(aggregate, meta)
            outcome = Outcome(command.SUBJECT, entry.subject_id, aggregate.version)
        else:
            outcome = aggregate.handle(command, meta, self._limits(command.effective_on(recorded_at)))
        self._events.extend(aggregate.collect_events())
        self._replays += outcome.replayed
        return outcome

    def _note_leader(self, teacher: Teacher, meta: Meta) -> None:
        """A leader registered once the leaders registers exist: a member of their school's (ADR 0014)."""
        if self._registers_built is None:
            self._registers_built = self._get(register_uuid(BUILT)) is not None
        if not self._registers_built:
            return
        name = leaders_register(teacher.dossier.profile.home_school_id)
        register = self._get(register_uuid(name))
        if register is None:
            register = Register.open(name, [], meta)
            self._cache[register.id] = register
            self._created.add(register.id)
        assert isinstance(register, Register)
        register.note(teacher.teacher_id, "registration", meta, members=(teacher.teacher_id,))
        self._events.extend(register.collect_events())

    def _limits(self, day: date) -> Limits:
        """The policy limits in force on a day, from the policy book as read once per batch."""
        if day not in self._limits_by_day:
            if self._limits_of is None:
                self._limits_of = self.app.limits_by_day()
            self._limits_by_day[day] = self._limits_of(day)
        return self._limits_by_day[day]

    def _get(self, uuid: UUID) -> LedgerAggregate | None:
        aggregate = self._cache.get(uuid)
        if aggregate is not None:
            self._cache.move_to_end(uuid)
            return aggregate
        if self._spill is not None and (aggregate := self._spill.take(uuid)) is not None:
            self._cache[uuid] = aggregate
            return aggregate
        if self._fresh and uuid not in self._created:
            return None
        try:
            aggregate = self.app.repository.get(uuid)
        except AggregateNotFoundError:
            return None
        self._cache[uuid] = aggregate
        return aggregate

    # ---------------------------------------------------------------- references
    def _known_schools(self) -> set[UUID]:
        if self._schools is None:
            self._schools = set(registered_ids(self.app, School.SchoolRegistered))
        return self._schools

    def school_known(self, school_id: str) -> bool:
        return school_uuid(school_id) in self._known_schools()

    def teacher_known(self, teacher_id: str) -> bool:
        uuid = teacher_uuid(teacher_id)
        if uuid in self._created or uuid in self._cache:
            return True
        if uuid not in self._teachers:
            self._teachers[uuid] = self.app.teacher_exists(teacher_id)
        return self._teachers[uuid]

    def _check_references(self, entry: Entry) -> None:
        for ref in entry.command.references():
            known = self.school_known(ref.ident) if ref.kind == "school" else self.teacher_known(ref.ident)
            if not known:
                raise UnknownReference(ref.kind, ref.ident, ref.field, ref.clause)

    # ---------------------------------------------------------------- saving
    def flush(self) -> None:
        """Saves the pending events in one transaction (a dry run drops them)."""
        if not self._commands:
            return
        if not self.dry_run:
            for attempt in range(self.attempts):
                try:
                    if self._events:
                        self.app.save(*self._events)
                    break
                except IntegrityError:
                    if attempt + 1 == self.attempts:
                        raise ConflictError("import.too_fast") from None
                    self._redo()
            self.saved_events += len(self._events)
        self.applied += len(self._commands)
        self.replayed += self._replays
        self._replays = 0
        self._events.clear()
        self._commands.clear()
        self._limits_by_day.clear()
        self._limits_of = None
        evicted = [self._cache.popitem(last=False)[1] for _ in range(len(self._cache) - self.cache_size)]
        if self._spill is not None and evicted:
            self._spill.put(evicted)

    def close(self) -> None:
        """Saves what is pending and discards the overflow file."""
        self.flush()
        if self._spill is not None:
            self._spill.close()

    def _redo(self) -> None:
        """Another writer changed one of the batch's aggregates: reload them, apply again."""
        commands, self._commands, self._events, self._replays = self._commands, [], [], 0
        for uuid in [u for u, a in self._cache.items() if isinstance(a, Register)]:
            self._cache.pop(uuid)  # a register the batch noted may be what the other writer changed
        for command in commands:
            self._cache.pop(command.uuid, None)
            if self._spill is not None:
                self._spill.forget(command.uuid)
        self._fresh = False
        for command in commands:
            self._apply(command)
            self._commands.append(command)
