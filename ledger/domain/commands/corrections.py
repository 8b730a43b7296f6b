"""Corrections by compensating events (RULES.md §4): void a record, or amend some of its fields.
What each changes is worked out by ``ledger.domain.corrections``; every changed record is checked
again against the invariants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain import corrections
from ledger.domain.commands.base import Command, Decision, Reference
from ledger.domain.commands.specs import Doc, Id, LongText, Ref
from ledger.domain.dossier import Dossier, Limits, check_posting_exempt
from ledger.domain.records import Posting
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
    override_exemption_reason: Annotated[LongText | None, Doc(
        "An amended posting that now starts during an active exemption (R-POST-EXEMPT): the override's reason")] = None

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
        """The amended records, checked as the records they amend are (``Dossier.check``); an
        amended posting that starts during an active exemption takes the override as recording
        one does (R-POST-EXEMPT)."""
        correction, effects = corrections.amend(dossier, self.correction_id, self.target_id, self.changes, on)
        reason = self.override_exemption_reason
        after = dossier.with_records(*effects)
        if reason:
            effects = [with_override(r, after, reason) if isinstance(r, Posting) else r for r in effects]
        for r in effects:
            before = dossier.records.get(r.record_id)
            if isinstance(r, Posting) and isinstance(before, Posting) and r.start_date != before.start_date:
                check_posting_exempt(after, r)
        return Decision(correction, effects=tuple(effects), clauses=("R-POST-EXEMPT",) if reason else ())


def with_override(posting: Posting, dossier: Dossier, reason: str) -> Posting:
    """A posting overriding every exemption active on its start, with the reason (R-POST-EXEMPT)."""
    blocking = [e.record_id for e in dossier.exemptions_on(posting.start_date)]
    if not blocking:
        return posting
    ids = tuple(dict.fromkeys((*posting.overridden_exemption_ids, *blocking)))
    return posting.replace(override_reason=reason, overridden_exemption_ids=ids)
