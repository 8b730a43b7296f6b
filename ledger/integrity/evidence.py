"""Exports of a teacher's history and service record with the hashes of their evidence events.

Every event a document cites (history entries, the events behind each credited period) is listed
with what ties it to the tamper-evidence chain::

    event_hash    = SHA-256(canonical(stored event))           (``ledger.projections.chain``)
    link          = SHA-256(previous_link ‖ canonical(stored event))

so a reader holding the export can recompute ``link`` from ``previous_link`` and the event's
stored bytes, and an auditor can check that link against a verified ledger and a signed
checkpoint. ``linked`` says whether the stored event still matches the link the audit view
recorded for it (null while the view has not linked it yet).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from ledger.app import RotationLedger
from ledger.app.core import LedgerCore
from ledger.domain.teacher import teacher_uuid
from ledger.integrity.links import StoredChain
from ledger.projections import ReadModel
from ledger.projections.chain import GENESIS, canonical, next_link
from ledger.projections.db import ViewRecorder
from ledger.store import position_of

CANONICAL_FORM = ("position (8 bytes, big-endian) ‖ originator id (16 UUID bytes) ‖ version (8 bytes, big-endian) "
                  "‖ topic (UTF-8) ‖ 0x00 ‖ stored state")


def cited_versions(document: Any) -> Iterator[int]:
    """The versions of every event a document cites (any object with ``event_id`` and ``version``)."""
    if isinstance(document, dict):
        if "event_id" in document and isinstance(document.get("version"), int):
            yield document["version"]
        for value in document.values():
            yield from cited_versions(value)
    elif isinstance(document, list | tuple):
        for value in document:
            yield from cited_versions(value)


def with_evidence(app: LedgerCore, views: ViewRecorder, teacher_id: str, document: dict[str, Any]) -> dict[str, Any]:
    """The document and the hashes of the teacher's events it cites, in ledger order."""
    uuid = teacher_uuid(teacher_id)
    versions = set(cited_versions(document))
    events = {e.originator_version: e for e in app.recorder.select_events(uuid) if e.originator_version in versions}
    chain = StoredChain.served(views)
    audited = _audited(chain, uuid.hex)
    evidence = []
    for version, event in sorted(events.items()):
        position, link = audited.get(version, (None, None))
        position = position or position_of(app.recorder, uuid, version)
        assert position is not None  # the event was just read from the store
        body = canonical(position, uuid, version, event.topic, event.state)
        previous = _link_before(chain, position) if link is not None else None
        evidence.append({
            "position": position,
            "version": version,
            "type": event.topic.rsplit(".", 1)[-1],
            "event_hash": hashlib.sha256(body).hexdigest(),
            "previous_link": previous.hex() if previous is not None else None,
            "link": link.hex() if link is not None else None,
            "linked": None if previous is None else next_link(previous, position, uuid, version, event.topic,
                                                               event.state) == link,
        })
    evidence.sort(key=lambda item: item["position"])
    return {
        "teacher_id": teacher_id,
        "document": document,
        "evidence": evidence,
        "chain": {"hash": "SHA-256", "canonical_form": CANONICAL_FORM, "linked_up_to": chain.linked_up_to,
                  "link_at_linked_up_to": _hex(chain.link_at(chain.linked_up_to))},
    }


def history_with_evidence(app: LedgerCore, model: ReadModel, teacher_id: str,
                          as_of: date | str | None = None) -> dict[str, Any]:
    """A teacher's history (periods per school, every entry) with the hashes of its events."""
    return with_evidence(app, model.recorder, teacher_id, model.history(teacher_id, as_of))


def service_record_with_evidence(app: RotationLedger, model: ReadModel, teacher_id: str, target: str,
                                 as_of: date | str | None = None) -> dict[str, Any]:
    """A teacher's service record for a target with the hashes of the events that earned it."""
    record = app.service_record(teacher_id, target=target, as_of=as_of).to_dict()
    return with_evidence(app, model.recorder, teacher_id, record)


def _audited(chain: StoredChain, originator_hex: str) -> dict[int, tuple[int, bytes]]:
    """Position and stored link of each of one aggregate's events, by version."""
    if chain.table is None:
        return {}
    with chain.recorder.reading() as r:
        rows = r.query(f"SELECT position, version, link FROM {chain.table} WHERE originator_id = %s "
                       "AND position <= %s", (originator_hex, chain.linked_up_to))
    return {row["version"]: (row["position"], bytes(row["link"])) for row in rows}


def _link_before(chain: StoredChain, position: int) -> bytes:
    with chain.recorder.reading() as r:
        rows = r.query(f"SELECT link FROM {chain.table} WHERE position < %s ORDER BY position DESC LIMIT 1",
                       (position,))
    return bytes(rows[0]["link"]) if rows else GENESIS


def _hex(value: bytes | None) -> str | None:
    return value.hex() if value is not None else None
