"""An event as readers are shown it — in the event feed, the audit trail and a teacher's history —
built in one place, which also leaves out the fields that are not for readers."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ledger.domain.base import ENVELOPE_FIELDS, event_id

PRIVATE = frozenset({"key_hash"})  # a key's hash is for checking keys, not for readers
# Not in the payload: the event's place in its aggregate, its recorded time, its envelope, private fields.
NOT_PAYLOAD = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", *ENVELOPE_FIELDS,
                         *PRIVATE})


def recorded_at(moment: datetime) -> str:
    """A recorded time as fixed-width ISO UTC text (so text order is time order)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def event_item(event: Any) -> dict[str, Any]:
    """One event: its type, its version in its aggregate and its id, when it was recorded, its
    envelope (effective date, actor, reason, clauses, document, correlation id) and its own
    fields (``payload``), private ones left out."""
    state = vars(event)
    item = {
        "type": type(event).__name__,
        "version": event.originator_version,
        "event_id": str(event_id(event.originator_id, event.originator_version)),
        "recorded_at": recorded_at(event.timestamp),
    }
    for name in ENVELOPE_FIELDS:
        item[name] = state.get(name)
    item["payload"] = {k: v for k, v in state.items() if k not in NOT_PAYLOAD}
    return item
