"""The event feed: every recorded event in ledger order, read straight from the notification log.

Positions strictly increase in commit order (on PostgreSQL a lost race consumes a number, so they
need not be consecutive); a follower that asks for the events after the last position it has seen
never misses or repeats one. Each item names its subject (teacher, school, key or the policy book) by business id —
taken from the subject's first event, remembered in a bounded cache since ids never change.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from datetime import timezone
from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic
from starlette.concurrency import run_in_threadpool

from ledger.app import RotationLedger
from ledger.domain.access import AccessKey
from ledger.domain.base import ENVELOPE_FIELDS, event_id
from ledger.domain.policy_book import PolicyBook
from ledger.domain.school import School
from ledger.domain.teacher import Teacher

# aggregate class → (subject type, the attribute of its first event that names it)
SUBJECTS: dict[type, tuple[str, str]] = {Teacher: ("teacher", "teacher_id"), School: ("school", "school_id"),
                                         AccessKey: ("key", "name"), PolicyBook: ("policy", "county")}
NOT_PAYLOAD = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", *ENVELOPE_FIELDS})
REDACTED = frozenset({"key_hash"})  # a key's hash is for checking keys, not for readers of the feed
CACHE_SIZE = 50_000
MAX_WAIT_SECONDS = 30.0


class Feed:
    def __init__(self, ledger: RotationLedger) -> None:
        self.ledger = ledger
        self._subjects: OrderedDict[UUID, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    async def follow(self, after: int, limit: int, wait: float = 0.0) -> tuple[list[dict[str, Any]], int]:
        """Up to ``limit`` events after position ``after``, and the ledger's head position. With
        ``wait``, polls up to that many seconds for a first event (long poll) — sleeping on the
        event loop, so a waiting follower holds no worker thread."""
        deadline = time.monotonic() + min(wait, MAX_WAIT_SECONDS)
        pause = 0.02
        while True:
            items, head = await run_in_threadpool(self.page, after, limit)
            remaining = deadline - time.monotonic()
            if items or remaining <= 0:
                return items, head
            await asyncio.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.25)

    def page(self, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        recorder = self.ledger.recorder
        items = [self._item(n) for n in recorder.select_notifications(after, limit, inclusive_of_start=False)]
        return items, recorder.max_notification_id() or 0

    def _item(self, notification: Any) -> dict[str, Any]:
        event = self.ledger.mapper.to_domain_event(notification)
        state = vars(event)
        subject_type, subject_id = self._subject(notification.originator_id, event)
        return {
            "position": notification.id,
            "event_id": event_id(notification.originator_id, notification.originator_version),
            "type": type(event).__name__,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "teacher_id": subject_id if subject_type == "teacher" else None,
            "school_id": subject_id if subject_type == "school" else None,
            "version": notification.originator_version,
            "effective_date": state.get("effective_date"),
            "recorded_at": event.timestamp.astimezone(timezone.utc),
            "actor": state.get("actor"),
            "reason": state.get("reason"),
            "policy_clauses": state.get("policy_clauses") or [],
            "document_ref": state.get("document_ref"),
            "correlation_id": state.get("correlation_id") or None,
            "payload": {k: v for k, v in state.items() if k not in NOT_PAYLOAD and k not in REDACTED},
        }

    def _subject(self, uuid: UUID, event: Any) -> tuple[str, str]:
        with self._lock:
            known = self._subjects.get(uuid)
            if known is not None:
                self._subjects.move_to_end(uuid)
                return known
        first = event
        if getattr(event, "originator_topic", None) is None:
            stored = self.ledger.recorder.select_events(uuid, lte=1)
            first = self.ledger.mapper.to_domain_event(stored[0]) if stored else event
        subject = subject_of(uuid, first)
        with self._lock:
            self._subjects[uuid] = subject
            if len(self._subjects) > CACHE_SIZE:
                self._subjects.popitem(last=False)
        return subject


def subject_of(uuid: UUID, created: Any) -> tuple[str, str]:
    """(kind, business id) from an aggregate's first event; unknown kinds by class name and uuid."""
    topic = getattr(created, "originator_topic", None)
    cls = resolve_topic(topic) if topic else None
    if cls in SUBJECTS:
        kind, attribute = SUBJECTS[cls]
        return kind, str(getattr(created, attribute))
    return (cls.__name__.lower() if cls else "unknown"), str(uuid)
