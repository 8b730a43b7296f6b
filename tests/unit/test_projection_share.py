"""How a parallel rebuild shares the views among processes."""

from __future__ import annotations

import uuid

from eventsourcing.persistence import Notification

from ledger.projections.runner import share
from ledger.projections.teachers import TeacherView

BUILT = {"teachers": 5, "audit": 3, "schools": 2}


def test_one_process_builds_every_view_whole():
    assert share(BUILT, 1) == [[("teachers", 5, None), ("audit", 3, None), ("schools", 2, None)]]


def test_each_process_builds_a_part_of_the_teachers_and_the_other_views_are_dealt_out():
    assert share(BUILT, 2) == [
        [("teachers", 5, (0, 2)), ("schools", 2, None)],
        [("teachers", 5, (1, 2)), ("audit", 3, None)],
    ]
    assert share(BUILT, 3) == [
        [("teachers", 5, (0, 3))],
        [("teachers", 5, (1, 3)), ("schools", 2, None)],
        [("teachers", 5, (2, 3)), ("audit", 3, None)],
    ]


def test_processes_left_without_work_are_not_started():
    assert share({"audit": 3, "schools": 2}, 4) == [[("schools", 2, None)], [("audit", 3, None)]]


def test_the_parts_of_a_view_take_every_aggregate_exactly_once():
    notifications = [Notification(id=i, originator_id=uuid.uuid4(), originator_version=1, topic="t", state=b"{}")
                     for i in range(1, 301)]
    parts = [TeacherView(1, bulk=True, part=(k, 3)) for k in range(3)]
    owners = [[part.accepts(n) for part in parts].count(True) for n in notifications]
    assert owners == [1] * len(notifications)
    assert all(any(part.accepts(n) for n in notifications) for part in parts)
    assert [part.tracking_name for part in parts] == ["teachers@g1#0", "teachers@g1#1", "teachers@g1#2"]
