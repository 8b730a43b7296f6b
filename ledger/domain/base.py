"""What every event and aggregate of the ledger shares.

Every event carries an *envelope*: its effective date (valid time), the actor, a reason, the policy
clause ids it relies on, an optional document reference (文号) and a correlation id. The event's
``timestamp`` is its recorded time, passed in by the application (never read from a clock here).

Commands are idempotent by their event's *key* (``KEY``, for example ``record:{posting_id}``): the
same key with the same inputs replays the original outcome and writes nothing; the same key with
other inputs is a conflict.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from ledger.domain.errors import ConflictError
from ledger.domain.messages import Message, Term
from ledger.domain.messages.stored import restore, store
from ledger.domain.values import LONG_TEXT, Checks

LEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:rotation-ledger")

ENVELOPE_FIELDS = (
    "effective_date",
    "actor",
    "reason",
    "policy_clauses",
    "document_ref",
    "correlation_id",
)
# Fields that do not make two commands different: who sent it, which request, when it arrived.
NOT_INPUTS = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "correlation_id"}
)


@lru_cache(maxsize=65536)
def aggregate_id(kind: str, ident: str) -> UUID:
    """Deterministic aggregate id from a business id, e.g. ``aggregate_id("teacher", "T-001")``."""
    return uuid5(LEDGER_NAMESPACE, f"{kind}:{ident}")


def event_id(originator_id: UUID, version: int) -> UUID:
    """A stable id for a stored event, derivable from any copy of it."""
    return uuid5(LEDGER_NAMESPACE, f"event:{originator_id}:{version}")


@dataclass(frozen=True)
class Meta:
    """Who records a command, why, on which clauses and document, and when it is recorded."""

    actor: str
    reason: str
    recorded_at: datetime
    policy_clauses: tuple[str, ...] = ()
    document_ref: str | None = None
    correlation_id: str = ""

    def check(self, checks: Checks) -> Meta:
        """Validates the envelope into ``checks``; returns a normalised copy."""
        actor = checks.text("actor", self.actor) or ""
        reason = checks.text("reason", self.reason, max_len=LONG_TEXT) or ""
        clauses = checks.clauses("policy_clauses", self.policy_clauses)
        document_ref = checks.text("document_ref", self.document_ref, required=False)
        correlation = checks.text("correlation_id", self.correlation_id or None, required=False)
        if self.recorded_at.tzinfo is None:
            checks.fail("recorded_at", "field.timezone")
        return Meta(actor, reason, self.recorded_at, clauses, document_ref, correlation or "")

    def with_clauses(self, *clause_ids: str) -> Meta:
        """The same envelope also citing the clauses a command inherently relies on."""
        merged = tuple(dict.fromkeys((*self.policy_clauses, *clause_ids)))
        return Meta(self.actor, self.reason, self.recorded_at, merged, self.document_ref, self.correlation_id)


def checked(meta: Meta) -> Meta:
    """The envelope validated (every bad field of it at once)."""
    c = Checks()
    meta = meta.check(c)
    c.done()
    return meta


@dataclass(frozen=True, slots=True)
class Notice:
    """A message that names its clause: a warning attached to a successful command (a cap
    exceeded, a soft rule not met), or a reason the policy engine gives (``policy.reasons``)."""

    clause: str
    msg: Message

    @property
    def message(self) -> str:
        """The message in English."""
        return self.msg.render("en")

    def stored(self) -> dict[str, Any]:
        """As an event stores it (``from_stored`` gives it back, to render in any language)."""
        return {"clause": self.clause, **store(self.msg)}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Notice:
        return cls(data["clause"], restore(data))

    def to_dict(self) -> dict[str, Any]:
        """The clause, the English text, and the message's code and parameters (for other languages)."""
        return {"clause": self.clause, "message": self.message, "code": self.msg.code,
                "params": self.msg.wire_params()}


@dataclass(frozen=True)
class Outcome:
    """What a command did: the record it touched and the event (version) that recorded it.

    On an idempotent replay ``replayed`` is true and ``version`` is the original event's.
    """

    record_type: str
    record_id: str
    version: int
    replayed: bool = False
    notices: tuple[Notice, ...] = ()


