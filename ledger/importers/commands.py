"""Commands of the bulk path: one registration or one historical fact about a teacher, applied to
its aggregate through the aggregate's public command methods.

The synthetic county generator produces them, the importers parse them from files, and
``BulkWriter`` applies them, several aggregates per transaction. Field values are JSON-native (ISO
dates, enum codes, decimal strings), so a command reads the same whether generated, staged or
parsed; the domain validates them again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.domain.base import LedgerAggregate, Meta, Outcome
from ledger.domain.dossier import Limits
from ledger.domain.school import School, school_uuid
from ledger.domain.teacher import Teacher, teacher_uuid

SCHOOL = "school"
TEACHER = "teacher"
REGISTER = "register"

# History actions (one row of a history file each): the Teacher method that records them and the
# field naming the record they create or touch.
TEACHER_METHODS: dict[str, tuple[str, str]] = {
    "posting": ("record_posting", "posting_id"),
    "report": ("report_for_duty", "posting_id"),
    "refusal": ("record_reporting_failure", "posting_id"),
    "extension": ("extend_posting", "posting_id"),
    "return": ("end_posting", "posting_id"),
    "exemption": ("grant_exemption", "exemption_id"),
    "exemption_end": ("end_exemption", "exemption_id"),
    "award": ("grant_award", "award_id"),
    "evaluation": ("record_evaluation", "evaluation_id"),
    "title": ("confer_title", "title_id"),
    "backbone": ("designate_backbone", "designation_id"),
    "backbone_revoked": ("revoke_backbone", "designation_id"),
    "departure": ("depart", "departure_id"),
    "void": ("void", "correction_id"),
    "amend": ("amend", "correction_id"),
}
# Actions that create a record (their record id must be new for the teacher).
CREATING_ACTIONS = frozenset(
    {"posting", "exemption", "award", "evaluation", "title", "backbone", "departure", "void", "amend"}
)
# The field that carries the date a command takes effect on, per action (for the policy limits).
DATE_FIELDS = (
    "start_date", "reported_on", "failed_on", "effective_date", "ended_on", "awarded_on", "conferred_on",
    "cycle_start", "revoked_on", "departed_on", "at_home_school_since",
)


@dataclass(frozen=True, slots=True)
class Command:
    """One thing to record: ``subject`` (school | teacher) ``subject_id``, the ``action``
    (``register`` or a history action) and its keyword ``fields``; the envelope's reason, clauses
    and document; the recorded time (None: the application's clock); the source line, if any."""

    subject: str
    subject_id: str
    action: str
    fields: dict[str, Any]
    reason: str
    policy_clauses: tuple[str, ...] = ()
    document_ref: str | None = None
    recorded_at: datetime | None = None
    line: int = 0

    @property
    def uuid(self) -> Any:
        return school_uuid(self.subject_id) if self.subject == SCHOOL else teacher_uuid(self.subject_id)

    @property
    def record_id(self) -> str | None:
        """The id of the record this command creates or touches (None for registrations)."""
        if self.action == REGISTER:
            return None
        value = self.fields.get(TEACHER_METHODS[self.action][1])
        return None if value is None else str(value)

    def effective_on(self) -> date | None:
        for name in DATE_FIELDS:
            value = self.fields.get(name)
            if isinstance(value, str) and len(value) == 10:
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    return None
        return None


def meta_of(command: Command, *, actor: str, recorded_at: datetime) -> Meta:
    return Meta(
        actor=actor,
        reason=command.reason,
        recorded_at=recorded_at,
        policy_clauses=tuple(command.policy_clauses),
        document_ref=command.document_ref,
    )


def create(command: Command, meta: Meta) -> LedgerAggregate:
    """A new aggregate from a registration command."""
    factory: Callable[..., LedgerAggregate] = School.register if command.subject == SCHOOL else Teacher.register
    return factory(**command.fields, meta=meta)


def replay_registration(aggregate: LedgerAggregate, command: Command, meta: Meta) -> Outcome:
    """Registering an existing subject again: identical content replays, other content conflicts."""
    assert isinstance(aggregate, School | Teacher)
    return aggregate.check_registration_replay(**command.fields, meta=meta)


def apply(aggregate: LedgerAggregate, command: Command, meta: Meta, limits: Limits) -> Outcome:
    """Runs a history command on its teacher through the matching public method."""
    assert isinstance(aggregate, Teacher)
    method = getattr(aggregate, TEACHER_METHODS[command.action][0])
    return method(**command.fields, meta=meta, limits=limits)


def references(command: Command) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str]]]:
    """Schools and teachers a command names besides its subject, as the application checks them:
    ``([(field, school_id, clause)], [(field, teacher_id)])``."""
    f = command.fields
    schools: list[tuple[str, str, str | None]] = []
    teachers: list[tuple[str, str]] = []
    if command.action == REGISTER and command.subject == TEACHER:
        schools.append(("home_school_id", f.get("home_school_id"), None))
    elif command.action == "posting":
        schools += [("host_school_ids", h, "R-POST-HOST") for h in f.get("host_school_ids") or ()]
    elif command.action == "evaluation":
        schools.append(("school_id", f.get("school_id"), None))
    elif command.action == "amend":
        changes = f.get("changes") if isinstance(f.get("changes"), dict) else {}
        hosts = changes.get("host_school_ids")
        if isinstance(hosts, list):
            schools += [("changes", h, "R-POST-HOST") for h in hosts]
        if isinstance(changes.get("school_id"), str):
            schools.append(("changes", changes["school_id"], None))
    elif command.action == "exemption" and f.get("spouse_teacher_id"):
        teachers.append(("spouse_teacher_id", f["spouse_teacher_id"]))
    return [s for s in schools if isinstance(s[1], str)], teachers
