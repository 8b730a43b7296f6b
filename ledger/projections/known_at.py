"""The ledger as it stood at a past moment, for the policy engine (``ReadSource``): every teacher's
dossier and every school's facts from the events recorded up to ``known_at`` (RULES.md §4), so the
due list and the quota report answer as they would have then.

One pass over the notification log: each teacher or school event recorded by the moment is folded
in — a registration gives the profile and first records, every later event the record states it
carries (ADR 0003), a school's events its timeline. Events recorded later are skipped, so the
answer is exact whatever order recorded times and positions came in. It costs one read of the
log, as a rebuild does (docs/PERFORMANCE.md gives the numbers at 50,000 teachers).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ledger.domain.dossier import Dossier
from ledger.domain.school import School, SchoolFacts
from ledger.domain.teacher import Teacher
from ledger.projections.decoding import PageDecoder
from ledger.projections.entries import dossier_of, profile_of, touched_records
from ledger.store import EventLedger, pages

PAGE = 5000


class KnownAt:
    def __init__(self, app: EventLedger, moment: datetime) -> None:
        self.app = app
        self.moment = moment
        self._folded: tuple[dict[str, Dossier], dict[str, SchoolFacts]] | None = None

    def dossiers(self, *, school_id: str | None = None) -> Iterator[Dossier]:
        today = self.app.today()
        for dossier in self._fold()[0].values():
            if school_id is None or dossier.home_on(today).school_id == school_id:
                yield dossier

    def schools(self) -> dict[str, SchoolFacts]:
        return self._fold()[1]

    def _fold(self) -> tuple[dict[str, Dossier], dict[str, SchoolFacts]]:
        if self._folded is not None:
            return self._folded
        decoder = PageDecoder(self.app.mapper)
        moment = self.moment
        profiles: dict[Any, dict[str, Any]] = {}
        states: dict[Any, dict[str, dict[str, Any]]] = {}
        schools: dict[Any, SchoolFacts] = {}

        def wanted(cls: type) -> bool:
            return cls.__qualname__.startswith(("Teacher.", "School."))

        for page in pages(self.app.recorder, size=PAGE):
            for event in decoder.decode(page, wanted):
                if event is None or event.timestamp > moment:
                    continue
                uuid = event.originator_id
                if isinstance(event, School.SchoolRegistered | School.SchoolReclassified):
                    schools[uuid] = _facts(event, schools.get(uuid))
                elif isinstance(event, Teacher.TeacherRegistered):
                    profiles[uuid] = profile_of(event)
                    states[uuid] = {}
                if isinstance(event, Teacher.Event) and uuid in states:
                    states[uuid].update((r["record_id"], r) for r in touched_records(event))
        dossiers = {p["teacher_id"]: dossier_of(p, states[uuid].values()) for uuid, p in profiles.items()}
        self._folded = dossiers, {f.school_id: f for f in schools.values()}
        return self._folded


def _facts(event: Any, before: SchoolFacts | None) -> SchoolFacts:
    """A school's facts after one of its events (each carries the whole timeline)."""
    timeline = {"timeline": event.timeline}
    if isinstance(event, School.SchoolRegistered):
        return SchoolFacts.from_dict({"school_id": event.school_id, "name": event.name, "level": event.level,
                                      **timeline})
    assert before is not None
    return SchoolFacts.from_dict({**before.to_dict(), **timeline})
