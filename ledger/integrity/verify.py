"""Verifying the ledger: recompute the hash chain from the stored events and compare it with the
links the audit view stored as it was built, and with signed checkpoints when some are given.

What each side can prove:

- **The stored links** catch a stored event that was edited, deleted, inserted or moved after the
  audit view chained it — the first position where the recomputed chain and the stored one part
  is named. Positions may have gaps (on PostgreSQL a rolled-back write consumes one): the chain
  runs over the events in position order, so a gap alone is nothing; a position that the chain
  recorded and the store no longer has is. The links prove no more than that the events and the
  links agree: whoever can write both can rewrite both.
- **Checkpoints** (``checkpoint.py``), kept outside the database, catch what rewrites both the
  events and the view's links (the chain no longer reaches a signed head hash at its signed
  position) and a tail cut from both (the ledger ends before a checkpoint). Every checkpoint given
  is checked in the one pass.
- Events recorded after the audit view's last link are chained and counted as ``pending``; they
  are compared once the view has linked them.

Each finding is a catalogue message (``verify.*``), so it reads in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ledger.domain.messages import Message
from ledger.integrity.links import StoredChain, views_of
from ledger.projections.chain import GENESIS, MISSING, StoredEventLike, link_of, missing_message
from ledger.projections.db import ViewRecorder, is_missing_table
from ledger.store import EventLedger, notifications

PAGE_SIZE = 10_000  # events (and links) per read: about 7 MB of stored events at a time

ALTERED = "altered"  # the event at this position is not the one the chain recorded
INSERTED = "inserted"  # the store has an event at this position that the chain never recorded
TRUNCATED = "truncated"  # the ledger ends before events the chain or a checkpoint recorded
REWRITTEN = "rewritten"  # the chain no longer reaches a checkpoint's signed head hash
# each problem in a word (the finding's ``problem``, as people read it)
PROBLEMS = {ALTERED: "verify.problem.altered", MISSING: "verify.problem.missing", INSERTED: "verify.problem.inserted",
            TRUNCATED: "verify.problem.truncated", REWRITTEN: "verify.problem.rewritten"}


class Anchor(Protocol):
    """A checkpoint's claim: the chain's link at ``position`` is ``head_hash``."""

    @property
    def position(self) -> int: ...

    @property
    def head_hash(self) -> bytes: ...


@dataclass(frozen=True)
class Finding:
    position: int
    problem: str
    message: Message

    @property
    def detail(self) -> str:
        return self.message.render("en")

    @property
    def named(self) -> Message:
        """The problem in a word."""
        return Message(PROBLEMS[self.problem])


@dataclass(frozen=True)
class Verification:
    events_checked: int  # stored events whose link was recomputed
    links_compared: int  # of them, compared with the link the audit view stored
    pending: int  # chained here, but recorded after the audit view's last link
    head_position: int | None  # the last event chained (before the finding, if any)
    head_hash: bytes
    finding: Finding | None = None
    checkpoints: tuple[Anchor, ...] = field(default=())  # what the chain was compared with, by position

    @property
    def ok(self) -> bool:
        return self.finding is None

    @property
    def first_bad_position(self) -> int | None:
        return self.finding.position if self.finding else None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        finding = self.finding
        return {
            "ok": self.ok,
            "events_checked": self.events_checked,
            "links_compared": self.links_compared,
            "pending": self.pending,
            "head_position": self.head_position,
            "head_hash": self.head_hash.hex(),
            "first_bad_position": self.first_bad_position,
            "problem": finding.problem if finding else None,
            "detail": finding.message.render(lang) if finding else None,
            "code": finding.message.code if finding else None,
            "params": finding.message.wire_params() if finding else None,
            "checkpoint_position": self.checkpoints[-1].position if self.checkpoints else None,
        }


def verify_chain(events: Iterable[StoredEventLike], stored: Iterable[tuple[int, bytes]], linked_up_to: int,
                 checkpoints: Sequence[Anchor] = ()) -> Verification:
    """Recomputes the chain over ``events`` (ledger order) and compares it with the ``stored``
    ``(position, link)`` pairs, which cover every event up to ``linked_up_to``, and with every
    checkpoint. Stops at the first finding (what follows a break cannot be compared)."""
    walk = _Walk(iter(stored), linked_up_to, tuple(sorted(checkpoints, key=lambda a: a.position)))
    try:
        for event in events:
            if (finding := walk.step(event)) is not None:
                return walk.result(finding)
    except (TypeError, ValueError, AttributeError) as error:  # a row that is no longer a stored event
        position = walk.reading or (walk.head or 0) + 1
        return walk.result(Finding(position, ALTERED, Message("verify.unreadable", position=position,
                                                              error=str(error))))
    return walk.result(walk.end())


class _Walk:
    """The recomputed chain, one stored event at a time, against the stored links and the
    checkpoints (in position order)."""

    def __init__(self, stored: Iterator[tuple[int, bytes]], linked_up_to: int,
                 checkpoints: tuple[Anchor, ...]) -> None:
        self.stored, self.linked_up_to, self.checkpoints = stored, linked_up_to, checkpoints
        self.expected = next(stored, None)
        self.anchors = iter(checkpoints)
        self.anchor = next(self.anchors, None)
        self.link, self.head = GENESIS, None
        self.checked = self.compared = self.pending = 0
        self.reading: int | None = None  # the position being hashed

    def result(self, finding: Finding | None = None) -> Verification:
        return Verification(self.checked, self.compared, self.pending, self.head, self.link, finding,
                            self.checkpoints)

    def step(self, event: StoredEventLike) -> Finding | None:
        position, expected, anchor = event.id, self.expected, self.anchor
        skipped = []
        if expected and expected[0] < position:
            skipped.append(Finding(expected[0], MISSING, missing_message(expected[0])))
        if anchor and anchor.position < position:
            skipped.append(Finding(anchor.position, MISSING, Message("verify.missing_checkpointed",
                                                                     position=anchor.position)))
        if skipped:
            return min(skipped, key=lambda f: f.position)
        self.reading = position
        link = link_of(self.link, event)
        if expected and expected[0] == position:
            if expected[1] != link:
                return Finding(position, ALTERED, Message("verify.altered", position=position))
            self.compared += 1
            self.expected = next(self.stored, None)
        elif position <= self.linked_up_to:
            return Finding(position, INSERTED, Message("verify.inserted", position=position))
        else:
            self.pending += 1
        self.link, self.head, self.reading = link, position, None
        self.checked += 1
        while anchor and anchor.position == position:
            if link != anchor.head_hash:
                return Finding(position, REWRITTEN, Message("verify.rewritten", position=position))
            anchor = self.anchor = next(self.anchors, None)
        return None

    def end(self) -> Finding | None:
        if self.expected is not None:
            return Finding(self.expected[0], TRUNCATED, Message("verify.truncated", position=self.expected[0]))
        if self.checkpoints and (self.head or 0) < self.checkpoints[-1].position:
            return Finding((self.head or 0) + 1, TRUNCATED, Message(
                "verify.truncated_checkpointed", head=self.head or 0, position=self.checkpoints[-1].position))
        return None


def verify_ledger(app: EventLedger, views: ViewRecorder | None = None, *, checkpoints: Sequence[Anchor] = (),
                  page_size: int = PAGE_SIZE) -> Verification:
    """Verifies the application's stored events against the audit view's links in the same
    database (``views``: the read side's recorder; by default one opened just for this) and the
    checkpoints, streaming both in pages."""
    if views is None:
        with views_of(app) as opened:
            return verify_ledger(app, opened, checkpoints=checkpoints, page_size=page_size)

    def run() -> Verification:
        chain = StoredChain.served(views)  # first where the view stands, then the store's head
        head = app.recorder.max_notification_id() or 0
        return verify_chain(notifications(app.recorder, stop=head, size=page_size), chain.links(page_size),
                            chain.linked_up_to, checkpoints)

    try:
        return run()
    except Exception as error:
        if not is_missing_table(error):
            raise
    return run()  # a rebuild switched the audit view's generation meanwhile: once more
