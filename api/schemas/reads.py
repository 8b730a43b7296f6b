"""Shapes of what the views answer: schools, teachers, history, rosters, assignments, the audit
trail and the ledger's verification. Fields added later pass through."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas.common import Page
from api.schemas.policy import Open


class Classification(Open):
    since: date
    until: date | None
    area: str
    kind: str
    tier: str
    district: str | None
    alliance: str | None
    group: str | None


class School(Open):
    school_id: str
    name: str
    level: str
    as_of: date
    classification: Classification = Field(description="In force on `as_of`")
    timeline: list[Classification] = Field(description="Every classification, effective-dated")


class SchoolPage(Page):
    items: list[School]


class Member(Open):
    teacher_id: str
    name: str
    home_school_id: str
    role: str = Field(description="home | hosted | itinerant")
    posting_id: str | None
    start: date
    end: date | None


class Roster(Open):
    school_id: str
    as_of: date
    serving: list[Member] = Field(description="Everyone serving at the school on `as_of`")
    home_staff: list[Member]
    hosted: list[Member] = Field(description="Posted here from other schools")
    home_staff_away: list[dict[str, Any]] = Field(description="Home staff serving elsewhere on `as_of`")


class Teacher(Open):
    teacher_id: str
    name: str
    gender: str
    birth_date: date
    role: str
    subject: str | None
    as_of: date
    home_school_id: str | None = Field(description="Where the personnel relation sits on `as_of`")
    serving_school_ids: list[str] = Field(description="Where the teacher serves on `as_of` (several: 走教)")
    status: str = Field(description="at_home | on_posting | departed")
    posting_id: str | None
    departed_on: date | None
    exemptions: list[dict[str, Any]] = Field(description="Exemptions active on `as_of`")
    active_exemption: dict[str, Any] | None = Field(description="The first active exemption, if any")
    title: dict[str, Any] | None
    backbone: dict[str, Any] | None


class TeacherSummary(Open):
    teacher_id: str
    name: str
    gender: str
    role: str
    subject: str | None
    home_school_id: str | None
    status: str = Field(description="at_home | on_posting | departed")
    serving_school_ids: list[str]
    posting_id: str | None


class TeacherPage(Page):
    items: list[TeacherSummary]


class Period(Open):
    school_id: str
    start: date
    end: date | None
    role: str
    home_school_id: str
    posting_id: str | None


class Entry(Open):
    type: str = Field(description="The event that recorded it")
    event_id: str
    version: int
    recorded_at: str
    effective_date: date
    actor: str
    reason: str
    policy_clauses: list[str]
    document_ref: str | None
    correlation_id: str | None
    record_type: str
    record_id: str
    details: dict[str, Any] = Field(description="What was recorded, as asked")
    record: dict[str, Any] | None = Field(description="The record as it stands after every correction")
    voided: bool
    voided_by: str | None
    amended_by: list[str]


class History(Open):
    teacher_id: str
    name: str
    as_of: date | None
    known_at: str | None = None
    periods: list[Period]
    entries: list[Entry]


class Assignment(Open):
    teacher_id: str
    name: str
    home_school_id: str | None
    status: str
    serving_school_ids: list[str]
    posting_id: str | None
    serving: list[dict[str, Any]]


class AssignmentPage(Page):
    items: list[Assignment]


class AuditFinding(Open):
    problem: str = Field(description="What verification finds here (`missing`: the store no longer has the event)")
    detail: str


class AuditEvent(Open):
    position: int
    type: str
    subject_type: str | None
    subject_id: str | None
    version: int
    event_id: UUID = Field(description="The event's id, as the feed and histories give it")
    effective_date: str | None
    recorded_at: str | None = Field(description="Null only when the event is missing from the store")
    actor: str | None
    reason: str | None
    policy_clauses: list[str] | None
    document_ref: str | None
    correlation_id: str | None
    payload: dict[str, Any]
    link: str = Field(description="The tamper-evidence chain's link after this event (SHA-256, hex)")
    missing: bool = Field(False, description="True when the audit trail chained an event at this position that the "
                                             "event store no longer has (deleted behind the ledger's back): only "
                                             "what the audit view kept of it is shown")
    finding: AuditFinding | None = Field(None, description="For a missing event, what verification finds there")


class AuditPage(Page):
    items: list[AuditEvent]