class LedgerAggregate(Aggregate):
    """Base of the ledger's aggregates: envelope fields, dispatch to ``when``, idempotency."""

    class Event(Aggregate.Event):
        effective_date: str
        actor: str
        reason: str
        policy_clauses: list[str]
        document_ref: str | None
        correlation_id: str

        # Event fields computed from the state (not part of what the caller asked for).
        DERIVED: ClassVar[tuple[str, ...]] = ()
        # The idempotency key of the command that records it, from its fields.
        KEY: ClassVar[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.when(self)
            aggregate.remember_command(self)

        def command_key(self) -> str:
            return self.KEY.format_map(vars(self))

        @classmethod
        def inputs_of(cls, fields: dict[str, Any]) -> dict[str, Any]:
            return {
                k: v for k, v in fields.items() if k not in NOT_INPUTS and k not in cls.DERIVED
            }

    def __init__(self) -> None:
        self._commands: dict[str, tuple[int, dict[str, Any], tuple[Notice, ...]]] = {}

    def when(self, event: Event) -> None:
        """Assigns an event's state; each aggregate overloads it per event class."""
        raise NotImplementedError

    def remember_command(self, event: Event) -> None:
        # a field added to an event later has a default: earlier events compare as if they had it
        state = {**event_defaults(type(event)), **vars(event)}
        self._commands[event.command_key()] = (
            event.originator_version,
            type(event).inputs_of(state),
            tuple(Notice.from_stored(n) for n in state.get("notices") or ()),
        )

    def has_recorded(self, key: str) -> bool:
        """Whether a command with this idempotency key was recorded (a repeat replays it)."""
        return key in self._commands

    def previous_command(
        self,
        event_class: type[Event],
        key: str,
        meta: Meta,
        effective_date: date,
        fields: dict[str, Any],
        record: tuple[str, str],
        *,
        effective_date_given: bool = True,
        what: Message | None = None,
        implied_clauses: frozenset[str] = frozenset(),
    ) -> Outcome | None:
        """The outcome of an identical earlier command, or None if this key is new.

        Raises ``ConflictError`` when the key was used with different inputs. When the caller let
        the effective date default (to the day of recording), a retry on another day still matches;
        clauses the command adds by itself (``implied_clauses``) do not make a difference either.
        """
        known = self._commands.get(key)
        if known is None:
            return None
        version, stored, notices = known
        record_type, record_id = record
        asked = event_class.inputs_of(json_native({**envelope(meta, effective_date), **fields}))
        inputs = dict(stored)
        for side in (inputs, asked):
            side["policy_clauses"] = [c for c in side["policy_clauses"] if c not in implied_clauses]
            if not effective_date_given:
                side.pop("effective_date", None)
        if inputs != asked:
            what = what or Message("record.what", kind=Term("kind", record_type), ident=record_id)
            raise ConflictError("record.different_content", what=what)
        return Outcome(record_type, record_id, version, replayed=True, notices=notices)

    def replayed(self, command: Any, meta: Meta, effective: date, fields: dict[str, Any],
                 implied: frozenset[str]) -> Outcome | None:
        """The outcome of an identical earlier ``command`` (``ledger.domain.commands``), or None."""
        code, params = command.what()
        return self.previous_command(
            command.EVENT, command.key(fields), meta, effective, fields, (command.RECORD, command.record_id),
            effective_date_given=command.effective_date_given, what=Message(code, **params),
            implied_clauses=implied,
        )

    def emit(self, event_class: type[Event], meta: Meta, effective_date: date, **fields: Any) -> None:
        """Triggers an event with the envelope; the recorded time never runs backwards. Derived
        fields (record states) are already JSON-native and pass as they are."""
        recorded_at = max(meta.recorded_at, self.modified_on) if self.version else meta.recorded_at
        derived = event_class.DERIVED
        self.trigger_event(
            event_class,
            timestamp=recorded_at,
            **envelope(meta, effective_date),
            **{k: v if k in derived else json_native(v) for k, v in fields.items()},
        )


@lru_cache(maxsize=None)
def event_defaults(event_class: type) -> dict[str, Any]:
    """The fields of an event class that have a default (fields added after events were stored)."""
    return {f.name: f.default for f in dataclasses.fields(event_class) if f.default is not dataclasses.MISSING}


def envelope(meta: Meta, effective_date: date) -> dict[str, Any]:
    return {
        "effective_date": effective_date.isoformat(),
        "actor": meta.actor,
        "reason": meta.reason,
        "policy_clauses": list(meta.policy_clauses),
        "document_ref": meta.document_ref,
        "correlation_id": meta.correlation_id,
    }


def json_native(value: Any) -> Any:
    """Dates to ISO strings, decimals to strings, tuples to lists, enums to their plain values —
    recursively, so event payloads are plain deterministic JSON."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None or kind is float:
        return value
    if kind is dict:
        return {k: json_native(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [json_native(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return str(value)  # a str-enum member becomes its plain value
    if isinstance(value, dict):
        return {k: json_native(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_native(v) for v in value]
    return value
