"""The audit trail's hash chain: canonical bytes, links, and finding where a chain breaks."""

import hashlib
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.projections.chain import GENESIS, canonical, chain_links, first_mismatch, next_link

ORIGINATOR = UUID("12345678-1234-5678-1234-567812345678")


def stored(position, state=b'{"a":1}', version=1, topic="ledger.domain.teacher:Teacher.PostingRecorded"):
    return Notification(id=position, originator_id=ORIGINATOR, originator_version=version, topic=topic, state=state)


def test_the_canonical_form_is_position_originator_version_topic_separator_and_stored_bytes():
    data = canonical(7, ORIGINATOR, 3, "t:X", b"{}")
    assert data == (7).to_bytes(8, "big") + ORIGINATOR.bytes + (3).to_bytes(8, "big") + b"t:X" + b"\x00" + b"{}"
    assert canonical(7, "text-id", 3, "t:X", b"{}")[8:15] == b"text-id"


def test_each_link_hashes_the_previous_link_and_the_event_from_a_zero_genesis():
    assert GENESIS == bytes(32)
    first = next_link(GENESIS, 1, ORIGINATOR, 1, "t:X", b"{}")
    assert first == hashlib.sha256(GENESIS + canonical(1, ORIGINATOR, 1, "t:X", b"{}")).digest()
    links = list(chain_links([stored(1), stored(2, version=2)]))
    assert [p for p, _ in links] == [1, 2]
    second = canonical(2, ORIGINATOR, 2, stored(2).topic, b'{"a":1}')
    assert links[1][1] == hashlib.sha256(links[0][1] + second).digest()


def test_a_changed_missing_or_extra_event_is_found_at_its_position():
    events = [stored(1), stored(2, version=2), stored(3, version=3)]
    good = list(chain_links(events))
    assert first_mismatch(events, good) is None
    tampered = [events[0], stored(2, state=b'{"a":2}', version=2), events[2]]
    assert first_mismatch(tampered, good) == 2
    assert first_mismatch(events[:2], good) == 3
    assert first_mismatch([*events, stored(4, version=4)], good) == 4
