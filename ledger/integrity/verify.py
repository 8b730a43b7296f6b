"""Verifying the ledger: recompute the hash chain from the stored events and compare it with the
links the audit view stored as it was built, and with a signed checkpoint when one is given.

What each side can prove:

- **The stored links** catch a stored event that was edited, deleted, inserted or moved after the
  audit view chained it — the first position where the recomputed chain and the stored one part
  is named. Positions may have gaps (on PostgreSQL a rolled-back write consumes one): the chain
  runs over the events in position order, so a gap alone is nothing; a position that the chain
  recorded and the store no longer has is.
- **A checkpoint** (``checkpoint.py``), kept outside the database, catches what rewrites both the
  events and the view's links (the chain no longer reaches the signed head hash at the signed
  position) and a tail cut from both (the ledger ends before the checkpoint).
- Events recorded after the audit view's last link are chained and counted as ``pending``; they
  are compared once the view has linked them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ledger.integrity.links import StoredChain, views_of
from ledger.projections.chain import GENESIS, MISSING, StoredEventLike, link_of, missing_detail
from ledger.projections.db import ViewRecorder, is_missing_table
from ledger.store import EventLedger, notifications

PAGE_SIZE = 10_000  # events (and links) per read: about 7 MB of stored events at a time

ALTERED = "altered"  # the event at this position is not the one the chain recorded
INSERTED = "inserted"  # the store has an event at this position that the chain never recorded
TRUNCATED = "truncated"  # the ledger ends before events the chain or the checkpoint recorded
REWRITTEN = "rewritten"  # the chain no longer reaches the checkpoint's signed head hash


class Anchor(Protocol):
    """A checkpoint's claim: the chain's link at ``position`` is ``head_hash``."""

    position: int
    head_hash: bytes


@dataclass(frozen=True)
class Finding:
    position: int
    problem: str
    detail: str


@dataclass(frozen=True)
class Verification:
    events_checked: int  # stored events whose link was recomputed
    links_compared: int  # of them, compared with the link the audit view stored
    pending: int  # chained here, but recorded after the audit view's last link
    head_position: int | None  # the last event chained (before the finding, if any)
    head_hash: bytes
    finding: Finding | None = None
    checkpoint: Anchor | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None

    @property
    def first_bad_position(self) -> int | None:
        return self.finding.position if self.finding else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events_checked": self.events_checked,
            "links_compared": self.links_compared,
            "pending": self.pending,
            "head_position": self.head_position,
            "head_hash": self.head_hash.hex(),
            "first_bad_position": self.first_bad_position,
            "problem": self.finding.problem if self.finding else None,
            "detail": self.finding.detail if self.finding else None,
            "checkpoint_position": self.checkpoint.position if self.checkpoint else None,
        }


def verify_chain(events: Iterable[StoredEventLike], stored: Iterable[tuple[int, bytes]], linked_up_to: int,
                 checkpoint: Anchor | None = None) -> Verification:
    """Recomputes the chain over ``events`` (ledger order) and compares it with the ``stored``
    ``(position, link)`` pairs, which cover every event up to ``linked_up_to``, and with the
    checkpoint. Stops at the first finding (what follows a break cannot be compared)."""
    walk = _Walk(iter(stored), linked_up_to, checkpoint)
    try:
        for event in events:
            if (finding := walk.step(event)) is not None:
                return walk.result(finding)
    except (TypeError, ValueError, AttributeError) as error:  # a row that is no longer a stored event
        position = walk.reading or (walk.head or 0) + 1
        return walk.result(Finding(position, ALTERED, f"the stored event at position {position} cannot be read "
                                                      f"as one ({error})"))
    return walk.result(walk.end())


class _Walk:
    """The recomputed chain, one stored event at a time, against the stored links."""

    def __init__(self, stored: Iterator[tuple[int, bytes]], linked_up_to: int, checkpoint: Anchor | None) -> None:
        self.stored, self.linked_up_to, self.checkpoint = stored, linked_up_to, checkpoint
        self.expected = next(stored, None)
        self.link, self.head = GENESIS, None
        self.checked = self.compared = self.pending = 0
        self.reading: int | None = None  # the position being hashed

    def result(self, finding: Finding | None = None) -> Verification:
        return Verification(self.checked, self.compared, self.pending, self.head, self.link, finding, self.checkpoint)

    def step(self, event: StoredEventLike) -> Finding | None:
        position, expected, checkpoint = event.id, self.expected, self.checkpoint
        skipped = []
        if expected and expected[0] < position:
            skipped.append(Finding(expected[0], MISSING, missing_detail(expected[0])))
        if checkpoint and (self.head or 0) < checkpoint.position < position:
            skipped.append(Finding(checkpoint.position, MISSING, "the checkpoint covers an event at position "
                                                                 f"{checkpoint.position}; the store no longer has it"))
        if skipped:
            return min(skipped, key=lambda f: f.position)
        self.reading = position
        link = link_of(self.link, event)
        if expected and expected[0] == position:
            if expected[1] != link:
                return Finding(position, ALTERED, f"the stored event at position {position} is not the one the chain "
                                                  "recorded (edited, replaced or moved)")
            self.compared += 1
            self.expected = next(self.stored, None)
        elif position <= self.linked_up_to:
            return Finding(position, INSERTED, f"the store holds an event at position {position} that the chain "
                                               "never recorded")
        else:
            self.pending += 1
        self.link, self.head, self.reading = link, position, None
        self.checked += 1
        if checkpoint and position == checkpoint.position and link != checkpoint.head_hash:
            return Finding(position, REWRITTEN, f"the chain at position {position} differs from the checkpoint's "
                                                "head hash: events at or before it were altered, and the audit "
                                                "view's links rewritten (or rebuilt) to match")
        return None

    def end(self) -> Finding | None:
        if self.expected is not None:
            return Finding(self.expected[0], TRUNCATED, f"the chain recorded events from position {self.expected[0]} "
                                                        "on; the store ends before them")
        if self.checkpoint and (self.head or 0) < self.checkpoint.position:
            return Finding((self.head or 0) + 1, TRUNCATED, f"the ledger ends at position {self.head or 0}, before "
                                                            f"the checkpoint's position {self.checkpoint.position}")
        return None


def verify_ledger(app: EventLedger, views: ViewRecorder | None = None, *, checkpoint: Anchor | None = None,
                  page_size: int = PAGE_SIZE) -> Verification:
    """Verifies the application's stored events against the audit view's links in the same
    database (``views``: the read side's recorder; by default one opened just for this) and the
    checkpoint, streaming both in pages."""
    if views is None:
        with views_of(app) as opened:
            return verify_ledger(app, opened, checkpoint=checkpoint, page_size=page_size)

    def run() -> Verification:
        chain = StoredChain.served(views)  # first where the view stands, then the store's head
        head = app.recorder.max_notification_id() or 0
        return verify_chain(notifications(app.recorder, stop=head, size=page_size), chain.links(page_size),
                            chain.linked_up_to, checkpoint)

    try:
        return run()
    except Exception as error:
        if not is_missing_table(error):
            raise
    return run()  # a rebuild switched the audit view's generation meanwhile: once more
