"""The read port the policy engine consumes: teachers' dossiers and schools' facts in bulk.

Two implementations: the projections' read model (fast, for the service) and ``AggregateSource``
below, which loads aggregates from the event store (for tests and small ledgers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from ledger.app.core import LedgerCore
from ledger.domain.dossier import Dossier
from ledger.domain.school import School, SchoolFacts
from ledger.domain.teacher import Teacher
from ledger.store import originators


class ReadSource(Protocol):
    def dossiers(self, *, school_id: str | None = None) -> Iterable[Dossier]:
        """Every registered teacher's dossier (optionally only those whose current home is
        ``school_id``)."""

    def schools(self) -> Mapping[str, SchoolFacts]:
        """Every registered school's facts, by id."""


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
