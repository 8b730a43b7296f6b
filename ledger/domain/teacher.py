"""The ``Teacher`` aggregate: one teacher's or school leader's whole rotation record.

Public methods validate and compute; the nested past-tense events carry the result; the ``when``
handlers only assign it. Every record-touching event carries the touched record's full state
(``record``), and corrections carry every record they change (``effects``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, envelope, json_native
from ledger.domain.dates import add_years
from ledger.domain.dossier import Dossier, Limits, Profile
from ledger.domain.enums import BackboneLevel, ExemptionCategory, Gender, Role, Title
from ledger.domain.errors import ConflictError
from ledger.domain.records import Backbone, Exemption, Record, TitleRecord
from ledger.domain.teacher_postings import PostingCommands
from ledger.domain.teacher_records import RecordCommands, cycle_end_of
from ledger.domain.values import Checks

INITIAL_TITLE_ID = "initial-title"
INITIAL_BACKBONE_ID = "initial-backbone"
# Clauses a command cites by itself (beyond the caller's), by event class name.
IMPLIED_CLAUSES: dict[str, frozenset[str]] = {
    "PostingRecorded": frozenset({"R-POST-EXEMPT", "R-POST-SUPERVISORY"}),
    "ReportedForDuty": frozenset({"R-POST-REPORT"}),
    "ReportingFailed": frozenset({"R-POST-REPORT"}),
}


def teacher_uuid(teacher_id: str) -> Any:
    return aggregate_id("teacher", teacher_id)


class Teacher(PostingCommands, RecordCommands, LedgerAggregate):
    """One teacher's or school leader's rotation record. Commands live in the posting and record
    mixins; this class holds the events, the state, registration and the shared helpers."""

    # ------------------------------------------------------------------ events
    class TeacherRegistered(LedgerAggregate.Event, Aggregate.Created):
        teacher_id: str
        name: str
        gender: str
        birth_date: str
        role: str
        subject: str | None
        home_school_id: str
        at_home_school_since: str
        title: str | None
        title_since: str | None
        backbone_level: str | None
        backbone_cycle_start: str | None
        records: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("records",)

        def command_key(self) -> str:
            return "registration"

    class RecordEvent(LedgerAggregate.Event):
        """An event that creates or changes one record; ``record`` is its state afterwards."""

        record: dict[str, Any]
        DERIVED: ClassVar[tuple[str, ...]] = ("record",)

        def command_key(self) -> str:
            return f"record:{self.record['record_id']}"

    class TitleConferred(RecordEvent):
        title_id: str
        title: str
        conferred_on: str

    class BackboneDesignated(RecordEvent):
        designation_id: str
        level: str
        cycle_start: str
        cycle_end: str

    class BackboneRevoked(RecordEvent):
        designation_id: str
        revoked_on: str

        def command_key(self) -> str:
            return f"revocation:{self.designation_id}"

    class EvaluationRecorded(RecordEvent):
        evaluation_id: str
        school_year: int
        grade: str
        school_id: str

    class PostingRecorded(RecordEvent):
        posting_id: str
        kind: str
        host_school_ids: list[str]
        start_date: str
        planned_end_date: str | None
        transfers_personnel_relation: bool
        override_exemption_reason: str | None

    class ReportedForDuty(RecordEvent):
        posting_id: str
        reported_on: str

        def command_key(self) -> str:
            return f"report:{self.posting_id}"

    class ReportingFailed(RecordEvent):
        posting_id: str
        failed_on: str
        days_absent: int
        consequence: str

        def command_key(self) -> str:
            return f"refusal:{self.posting_id}:{self.failed_on}:{self.days_absent}"

    class PostingExtended(RecordEvent):
        posting_id: str
        new_end_date: str

        def command_key(self) -> str:
            return f"extension:{self.posting_id}:{self.new_end_date}"

    class PostingEnded(RecordEvent):
        posting_id: str
        ended_on: str
        early: bool

        def command_key(self) -> str:
            return f"return:{self.posting_id}"

    class ExemptionGranted(RecordEvent):
        exemption_id: str
        category: str
        start_date: str
        end_date: str | None
        child_birth_date: str | None
        evidence_ref: str | None
        spouse_teacher_id: str | None

    class ExemptionEnded(RecordEvent):
        exemption_id: str
        ended_on: str

        def command_key(self) -> str:
            return f"exemption-end:{self.exemption_id}"

    class AwardGranted(RecordEvent):
        award_id: str
        kind: str
        awarded_on: str
        posting_id: str | None
        amount_cny: str | None

    class TeacherDeparted(RecordEvent):
        departure_id: str
        departed_on: str
        kind: str

    class RecordVoided(RecordEvent):
        """``record`` is the correction itself; ``effects`` every record it changes."""

        correction_id: str
        target_id: str
        effects: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")

    class RecordAmended(RecordEvent):
        correction_id: str
        target_id: str
        changes: dict[str, Any]
        effects: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("record", "effects")

    # ------------------------------------------------------------------ state
    def __init__(self) -> None:
        super().__init__()
        self.dossier: Dossier

    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: Teacher.TeacherRegistered) -> None:
        profile = Profile.from_dict({k: getattr(e, k) for k in Profile.__dataclass_fields__})
        self.dossier = Dossier(profile, {r["record_id"]: Record.from_dict(r) for r in e.records})

    @when.register
    def _(self, e: Teacher.RecordEvent) -> None:
        touched = [e.record, *getattr(e, "effects", ())]
        self.dossier = self.dossier.with_records(*(Record.from_dict(r) for r in touched))

    # ------------------------------------------------------------------ registration
    @classmethod
    def register(
        cls,
        *,
        teacher_id: str,
        name: str,
        gender: str,
        birth_date: date | str,
        role: str,
        subject: str | None,
        home_school_id: str,
        at_home_school_since: date | str,
        title: str | None,
        title_since: date | str | None,
        backbone_level: str | None,
        backbone_cycle_start: date | str | None,
        meta: Meta,
    ) -> Teacher:
        fields, meta = registration_fields(
            teacher_id=teacher_id, name=name, gender=gender, birth_date=birth_date, role=role,
            subject=subject, home_school_id=home_school_id, at_home_school_since=at_home_school_since,
            title=title, title_since=title_since, backbone_level=backbone_level,
            backbone_cycle_start=backbone_cycle_start, meta=meta,
        )
        records: list[Record] = []
        if fields["title"] is not None:
            records.append(TitleRecord(record_id=INITIAL_TITLE_ID, title=fields["title"],
                                       conferred_on=fields["title_since"]))
        if fields["backbone_level"] is not None:
            start = fields["backbone_cycle_start"]
            records.append(Backbone(record_id=INITIAL_BACKBONE_ID, level=fields["backbone_level"],
                                    cycle_start=start, cycle_end=cycle_end_of(start)))
        return cls._create(
            cls.TeacherRegistered,
            id=teacher_uuid(fields["teacher_id"]),
            timestamp=meta.recorded_at,
            **envelope(meta, fields["at_home_school_since"]),
            **json_native(fields),
            records=[r.to_dict() for r in records],
        )

    def check_registration_replay(self, **kwargs: Any) -> Outcome:
        """Registering the same teacher again: identical content replays, other content conflicts."""
        fields, meta = registration_fields(**kwargs)
        outcome = self.previous_command(
            self.TeacherRegistered, "registration", meta, fields["at_home_school_since"], fields,
            ("teacher", fields["teacher_id"]),
        )
        assert outcome is not None
        return outcome

    # ------------------------------------------------------------------ helpers
    @property
    def teacher_id(self) -> str:
        return self.dossier.profile.teacher_id

    def _replay(self, event_class: type[LedgerAggregate.Event], key: str, meta: Meta,
                effective: date, fields: dict[str, Any], record: tuple[str, str],
                effective_date_given: bool = True) -> Outcome | None:
        kind, _, ident = key.partition(":")
        what = {
            "report": f"the report for duty on posting '{fields.get('posting_id')}'",
            "return": f"the return of posting '{fields.get('posting_id')}'",
            "revocation": f"the revocation of designation '{fields.get('designation_id')}'",
            "exemption-end": f"the end of exemption '{fields.get('exemption_id')}'",
        }.get(kind)
        implied = IMPLIED_CLAUSES.get(event_class.__name__, frozenset())
        category = fields.get("category")
        exemption = self.dossier.records.get(str(fields.get("exemption_id")))
        if category is None and isinstance(exemption, Exemption):
            category = exemption.category  # ending an exemption cites its category's clause
        if isinstance(category, ExemptionCategory):
            implied = implied | {category.clause}
        return self.previous_command(event_class, key, meta, effective, fields, record,
                                     effective_date_given=effective_date_given, what=what,
                                     implied_clauses=implied)

    def _ensure_active(self) -> None:
        departure = self.dossier.departure
        if departure is not None:
            raise ConflictError(
                f"teacher '{self.teacher_id}' departed on {departure.departed_on} "
                f"({departure.kind.value}); only corrections can be recorded"
            )

    def _record(
        self,
        event_class: type[RecordEvent],
        meta: Meta,
        effective: date,
        record: Record,
        limits: Limits,
        **fields: Any,
    ) -> Outcome:
        """Checks the dossier with ``record`` in place, then emits the event carrying it."""
        candidate = self.dossier.with_records(record)
        candidate.check([record.record_id], limits)
        self.emit(event_class, meta, effective, record=record.to_dict(), **fields)
        return Outcome(record.TYPE.value, record.record_id, self.version)

    def _existing(self, record_id: str, cls: type[Record]) -> Any:
        record = self.dossier.get(record_id)
        if not isinstance(record, cls):
            raise ConflictError(f"record '{record_id}' is a {record.TYPE.value}, not a {cls.TYPE.value}")
        if record.voided:
            raise ConflictError(f"{cls.TYPE.value} '{record_id}' was voided by '{record.voided_by}'")
        return record


def registration_fields(*, meta: Meta, **values: Any) -> tuple[dict[str, Any], Meta]:
    """Validates a registration; returns the normalised fields and envelope."""
    c = Checks()
    meta = meta.check(c)
    f: dict[str, Any] = {
        "teacher_id": c.ident("teacher_id", values["teacher_id"]),
        "name": c.text("name", values["name"], max_len=100),
        "gender": c.enum("gender", Gender, values["gender"]),
        "birth_date": c.date("birth_date", values["birth_date"]),
        "role": c.enum("role", Role, values["role"]),
        "subject": c.text("subject", values.get("subject"), required=False, max_len=100),
        "home_school_id": c.ident("home_school_id", values["home_school_id"]),
        "at_home_school_since": c.date("at_home_school_since", values["at_home_school_since"]),
        "title": c.enum("title", Title, values.get("title"), required=False),
        "title_since": c.date("title_since", values.get("title_since"), required=False),
        "backbone_level": c.enum("backbone_level", BackboneLevel, values.get("backbone_level"), required=False),
        "backbone_cycle_start": c.date("backbone_cycle_start", values.get("backbone_cycle_start"), required=False),
    }
    if f["title"] is not None and f["title_since"] is None:
        c.fail("title_since", "is required with a title")
    if f["title"] is None and f["title_since"] is not None:
        c.fail("title", "is required with title_since")
    if f["backbone_level"] is not None and f["backbone_cycle_start"] is None:
        c.fail("backbone_cycle_start", "is required with a backbone level")
    birth, since = f["birth_date"], f["at_home_school_since"]
    if birth and since and add_years(birth, 16) > since:
        c.fail("at_home_school_since", "must be at least 16 years after birth_date")
    if birth and f["title_since"] and f["title_since"] < birth:
        c.fail("title_since", "must be after birth_date")
    c.done()
    return f, meta
