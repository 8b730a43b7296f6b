"""Use cases on schools."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.app.core import Envelope, LedgerCore, WriteResult
from ledger.domain.base import Outcome
from ledger.domain.school import School, school_uuid


class SchoolUseCases(LedgerCore):
    def register_school(
        self,
        *,
        school_id: str,
        name: str,
        level: str,
        area: str,
        kind: str,
        tier: str,
        district: str | None = None,
        alliance: str | None = None,
        group: str | None = None,
        effective_date: date | str | None = None,
        by: Envelope,
    ) -> WriteResult:
        values = dict(school_id=school_id, name=name, level=level, area=area, kind=kind, tier=tier,
                      district=district, alliance=alliance, group=group, effective_date=effective_date)

        def new(meta: Any) -> School:
            return School.register(**values, meta=meta)

        def replay(existing: School, meta: Any) -> Outcome:
            return existing.check_registration_replay(**values, meta=meta)

        return self._create(new, replay, School, school_uuid(str(school_id)), "school", str(school_id), by)

    def reclassify_school(self, school_id: str, *, effective_date: date | str, changes: dict[str, Any],
                          reclassification_id: str | None = None, by: Envelope) -> WriteResult:
        return self._update(School, school_uuid(school_id), "school", school_id, by, lambda s, m: s.reclassify(
            effective_date=effective_date, changes=changes, reclassification_id=reclassification_id, meta=m))
