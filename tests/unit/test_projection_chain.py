"""The audit trail's hash chain: canonical bytes, links, and finding where a chain breaks."""

import hashlib
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.projections.chain import GENESIS, canonical, chain_links, next_link

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
