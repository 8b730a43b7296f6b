"""The event feed: every recorded event in ledger order, read straight from the notification log.

Positions strictly increase in commit order (on PostgreSQL a lost race consumes a number, so they
need not be consecutive); a follower that asks for the events after the last position it has seen
never misses or repeats one. Each item is the event as every reader is shown it
(``ledger.projections.items``) and names its subject (teacher, school, key or the policy book) by
business id — taken from the subject's first event, remembered in a bounded cache since ids never
change; the first events of a page's subjects not yet known are read in one query
(``ledger.store.first_events``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic
from starlette.concurrency import run_in_threadpool

from ledger.app import RotationLedger
from ledger.domain.access import AccessKey
from ledger.domain.policy_book import PolicyBook
from ledger.domain.register import Register
from ledger.domain.school import School
from ledger.domain.teacher import Teacher
from ledger.projections.decoding import PageDecoder
from ledger.projections.items import event_item
from ledger.store import first_events, read_page

# aggregate class → (subject type, the attribute of its first event that names it)
SUBJECTS: dict[type, tuple[str, str]] = {Teacher: ("teacher", "teacher_id"), School: ("school", "school_id"),
                                         AccessKey: ("key", "name"), PolicyBook: ("policy", "county"),
                                         Register: ("register", "name")}
CACHE_SIZE = 50_000
MAX_WAIT_SECONDS = 30.0


class Feed:
    def __init__(self, ledger: RotationLedger) -> None:
        self.ledger = ledger
        self.decoder = PageDecoder(ledger.mapper)  # as the mapper reads them, faster
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
        notifications = read_page(recorder, after, limit)
        events = self.decoder.decode(notifications)
        subjects = self._subjects_of(notifications, events)
        items = [self._item(n, e, subjects[n.originator_id]) for n, e in zip(notifications, events, strict=True)]
        return items, recorder.max_notification_id() or 0

    @staticmethod
    def _item(notification: Any, event: Any, subject: tuple[str, str]) -> dict[str, Any]:
        item = event_item(event)
        subject_type, subject_id = subject
        item.update(
            position=notification.id, subject_type=subject_type, subject_id=subject_id,
            teacher_id=subject_id if subject_type == "teacher" else None,
            school_id=subject_id if subject_type == "school" else None,
            # the feed has always shown no clauses as [] and no correlation id as null
            policy_clauses=item["policy_clauses"] or [], correlation_id=item["correlation_id"] or None,
        )
        return item

    def _subjects_of(self, notifications: Any, events: list[Any]) -> dict[UUID, tuple[str, str]]:
        """The subject of each aggregate in a page: remembered, named by a first event in the page,
        or read from the aggregates' first events (one query for all of them)."""
        found: dict[UUID, tuple[str, str]] = {}
        firsts: dict[UUID, Any] = {}
        with self._lock:
            for n, event in zip(notifications, events, strict=True):
                uuid = n.originator_id
                known = self._subjects.get(uuid)
                if known is not None:
                    self._subjects.move_to_end(uuid)
                    found[uuid] = known
                elif getattr(event, "originator_topic", None) is not None:
                    firsts[uuid] = event
        missing = {n.originator_id for n in notifications} - found.keys() - firsts.keys()
        for stored in first_events(self.ledger.recorder, missing):
            firsts[stored.originator_id] = self.ledger.mapper.to_domain_event(stored)  # type: ignore[index]
        learnt = {uuid: subject_of(uuid, first) for uuid, first in firsts.items()}
        for uuid in missing - learnt.keys():  # no first event (cannot happen in an intact store)
            learnt[uuid] = subject_of(uuid, None)
        with self._lock:
            self._subjects.update(learnt)
            while len(self._subjects) > CACHE_SIZE:
                self._subjects.popitem(last=False)
        return {**found, **learnt}


def subject_of(uuid: UUID, created: Any) -> tuple[str, str]:
    """(kind, business id) from an aggregate's first event; unknown kinds by class name and uuid."""
    topic = getattr(created, "originator_topic", None) if created is not None else None
    cls = resolve_topic(topic) if topic else None
    if cls in SUBJECTS:
        kind, attribute = SUBJECTS[cls]
        return kind, str(getattr(created, attribute))
    return (cls.__name__.lower() if cls else "unknown"), str(uuid)
