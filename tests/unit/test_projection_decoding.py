"""The views' page decoder reads every stored event exactly as the library's mapper does (same
class, same attributes), and hands anything it cannot read the same way to the mapper."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Notification

from ledger.generator import GeneratorConfig, write_into
from ledger.projections.decoding import PageDecoder


def test_every_event_of_a_county_decodes_as_the_mapper_decodes_it(memory_ledger: Any) -> None:
    write_into(memory_ledger, GeneratorConfig(teachers=100, years=3, seed=5))
    page = memory_ledger.recorder.select_notifications(1, 100_000)
    decoded = PageDecoder(memory_ledger.mapper).decode(page)
    kinds = set()
    for notification, event in zip(page, decoded, strict=True):
        expected = memory_ledger.mapper.to_domain_event(notification)
        assert type(event) is type(expected) and vars(event) == vars(expected)
        kinds.add(type(event).__name__)
    assert {"TeacherRegistered", "SchoolRegistered", "PostingRecorded", "RecordVoided", "RecordAmended"} <= kinds


def test_ids_stored_as_text_become_uuids(memory_ledger: Any) -> None:
    write_into(memory_ledger, GeneratorConfig(teachers=100, years=1, seed=5))
    stored = memory_ledger.recorder.select_notifications(1, 3)
    as_text = [Notification(id=n.id, originator_id=n.originator_id.hex, originator_version=n.originator_version,
                            topic=n.topic, state=n.state) for n in stored]  # as SQLite stores them
    decoded = PageDecoder(memory_ledger.mapper).decode(as_text)
    assert [e.originator_id for e in decoded] == [n.originator_id for n in stored]


def test_values_transcoded_below_the_top_level_go_through_the_mapper(memory_ledger: Any) -> None:
    write_into(memory_ledger, GeneratorConfig(teachers=100, years=1, seed=5))
    first = memory_ledger.recorder.select_notifications(1, 1)[0]
    nested = first.state.replace(b'{"', b'{"extra": {"deep": {"_type_": "uuid_hex", "_data_": "'
                                 + first.originator_id.hex.encode() + b'"}}, "', 1)
    odd = Notification(id=1, originator_id=first.originator_id, originator_version=1, topic=first.topic, state=nested)
    event = PageDecoder(memory_ledger.mapper).decode([odd])[0]
    assert event.extra == {"deep": first.originator_id}  # the mapper's reading: a UUID, not a dict


def test_a_mapper_with_a_cipher_or_compressor_is_always_used(memory_ledger: Any) -> None:
    decoder = PageDecoder(memory_ledger.mapper)
    assert decoder.fast
    memory_ledger.mapper.compressor = object()
    try:
        assert not PageDecoder(memory_ledger.mapper).fast
    finally:
        memory_ledger.mapper.compressor = None


def test_only_the_wanted_events_are_decoded(memory_ledger: Any) -> None:
    write_into(memory_ledger, GeneratorConfig(teachers=100, years=1, seed=5))
    page = memory_ledger.recorder.select_notifications(1, 100_000)
    calls: list[type] = []

    def schools_and_odd_positions(cls: type) -> Any:
        calls.append(cls)
        if cls.__name__ == "SchoolRegistered":
            return True
        return (lambda n: n.id % 2 == 1) if cls.__name__ == "TeacherRegistered" else False

    decoded = PageDecoder(memory_ledger.mapper).decode(page, schools_and_odd_positions)
    kept = [(n.id, type(e).__name__) for n, e in zip(page, decoded, strict=True) if e is not None]
    expected = [(n.id, name) for n in page if (name := n.topic.rsplit(".", 1)[-1]) == "SchoolRegistered"
                or (name == "TeacherRegistered" and n.id % 2 == 1)]
    assert kept == expected and expected
    assert len(calls) == len(set(calls)) == len({n.topic for n in page})  # asked once per class
