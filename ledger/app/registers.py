"""Reading what a rule across teachers spans, at the write (ADR 0014): the registers a write updates
in its own save, and the other teachers' dossiers loaded from the store.

A school's leaders register is first needed on a ledger that already holds leaders: then every
school's register is made at once from the leaders recorded so far (one scan of the teachers'
registrations, the leaders' aggregates loaded) together with a marker (``BUILT``), in the same save
as the write that needed it. From then on every write path keeps the members current.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from ledger.domain.base import Meta
from ledger.domain.commands.base import Span
from ledger.domain.dossier import Dossier, Others
from ledger.domain.enums import Role
from ledger.domain.errors import NotFoundError
from ledger.domain.policy.quotas import LEADERSHIP_TEAM
from ledger.domain.register import BUILT, Register, leaders_register, register_uuid
from ledger.domain.teacher import Teacher
from ledger.store import notifications

if TYPE_CHECKING:
    from ledger.app.core import LedgerCore


class Registers:
    """The registers one write loads (or makes), to update and save with it."""

    def __init__(self, app: LedgerCore, meta: Meta) -> None:
        self.app = app
        self.meta = meta
        self.loaded: dict[str, Register] = {}

    def get(self, name: str) -> Register:
        if name not in self.loaded:
            found = self._load(name)
            if found is None and name.startswith("leaders:") and self._load(BUILT) is None:
                self._build_leaders()
                found = self.loaded.get(name)
            self.loaded[name] = found or Register.open(name, [], self.meta)
        return self.loaded[name]

    def built(self) -> bool:
        """Whether the leaders registers exist (they are made when first needed)."""
        return BUILT in self.loaded or self._load(BUILT) is not None

    def others(self, span: Span, subject_id: str) -> Others:
        """The dossiers of the teachers a span names (loaded from the store), and of the teachers
        the school evaluated that year (from the read source)."""
        for name in span.registers:
            self.get(name)
        ids = set(span.teacher_ids)
        if span.leaders_of is not None:
            ids |= self.get(leaders_register(span.leaders_of)).members
        found: dict[str, Dossier] = {}
        for tid in sorted(ids - {subject_id}):
            try:
                found[tid] = self.app.get_teacher(tid).dossier
            except NotFoundError:
                continue
        if span.evaluated_at is not None:
            for d in self.app.evaluated_at(*span.evaluated_at):
                found.setdefault(d.profile.teacher_id, d)
        profile = self.app.profile_at(span.profile_on) if span.profile_on is not None else None
        schools = {}
        for school_id in span.schools:
            try:
                schools[school_id] = self.app.get_school(school_id).facts()
            except NotFoundError:
                continue
        return Others(found, consulted=True, profile=profile, schools=schools)

    def note(self, names: tuple[str, ...], teacher_id: str, record_id: str, *, leader: bool) -> None:
        """The write touched these registers (a leader becomes a member of a leaders register)."""
        for name in names:
            members = (teacher_id,) if leader and name.startswith("leaders:") else ()
            self.get(name).note(teacher_id, record_id, self.meta, members=members)

    def pending(self) -> list[Register]:
        """The registers with events to save (every one the write touched or made)."""
        return [r for r in self.loaded.values() if r.pending_events]

    def _load(self, name: str) -> Register | None:
        try:
            found = self.app.repository.get(register_uuid(name))
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Register)
        return found

    def _build_leaders(self) -> None:
        """Every school's leaders register from the leaders recorded so far, and the marker."""
        members: dict[str, set[str]] = defaultdict(set)
        topic = get_topic(Teacher.TeacherRegistered)
        for n in notifications(self.app.recorder, topics=[topic]):
            registered = self.app.mapper.to_domain_event(n)
            if Role(registered.role) not in LEADERSHIP_TEAM:
                continue
            teacher = self.app.get_teacher(registered.teacher_id)
            for period in teacher.dossier.home_periods():
                members[period.school_id].add(registered.teacher_id)
        for school_id, ids in members.items():
            name = leaders_register(school_id)
            self.loaded[name] = Register.open(name, sorted(ids), self.meta)
        self.loaded[BUILT] = Register.open(BUILT, [], self.meta)
