"""The read port the policy engine consumes: teachers' dossiers and schools' facts in bulk.

Two implementations: the projections' read model (fast, for the service) and ``AggregateSource``
below, which loads aggregates from the event store (for tests and small ledgers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Protocol

from ledger.app.core import LedgerCore
from ledger.domain.dossier import Dossier
from ledger.domain.errors import NotFoundError
from ledger.domain.school import School, SchoolFacts
from ledger.domain.teacher import Teacher
from ledger.store import originators


class ReadSource(Protocol):
    def dossiers(self, *, school_id: str | None = None) -> Iterable[Dossier]:
        """Every registered teacher's dossier (optionally only those whose current home is
        ``school_id``)."""

    def schools(self) -> Mapping[str, SchoolFacts]:
        """Every registered school's facts, by id."""

    def known_at(self, moment: datetime) -> ReadSource:
        """The same, as the ledger stood at a recorded moment (events recorded later left out)."""


class AggregateSource:
    """Reads dossiers and school facts straight from the event store."""

    def __init__(self, app: LedgerCore) -> None:
        self.app = app

    def dossiers(self, *, school_id: str | None = None) -> Iterator[Dossier]:
        today = self.app.today()
        for uuid in originators(self.app.recorder, Teacher.TeacherRegistered):
            teacher = self.app.repository.get(uuid)
            if school_id is None or teacher.dossier.home_on(today).school_id == school_id:
                yield teacher.dossier

    def schools(self) -> dict[str, SchoolFacts]:
        registered = originators(self.app.recorder, School.SchoolRegistered)
        facts = [self.app.repository.get(uuid).facts() for uuid in registered]
        return {f.school_id: f for f in facts}

    def known_at(self, moment: datetime) -> KnownAtAggregates:
        return KnownAtAggregates(self.app, moment)


class KnownAtAggregates:
    """Dossiers and school facts as the ledger knew them at a moment, each aggregate replayed from
    its events recorded by then (for tests and small ledgers; the read model scans the log once)."""

    def __init__(self, app: LedgerCore, moment: datetime) -> None:
        self.app = app
        self.moment = moment

    def dossiers(self, *, school_id: str | None = None) -> Iterator[Dossier]:
        today = self.app.today()
        for uuid in originators(self.app.recorder, Teacher.TeacherRegistered):
            try:
                dossier = self.app.known_at(Teacher, uuid, "teacher", str(uuid), self.moment).dossier
            except NotFoundError:
                continue  # registered later
            if school_id is None or dossier.home_on(today).school_id == school_id:
                yield dossier

    def schools(self) -> dict[str, SchoolFacts]:
        found = {}
        for uuid in originators(self.app.recorder, School.SchoolRegistered):
            try:
                facts = self.app.known_at(School, uuid, "school", str(uuid), self.moment).facts()
            except NotFoundError:
                continue
            found[facts.school_id] = facts
        return found

    def known_at(self, moment: datetime) -> KnownAtAggregates:
        return KnownAtAggregates(self.app, moment)
