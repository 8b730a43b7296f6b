"""What the bulk path records: an ``Entry`` is one domain command (``ledger.domain.commands``) with
its subject, envelope and recorded time — the same command the API and the console build.

The synthetic county generator produces entries, the importers parse them from files, and
``BulkWriter`` applies them, several aggregates per transaction. An entry also travels as plain JSON
(the staging file between checking and writing an import): its command's name and field values.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from ledger.app.core import SUBJECTS
from ledger.domain.base import Meta, json_native
from ledger.domain.commands import TEACHER_COMMANDS, Command, Registration, command_classes

REGISTER = "register"

# The events of a history file (and of the generator), each the command that records it.
ACTIONS: dict[str, type[Command]] = {cls.NAME: cls for cls in TEACHER_COMMANDS}
ACTION_OF: dict[type[Command], str] = {cls: name for name, cls in ACTIONS.items()}
BY_NAME: dict[str, type[Command]] = {cls.__name__: cls for cls in command_classes()}


@dataclass(frozen=True, slots=True)
class Entry:
    """One command to record for ``subject_id``, with the envelope's reason, clauses and document;
    the recorded time (None: the application's clock); the source line of a file, if any."""

    subject_id: str
    command: Command
    reason: str
    policy_clauses: tuple[str, ...] = ()
    document_ref: str | None = None
    recorded_at: datetime | None = None
    line: int = 0

    @property
    def uuid(self) -> Any:
        return SUBJECTS[self.command.SUBJECT][1](self.subject_id)

    @property
    def registers(self) -> bool:
        return isinstance(self.command, Registration)

    @property
    def action(self) -> str:
        """``register`` or the history event the command records (``posting``, ``report`` …)."""
        return REGISTER if self.registers else ACTION_OF[type(self.command)]

    @property
    def record_id(self) -> str | None:
        """The id of the record the command creates or touches (None for registrations)."""
        return None if self.registers else self.command.record_id

    def meta(self, *, actor: str, recorded_at: datetime) -> Meta:
        return Meta(actor=actor, reason=self.reason, recorded_at=recorded_at,
                    policy_clauses=tuple(self.policy_clauses), document_ref=self.document_ref)

    # ------------------------------------------------------------------ as plain JSON
    def to_json(self) -> list[Any]:
        values = {f.name: json_native(getattr(self.command, f.name)) for f in fields(self.command)}
        return [self.subject_id, type(self.command).__name__, values, self.reason, list(self.policy_clauses),
                self.document_ref, self.line]

    @classmethod
    def from_json(cls, data: list[Any]) -> Entry:
        subject_id, name, values, reason, clauses, document_ref, line = data
        return cls(subject_id, BY_NAME[name](**values), reason, tuple(clauses), document_ref, line=line)
