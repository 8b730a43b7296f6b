"""The audit trail's tamper-evidence hash chain, defined once.

Every stored event extends the chain, in ledger (notification) order::

    link(n) = SHA-256( link(n-1) ‖ canonical(event n) )
    link(0) = GENESIS (32 zero bytes)

``canonical`` serialises the event *as stored* — its position, originator id, version, topic and
the stored ``state`` bytes exactly as the event store holds them (never a re-encoding):

    position (8 bytes, big-endian) ‖ originator id (16 UUID bytes, or UTF-8 text)
    ‖ version (8 bytes, big-endian) ‖ topic (UTF-8) ‖ 0x00 ‖ state

The audit view stores each event's link as it is built; anyone holding the events can recompute
the chain with ``chain_links`` and compare (``ledger.integrity.verify`` does, page by page).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Protocol
from uuid import UUID

from ledger.domain.messages import Message

GENESIS = bytes(32)
SEPARATOR = b"\x00"
MISSING = "missing"  # the chain recorded an event at this position; the store no longer has it


class StoredEventLike(Protocol):
    """What the chain needs of a stored event (the library's ``Notification`` has it all)."""

    @property
    def id(self) -> int: ...

    @property
    def originator_id(self) -> UUID | str: ...

    @property
    def originator_version(self) -> int: ...

    @property
    def topic(self) -> str: ...

    @property
    def state(self) -> bytes: ...


def canonical(position: int, originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """The canonical serialisation of one stored event (see the module docstring)."""
    return header(position, originator_id, version, topic) + bytes(state)


def header(position: int, originator_id: UUID | str, version: int, topic: str) -> bytes:
    """What comes before the stored state in the canonical serialisation."""
    ident = originator_id.bytes if isinstance(originator_id, UUID) else str(originator_id).encode("utf-8")
    return b"".join((position.to_bytes(8, "big"), ident, version.to_bytes(8, "big"), topic.encode("utf-8"), SEPARATOR))


def next_link(previous: bytes, position: int, originator_id: UUID | str, version: int, topic: str,
              state: bytes) -> bytes:
    """The link of one event, given the link before it: ``SHA-256(previous ‖ canonical(…))``, fed
    in pieces (the stored state is not copied)."""
    digest = hashlib.sha256(previous)
    digest.update(header(position, originator_id, version, topic))
    digest.update(state)
    return digest.digest()


def link_of(previous: bytes, event: StoredEventLike) -> bytes:
    return next_link(previous, event.id, event.originator_id, event.originator_version, event.topic, event.state)


def chain_links(events: Iterable[StoredEventLike], previous: bytes = GENESIS) -> Iterator[tuple[int, bytes]]:
    """``(position, link)`` for each event in order, continuing from ``previous``."""
    for event in events:
        previous = link_of(previous, event)
        yield event.id, previous


def missing_message(position: int) -> Message:
    """What verification and the audit trail say of a chained position the store no longer has."""
    return Message("verify.missing", position=position)
