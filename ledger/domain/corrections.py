"""Corrections by compensating events (RULES.md §4): void and amend, of records and of corrections.

- **void** a record: it stops having any effect, stays visible, linked to the voiding correction.
- **amend** a record: the named fields take new values; the correction keeps the values before.
- **void a void**: the voided record is reinstated (checked against the invariants again).
- **void an amend**: the amended fields that still hold the amendment's values go back.
- **amend an amend**: its changes are replaced (the old ones undone, the new ones applied), at any
  depth; **voiding** such an amendment gives the amendment below its earlier changes back.

These functions are pure: they compute the correction record and every record it changes; the
``Teacher`` aggregate checks the invariants on the result and emits the event.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.dossier import Dossier
from ledger.domain.enums import CorrectionAction, Labelled
from ledger.domain.errors import ConflictError, InvalidInput
from ledger.domain.messages import field_term
from ledger.domain.codecs import ENUMS
from ledger.domain.records import Correction, Record
from ledger.domain.values import Checks


def void(dossier: Dossier, correction_id: str, target_id: str, on: date) -> tuple[Correction, list[Record]]:
    target = dossier.get(target_id)
    if target.voided:
        raise ConflictError("correction.already_voided", record=target_id, by=target.voided_by)
    correction = Correction(record_id=correction_id, action=CorrectionAction.VOID, target_id=target_id,
                            target_type=target.TYPE, corrected_on=on)
    _check_new_id(dossier, correction_id)
    voided = target.replace(voided_by=correction_id)
    if not isinstance(target, Correction):
        return correction, [voided]
    inner = dossier.get(target.target_id)
    if target.action is CorrectionAction.VOID:
        return correction, [voided, inner.replace(voided_by=None)]
    if isinstance(inner, Correction):  # an amendment of an amendment: the inner one gets its changes back
        earlier = (target.before or {}).get("changes") or {}
        restored, *below = _set_changes(dossier, inner, earlier)
        restored = restored.replace(amended_by=tuple(x for x in inner.amended_by if x != target.record_id))
        return correction, [voided, restored, *below]
    return correction, [voided, _undo(inner, target)]


def amend(
    dossier: Dossier, correction_id: str, target_id: str, changes: dict[str, Any], on: date
) -> tuple[Correction, list[Record]]:
    target = dossier.get(target_id)
    if target.voided:
        raise ConflictError("correction.target_voided", record=target_id, by=target.voided_by)
    _check_new_id(dossier, correction_id)
    if isinstance(target, Correction):
        if target.action is CorrectionAction.VOID:
            raise InvalidInput.one("target_id", "correction.void_not_amendable")
        updated, *below = _set_changes(dossier, target, _only_changes(changes))
        if updated.changes == target.changes:
            raise InvalidInput.one("changes", "correction.same_changes")
        updated = updated.replace(amended_by=(*target.amended_by, correction_id))
        correction = Correction(record_id=correction_id, action=CorrectionAction.AMEND, target_id=target_id,
                                target_type=target.TYPE, corrected_on=on, changes={"changes": updated.changes},
                                before={"changes": target.changes})
        return correction, [updated, *below]
    parsed = parse_changes(target, changes)
    applied, effective_changes, before = _apply(target, parsed, correction_id)
    correction = Correction(record_id=correction_id, action=CorrectionAction.AMEND, target_id=target_id,
                            target_type=target.TYPE, corrected_on=on, changes=effective_changes, before=before)
    return correction, [applied]


def parse_changes(target: Record, changes: dict[str, Any]) -> dict[str, Any]:
    """Validates the fields to amend against the record type; returns typed values."""
    c = Checks()
    if not changes:
        c.fail("changes", "correction.no_changes")
    fields = {f.name: f for f in dataclasses.fields(target)}
    parsed: dict[str, Any] = {}
    for name, value in changes.items():
        label = f"changes.{name}"
        if name not in target.AMENDABLE:
            c.fail(label, "correction.not_amendable", kind=target.TYPE,
                   amendable=[field_term(f) for f in target.AMENDABLE])
            continue
        parsed[name] = _parse_value(c, label, str(fields[name].type), value)
    c.done()
    return parsed


def _parse_value(c: Checks, label: str, annotation: str, value: Any) -> Any:
    optional = annotation.endswith(" | None")
    kind = annotation.replace(" | None", "")
    if value is None:
        if not optional:
            c.fail(label, "field.cannot_clear")
        return None
    if kind == "date":
        return c.date(label, value)
    if kind == "bool":
        return c.boolean(label, value)
    if kind == "int":
        return c.integer(label, value, lo=1950, hi=2199)
    if kind == "Decimal":
        return c.score(label, value) if label.endswith("score") else c.amount(label, value)
    if kind in ENUMS:
        enum_cls: type[Labelled] = ENUMS[kind]
        return c.enum(label, enum_cls, value)
    if kind == "tuple[str, ...]":
        if not isinstance(value, list) or not value:
            c.fail(label, "field.ids")
            return ()
        return tuple(c.ident(f"{label}[{i}]", v) for i, v in enumerate(value))
    if kind == "dict[str, Any]":
        if not isinstance(value, dict):
            c.fail(label, "field.object")
        return value
    if label.endswith("_id"):
        return c.ident(label, value)
    return c.text(label, value, required=not optional)


def _set_changes(dossier: Dossier, amendment: Correction, changes: dict[str, Any]) -> list[Record]:
    """Gives an amendment new changes: the amendment itself first, then every record below it
    that changes in turn (an amendment of an amendment passes its ``changes`` one level down)."""
    target = dossier.get(amendment.target_id)
    if isinstance(target, Correction):
        below = _set_changes(dossier, target, _only_changes(changes))
        return [amendment.replace(changes={"changes": below[0].changes}), *below]
    parsed = parse_changes(target, changes) if changes else {}
    applied, effective, before = _apply(_undo(target, amendment), parsed, amendment.record_id, allow_none=True)
    return [amendment.replace(changes=effective, before=before), applied]


def _apply(
    target: Record, parsed: dict[str, Any], correction_id: str, *, allow_none: bool = False
) -> tuple[Record, dict[str, Any], dict[str, Any]]:
    """The amended record, the changes that really change something, and the values before."""
    current = json_native({k: getattr(target, k) for k in parsed})
    wanted = json_native(parsed)
    changed = [k for k in parsed if current[k] != wanted[k]]
    if not changed and not allow_none:
        raise InvalidInput.one("changes", "correction.nothing_changes")
    applied = target.replace(**{k: parsed[k] for k in changed}, amended_by=(*target.amended_by, correction_id))
    return applied, {k: wanted[k] for k in changed}, {k: current[k] for k in changed}


def _undo(inner: Record, amendment: Correction) -> Record:
    """Takes back an amendment's changes where the record still holds the amended values."""
    changes, before = amendment.changes or {}, amendment.before or {}
    restore: dict[str, Any] = {}
    for name, value in changes.items():
        if json_native(getattr(inner, name)) == value and name in before:
            restore[name] = getattr(Record.from_dict({**inner.to_dict(), name: before[name]}), name)
    return inner.replace(**restore, amended_by=tuple(x for x in inner.amended_by if x != amendment.record_id))


def _only_changes(changes: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(changes, dict) or set(changes) != {"changes"} or not isinstance(changes["changes"], dict):
        raise InvalidInput.one("changes", "correction.nested_changes")
    return changes["changes"]


def _check_new_id(dossier: Dossier, correction_id: str) -> None:
    if correction_id in dossier.records:
        raise ConflictError("record.id_in_use", record=correction_id, kind=dossier.records[correction_id].TYPE)
