"""Commands as values: each thing a user can ask the ledger to record is one frozen dataclass.

A command names the event it records (``EVENT``, nested on its aggregate: its stored topic never
changes), its short name (``NAME``: the console's form, an import file's history event), the clauses it cites by itself (``CLAUSES``), the record it creates or touches (``ID``,
the field naming it), the field carrying its effective date (``EFFECTIVE``), where it lives under
its subject (``ROUTE``, for the API and the console) and its fields with their types and markers
(``ledger.domain.commands.specs``). Making one checks and normalises every field at once — a bad
value of any field is reported together with all the others (``InvalidInput``) — so a command that
exists is well-formed. Deciding what it records from a dossier is its ``decide``; the aggregate's
one ``handle`` runs idempotency, the standing checks and recording for every command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from ledger.domain.base import LedgerAggregate, json_native
from ledger.domain.dates import china_today
from ledger.domain.commands.specs import FieldSpec, specs_of
from ledger.domain.messages import Term
from ledger.domain.values import Checks

if TYPE_CHECKING:
    from ledger.domain.base import Notice
    from ledger.domain.dossier import Dossier, Limits, Others
    from ledger.domain.records import Record


@dataclass(frozen=True)
class Reference:
    """A registered thing a command names, as the application checks it before running it."""

    field: str
    kind: str  # "school" | "teacher"
    ident: str
    clause: str | None = None


@dataclass(frozen=True)
class Span:
    """Other teachers a command's rule spans (ADR 0014): the application reads them at the write —
    ``teacher_ids`` by id, ``leaders_of`` the leaders whose home is (or was) a school,
    ``evaluated_at`` the teachers a school evaluated in a school year — and ``registers`` names the
    registers every write of such a command updates in the same save, so that two of them written
    at the same moment cannot both pass unseen by each other."""

    teacher_ids: tuple[str, ...] = ()
    leaders_of: str | None = None
    evaluated_at: tuple[str, int] | None = None
    registers: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()  # the schools whose facts the rule reads
    profile_on: date | None = None  # the rules also need the whole profile in force on that date


@dataclass(frozen=True)
class Decision:
    """What a command records: the record it creates or changes (its state afterwards), every
    other record a correction changes (``effects``), clauses that follow from what it found
    (``clauses``), and a command recorded right after it in the same save (``then``)."""

    record: Record
    effects: tuple[Record, ...] = ()
    clauses: tuple[str, ...] = ()
    then: tuple[Command, ...] = ()  # recorded in order, each after the one before
    notices: tuple[Notice, ...] = ()  # warnings the write answers with (stored with its event)


@dataclass(frozen=True, kw_only=True)
class Command:
    EVENT: ClassVar[type[LedgerAggregate.Event]]
    NAME: ClassVar[str]  # its short name: the console's form, an import file's event, the API's ``action``
    SUBJECT: ClassVar[str] = "teacher"  # the kind of aggregate it acts on ("teacher" | "school")
    CLAUSES: ClassVar[tuple[str, ...]] = ()
    RECORD: ClassVar[str] = ""  # the record type it touches ("posting", …; "teacher" for a registration)
    ID: ClassVar[str] = ""  # the field naming the record it creates or touches
    EFFECTIVE: ClassVar[str | None] = None  # the field of its effective date (None: the day it is recorded)
    ROUTE: ClassVar[str] = ""  # where it lives under its subject, e.g. "postings/{posting_id}/reports"
    WHAT: ClassVar[str] = "record.what"  # how a conflicting repeat names what was recorded
    CREATES: ClassVar[bool] = False  # the record is new: its id must not be used yet
    AFTER_DEPARTURE: ClassVar[bool] = False  # may be recorded after the teacher left (corrections)

    def __post_init__(self) -> None:
        c = Checks()
        for spec in specs_of(type(self)):
            object.__setattr__(self, spec.name, spec.parse(c, getattr(self, spec.name)))
        self.check(c)
        c.done()
        for spec in specs_of(type(self)):
            if spec.default_id and getattr(self, spec.name) is None:
                object.__setattr__(self, spec.name, spec.default_id.format_map(self._values()))
        for name, value in self.defaults().items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)

    # ------------------------------------------------------------------ declaration
    @classmethod
    def specs(cls) -> tuple[FieldSpec, ...]:
        return specs_of(cls)

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Command:
        """A command from plain values (as parsed from a file or a form): only its own fields."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def check(self, c: Checks) -> None:
        """Rules between fields, noted in ``c``; a field that was bad on its own is None here."""

    def defaults(self) -> dict[str, Any]:
        """Values of fields left out that follow from the others (besides ``DefaultId``)."""
        return {}

    # ------------------------------------------------------------------ what it records
    @property
    def record_id(self) -> str:
        return str(getattr(self, self.ID))

    def effective_on(self, recorded_at: datetime) -> date:
        """The date it takes effect: its ``EFFECTIVE`` field, or the day it is recorded in China."""
        value = getattr(self, self.EFFECTIVE) if self.EFFECTIVE else None
        return value if isinstance(value, date) else china_today(recorded_at)

    @property
    def effective_date_given(self) -> bool:
        """False when the effective date was left to default to the day of recording (a retry on
        another day then still replays)."""
        return self.EFFECTIVE is None or getattr(self, self.EFFECTIVE) is not None

    def event_fields(self, limits: Limits) -> dict[str, Any]:
        """The fields its event carries beside the envelope (the effective date is the envelope's)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "effective_date"}

    def key(self, event_fields: Mapping[str, Any]) -> str:
        """Its idempotency key: the event's own (``EVENT.KEY``), from the fields it records."""
        return self.EVENT.KEY.format_map(json_native(dict(event_fields)))

    def what(self) -> tuple[str, dict[str, Any]]:
        """How a conflicting repeat names what was recorded: ``WHAT`` with the command's fields (and
        ``kind``, ``ident`` for the record) as parameters."""
        return self.WHAT, {**self._values(), "kind": Term("kind", self.RECORD), "ident": self.record_id}

    def references(self) -> list[Reference]:
        """Registered schools and teachers it names (from the fields marked ``Ref``)."""
        return references_in(type(self), {f.name: getattr(self, f.name) for f in fields(self)})

    def implied_clauses(self, dossier: Dossier | None) -> frozenset[str]:
        """Clauses it may cite by itself (a repeat that differs only by them still replays)."""
        return frozenset(self.CLAUSES)

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        """The record it creates or changes, decided from the dossier, the policy limits in force
        and its effective date ``on``; raises a typed error naming its clause when it may not."""
        raise NotImplementedError

    def spans(self, dossier: Dossier, limits: Limits, on: date) -> Span | None:
        """Other teachers its rules need to see (None: its own dossier is enough)."""
        return None

    def consult(self, dossier: Dossier, decision: Decision, limits: Limits, others: Others,
                on: date) -> tuple[Notice, ...]:
        """Rules across teachers, with the record in place in ``dossier`` and the teachers of
        ``spans`` in ``others``: raises a typed error naming the clause, or returns notices."""
        return ()

    def _values(self) -> dict[str, Any]:
        return {f.name: json_native(getattr(self, f.name)) for f in fields(self)}


def command_classes(base: type[Command] = Command) -> list[type[Command]]:
    """Every concrete command class below ``base`` (declared ones carry an ``EVENT``)."""
    found: list[type[Command]] = []
    for sub in base.__subclasses__():
        if "EVENT" in vars(sub):
            found.append(sub)
        found += command_classes(sub)
    return found


def references_in(cls: type[Command], values: Mapping[str, Any]) -> list[Reference]:
    """The registered schools and teachers that the fields marked ``Ref`` of ``cls`` name in
    ``values`` (a command's, or those of a row no command could be made of)."""
    found = []
    for spec in specs_of(cls):
        if spec.ref is None or spec.ref.kind not in ("school", "teacher"):
            continue
        value = values.get(spec.name)
        for ident in value if isinstance(value, tuple) else (value,):
            if isinstance(ident, str) and ident:
                found.append(Reference(spec.name, spec.ref.kind, ident, spec.ref.clause))
    return found
