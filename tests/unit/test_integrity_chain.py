"""Verifying a chain (no database): for each kind of tampering the first bad position is named;
gaps, pending events and an empty ledger are not tampering; checkpoints catch what rewrites the
stored links too."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.integrity.verify import ALTERED, INSERTED, MISSING, REWRITTEN, TRUNCATED, verify_chain
from ledger.projections.chain import GENESIS, chain_links

TEACHER = UUID("00000000-0000-0000-0000-0000000000aa")
SCHOOL = UUID("00000000-0000-0000-0000-0000000000bb")


@dataclass(frozen=True)
class Anchor:
    position: int
    head_hash: bytes


def event(position: int, originator: UUID = TEACHER, version: int | None = None, state: bytes | None = None):
    return Notification(id=position, originator_id=originator, originator_version=version or position,
                        topic="ledger.domain.teacher:Teacher.AwardGranted",
                        state=state if state is not None else b'{"award_id":"A-%d","amount_cny":"20000.00"}' % position)


def ledger_of(positions) -> list[Notification]:
    return [event(p) for p in positions]


def verified(events, stored=None, linked_up_to=None, checkpoint=None):
    stored = list(chain_links(events)) if stored is None else stored
    linked = max((p for p, _ in stored), default=0) if linked_up_to is None else linked_up_to
    return verify_chain(events, stored, linked, [checkpoint] if checkpoint else ())


def test_an_untouched_ledger_verifies_and_reports_its_head():
    events = ledger_of(range(1, 11))
    links = list(chain_links(events))
    result = verified(events)
    assert result.ok and result.first_bad_position is None and result.finding is None
    assert (result.events_checked, result.links_compared, result.pending) == (10, 10, 0)
    assert (result.head_position, result.head_hash) == (10, links[-1][1])
    assert result.to_dict()["head_hash"] == links[-1][1].hex()


def test_an_empty_ledger_verifies_with_the_genesis_as_its_head():
    result = verify_chain([], [], 0)
    assert result.ok and result.head_position is None and result.head_hash == GENESIS


def test_gaps_in_positions_are_not_tampering():
    events = ledger_of([1, 2, 5, 6, 9])  # rolled-back writes on PostgreSQL consumed 3, 4, 7 and 8
    assert verified(events).ok


def test_events_the_audit_trail_has_not_linked_yet_are_pending_not_tampering():
    events = ledger_of(range(1, 11))
    stored = list(chain_links(events[:6]))
    result = verified(events, stored, linked_up_to=6)
    assert result.ok and (result.links_compared, result.pending, result.head_position) == (6, 4, 10)


def test_an_edited_payload_byte_is_named_at_its_position():
    events = ledger_of(range(1, 11))
    stored = list(chain_links(events))
    tampered = list(events)
    tampered[6] = replace(events[6], state=events[6].state.replace(b"20000", b"90000"))
    result = verified(tampered, stored)
    assert (result.first_bad_position, result.finding.problem) == (7, ALTERED)
    assert not result.ok and result.head_position == 6 and result.head_hash == stored[5][1]


def test_a_deleted_event_is_named_at_the_position_the_store_no_longer_has():
    events = ledger_of(range(1, 11))
    stored = list(chain_links(events))
    result = verified([e for e in events if e.id != 4], stored)
    assert (result.first_bad_position, result.finding.problem) == (4, MISSING)


def test_two_swapped_events_are_named_at_the_first_of_them():
    events = ledger_of(range(1, 11))
    stored = list(chain_links(events))
    swapped = list(events)
    swapped[2], swapped[7] = replace(events[7], id=3), replace(events[2], id=8)
    result = verified(swapped, stored)
    assert (result.first_bad_position, result.finding.problem) == (3, ALTERED)


def test_an_event_inserted_into_a_gap_is_named_at_its_position():
    events = ledger_of([1, 2, 5, 6, 9])
    stored = list(chain_links(events))
    forged = sorted([*events, event(3, SCHOOL, version=1)], key=lambda e: e.id)
    result = verified(forged, stored)
    assert (result.first_bad_position, result.finding.problem) == (3, INSERTED)


def test_an_event_inserted_by_shifting_the_rest_is_named_at_its_position():
    events = ledger_of(range(1, 8))
    stored = list(chain_links(events))
    shifted = [*events[:4], event(5, SCHOOL, version=1), *(replace(e, id=e.id + 1) for e in events[4:])]
    assert verified(shifted, stored).first_bad_position == 5


def test_a_truncated_tail_is_named_at_its_first_missing_position():
    events = ledger_of(range(1, 11))
    stored = list(chain_links(events))
    result = verified(events[:7], stored)
    assert (result.first_bad_position, result.finding.problem) == (8, TRUNCATED)
    assert result.head_position == 7


def test_a_changed_stored_link_is_named_too():
    events = ledger_of(range(1, 6))
    stored = list(chain_links(events))
    stored[2] = (3, bytes(32))
    assert verified(events, stored).first_bad_position == 3


def test_a_tail_cut_from_both_the_store_and_the_links_passes_alone_but_not_against_a_checkpoint():
    events = ledger_of(range(1, 11))
    links = dict(chain_links(events))
    checkpoint = Anchor(10, links[10])
    cut = events[:6]
    assert verified(cut).ok  # the stored links were cut as well: nothing left to disagree with
    result = verified(cut, checkpoint=checkpoint)
    assert (result.first_bad_position, result.finding.problem) == (7, TRUNCATED)
    assert verified(events, checkpoint=checkpoint).ok


def test_events_and_links_rewritten_together_pass_alone_but_not_against_a_checkpoint():
    events = ledger_of(range(1, 11))
    checkpoint = Anchor(8, dict(chain_links(events))[8])
    rewritten = list(events)
    rewritten[3] = replace(events[3], state=b'{"award_id":"A-4","amount_cny":"99999.00"}')
    assert verified(rewritten).ok  # the links were recomputed to match
    result = verified(rewritten, checkpoint=checkpoint)
    assert (result.first_bad_position, result.finding.problem) == (8, REWRITTEN)


def test_a_deleted_checkpoint_position_is_named():
    events = ledger_of(range(1, 11))
    checkpoint = Anchor(5, dict(chain_links(events))[5])
    without = [e for e in events if e.id != 5]
    result = verified(without, checkpoint=checkpoint)
    assert (result.first_bad_position, result.finding.problem) == (5, MISSING)


def test_a_later_ledger_still_extends_an_earlier_checkpoint():
    events = ledger_of(range(1, 21))
    checkpoint = Anchor(12, dict(chain_links(events[:12]))[12])
    assert verified(events, checkpoint=checkpoint).ok


def test_a_row_that_is_no_longer_a_stored_event_is_named_not_raised():
    events = ledger_of(range(1, 6))
    stored = list(chain_links(events))
    broken = list(events)
    broken[1] = replace(events[1], state="text, not bytes")
    result = verified(broken, stored)
    assert (result.first_bad_position, result.finding.problem) == (2, ALTERED)


def test_every_checkpoint_is_checked_in_one_pass_the_first_that_disagrees_is_named():
    events = ledger_of(range(1, 21))
    links = dict(chain_links(events))
    anchors = [Anchor(15, links[15]), Anchor(5, links[5]), Anchor(10, links[10])]  # in any order
    assert verify_chain(events, list(links.items()), 20, anchors).ok
    rewritten = list(events)
    rewritten[6] = replace(events[6], state=b'{"award_id":"A-7","amount_cny":"99999.00"}')  # position 7
    result = verify_chain(rewritten, list(chain_links(rewritten)), 20, anchors)  # links recomputed to match
    assert (result.first_bad_position, result.finding.problem) == (10, REWRITTEN)
    assert [a.position for a in result.checkpoints] == [5, 10, 15]
    disagreeing = [Anchor(10, links[10]), Anchor(10, bytes(32))]  # two claims about one position
    assert verify_chain(events, list(links.items()), 20, disagreeing).finding.problem == REWRITTEN
    beyond = verify_chain(events[:12], list(links.items())[:12], 12, anchors)
    assert (beyond.first_bad_position, beyond.finding.problem) == (13, TRUNCATED)
    assert beyond.finding.message.render("zh") == "台账结束于位置 12，在检查点的位置 15 之前"
