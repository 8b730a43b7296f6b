"""Paging: the notification log read a page at a time (``ledger.store``), and the one cursor codec
of the listings (``ledger.projections.pages``)."""

from __future__ import annotations

from typing import Any

import pytest

from ledger.domain.errors import InvalidInput
from ledger.domain.school import School, school_uuid
from ledger.projections.pages import decode_cursor, encode_cursor, page_of
from ledger.store import notifications, originators, pages
from tests.support import SCHOOLS, seed_schools, teacher


def counting(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``after`` of every page the recorder is asked for."""
    asked: list[int] = []
    select = ledger.recorder.select_notifications

    def spy(start: Any, limit: int, *args: Any, **kwargs: Any) -> Any:
        asked.append(start)
        return select(start, limit, *args, **kwargs)

    monkeypatch.setattr(ledger.recorder, "select_notifications", spy)
    return asked


def test_pages_end_with_a_short_page_and_ask_nothing_past_the_stop(memory_ledger, monkeypatch):
    seed_schools(memory_ledger)  # positions 1 to 5
    asked = counting(memory_ledger, monkeypatch)
    assert [[n.id for n in page] for page in pages(memory_ledger.recorder, size=2)] == [[1, 2], [3, 4], [5]]
    assert [[n.id for n in page] for page in pages(memory_ledger.recorder, 1, size=2)] == [[2, 3], [4, 5], []]
    assert asked == [0, 2, 4, 1, 3, 5]
    asked.clear()
    assert [[n.id for n in page] for page in pages(memory_ledger.recorder, stop=4, size=2)] == [[1, 2], [3, 4], []]
    assert [n.id for n in notifications(memory_ledger.recorder, 4, stop=4)] == []
    assert asked == [0, 2]  # past the stop, the last page is empty without a query


def test_notifications_of_one_class_give_every_aggregate_of_a_kind(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    assert list(originators(memory_ledger.recorder, School.SchoolRegistered)) == \
        [school_uuid(school[0]) for school in SCHOOLS]
    assert [n.id for n in notifications(memory_ledger.recorder, 2, size=1)] == [3, 4, 5, 6]


def test_a_cursor_gives_back_its_key_and_nothing_else_is_taken_for_one():
    for key in ("T-001", "城关第一小学", ""):
        assert decode_cursor(encode_cursor(key)) == key
    for bad in ("!!", "bm90LWEtY3Vyc29y", "MTI="):  # not base64, plain text, JSON that is no key (12)
        with pytest.raises(InvalidInput) as refused:
            decode_cursor(bad)
        assert [e.field for e in refused.value.errors] == ["cursor"]
    items = [{"id": f"T-{n}"} for n in range(4)]
    last = page_of(items, 3, lambda i: i["id"])
    assert last.items == items[:3] and decode_cursor(last.next_cursor) == "T-2"
    assert page_of(items, 4, lambda i: i["id"]).next_cursor is None
