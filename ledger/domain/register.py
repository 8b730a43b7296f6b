"""The ``Register`` aggregate (登记簿): what a rule that spans several teachers needs recorded in
one place, so that it is checked on the ledger's own state at the write (ADR 0014).

Each write whose rule spans other teachers (``Command.spans``) updates the registers it names in
the same save as its own event. Two such writes at the same moment then change the same register;
optimistic concurrency lets only one of them save, and the other runs again on a fresh load and
sees the first. A register also keeps the teachers it concerns (``members``): for a school's
leaders (``leaders:<school id>``), every leader whose home is or was that school, so the rule
loads their dossiers from the store rather than from the asynchronously updated views. A couple's
register (``couple:<teacher id>|<teacher id>``) only orders the two spouses' deferrals.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, aggregate_id, envelope
from ledger.domain.dates import china_today

BUILT = "leaders:*"  # marks that every school's leaders register holds the leaders recorded before registers


def register_uuid(name: str) -> Any:
    return aggregate_id("register", name)


def leaders_register(school_id: str) -> str:
    return f"leaders:{school_id}"


def couple_register(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"couple:{first}|{second}"


class Register(LedgerAggregate):
    class Opened(LedgerAggregate.Event, Aggregate.Created):
        name: str
        members: list[str]
        KEY = "opened"

    class Noted(LedgerAggregate.Event):
        """A write that the register orders: the teacher and record it touched, members it added."""

        teacher_id: str
        record_id: str
        added: list[str]
        KEY = "note:{originator_version}"

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.members: set[str] = set()

    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: Register.Opened) -> None:
        self.name, self.members = e.name, set(e.members)

    @when.register
    def _(self, e: Register.Noted) -> None:
        self.members |= set(e.added)

    @classmethod
    def open(cls, name: str, members: list[str], meta: Meta) -> Register:
        return cls._create(cls.Opened, id=register_uuid(name), timestamp=meta.recorded_at,
                           **envelope(meta, china_today(meta.recorded_at)), name=name, members=sorted(set(members)))

    def note(self, teacher_id: str, record_id: str, meta: Meta, *, members: tuple[str, ...] = ()) -> None:
        """Records that a write touched it (in the same save as the write), adding ``members``."""
        added = sorted(set(members) - self.members)
        self.emit(self.Noted, meta, china_today(meta.recorded_at), teacher_id=teacher_id, record_id=record_id,
                  added=added)
