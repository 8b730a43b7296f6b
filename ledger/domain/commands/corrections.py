"""Corrections by compensating events (RULES.md §4): void a record, or amend some of its fields.
What each changes is worked out by ``ledger.domain.corrections``; every changed record is checked
again against the invariants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain import corrections
from ledger.domain.commands.base import Command, Decision, Reference
from ledger.domain.commands.specs import Doc, Id, Ref
from ledger.domain.dossier import Dossier, Limits
from ledger.domain.teacher import Teacher

EffectiveDate = Annotated[date | None, Doc("Default: today")]


@dataclass(frozen=True, kw_only=True)
class VoidRecord(Command):
    """Void a record entered in error: it stops having any effect and stays visible, linked."""

    EVENT = Teacher.RecordVoided
    NAME = "void"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "correction", "correction_id", "effective_date", "corrections", True
    AFTER_DEPARTURE = True

    correction_id: Id
    target_id: Annotated[Id, Ref("record")]
    effective_date: EffectiveDate = None

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        correction, effects = corrections.void(dossier, self.correction_id, self.target_id, on)
        return Decision(correction, effects=tuple(effects))


@dataclass(frozen=True, kw_only=True)
class AmendRecord(Command):
    """Amend some fields of a record: projections use the amended values; history shows both."""

    EVENT = Teacher.RecordAmended
    NAME = "amend"
    RECORD, ID, EFFECTIVE, ROUTE, CREATES = "correction", "correction_id", "effective_date", "corrections", True
    AFTER_DEPARTURE = True

    correction_id: Id
    target_id: Annotated[Id, Ref("record")]
    changes: Annotated[dict[str, Any], Doc("field → corrected value")]
    effective_date: EffectiveDate = None

    def references(self) -> list[Reference]:
        """Schools an amendment names: new hosts (R-POST-HOST) or a new evaluating school."""
        found = []
        hosts = self.changes.get("host_school_ids")
        if isinstance(hosts, list):
            found += [Reference("changes", "school", h, "R-POST-HOST") for h in hosts if isinstance(h, str)]
        if isinstance(self.changes.get("school_id"), str):
            found.append(Reference("changes", "school", self.changes["school_id"]))
        return found

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        correction, effects = corrections.amend(dossier, self.correction_id, self.target_id, self.changes, on)
        return Decision(correction, effects=tuple(effects))
