"""Registering teachers and schools, and reclassifying a school: the commands that create an
aggregate (registering the same again replays; other content conflicts) or change a school's
effective-dated classification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from ledger.domain.commands.base import Command, Decision
from ledger.domain.commands.records import cycle_end_of
from ledger.domain.commands.specs import DefaultId, Doc, Id, Name, Ref
from ledger.domain.dates import add_years
from ledger.domain.dossier import Dossier, Limits
from ledger.domain.enums import Area, BackboneLevel, Gender, Role, SchoolKind, SchoolLevel, Tier, Title
from ledger.domain.messages import field_term
from ledger.domain.records import Backbone, Record, TitleRecord
from ledger.domain.school import CLASSIFICATION_FIELDS, School
from ledger.domain.teacher import Teacher
from ledger.domain.values import Checks

INITIAL_TITLE_ID = "initial-title"
INITIAL_BACKBONE_ID = "initial-backbone"


class Registration(Command):
    """A command that creates its aggregate: on an existing one it only replays or conflicts."""

    def decide(self, dossier: Dossier, limits: Limits, on: date) -> Decision:
        raise AssertionError("a registration of an existing subject replays or conflicts")


@dataclass(frozen=True, kw_only=True)
class RegisterTeacher(Registration):
    """Register a teacher or school leader (登记教师), with the title and backbone designation held."""

    EVENT = Teacher.TeacherRegistered
    NAME = "teacher"
    RECORD, ID, EFFECTIVE, ROUTE = "teacher", "teacher_id", "at_home_school_since", ""

    teacher_id: Id
    name: Name
    gender: Gender
    birth_date: date
    role: Role
    subject: Name | None = None
    home_school_id: Annotated[Id, Ref("school")]
    at_home_school_since: date
    title: Title | None = None
    title_since: date | None = None
    backbone_level: Annotated[BackboneLevel | None, Doc("Backbone designation (骨干教师) held now")] = None
    backbone_cycle_start: date | None = None

    def check(self, c: Checks) -> None:
        if self.title is not None and self.title_since is None:
            c.fail("title_since", "field.required_with", other=field_term("title"))
        if self.title is None and self.title_since is not None:
            c.fail("title", "field.required_with", other=field_term("title_since"))
        if self.backbone_level is not None and self.backbone_cycle_start is None:
            c.fail("backbone_cycle_start", "field.required_with", other=field_term("backbone_level"))
        if self.birth_date and self.at_home_school_since and add_years(self.birth_date, 16) > self.at_home_school_since:
            c.fail("at_home_school_since", "teacher.too_young")
        if self.title_since and self.birth_date and self.title_since < self.birth_date:
            c.fail("title_since", "field.after", other=field_term("birth_date"))

    def initial_records(self) -> list[Record]:
        """The records a new teacher starts with: the title held and the backbone designation."""
        records: list[Record] = []
        if self.title is not None and self.title_since is not None:
            records.append(TitleRecord(record_id=INITIAL_TITLE_ID, title=self.title, conferred_on=self.title_since))
        if self.backbone_level is not None and self.backbone_cycle_start is not None:
            start = self.backbone_cycle_start
            records.append(Backbone(record_id=INITIAL_BACKBONE_ID, level=self.backbone_level, cycle_start=start,
                                    cycle_end=cycle_end_of(start)))
        return records


@dataclass(frozen=True, kw_only=True)
class RegisterSchool(Registration):
    """Register a school (登记学校) with its classification."""

    EVENT = School.SchoolRegistered
    NAME = "school"
    SUBJECT = "school"
    RECORD, ID, EFFECTIVE, ROUTE = "school", "school_id", "effective_date", ""

    school_id: Id
    name: Name
    level: SchoolLevel
    area: Area
    kind: SchoolKind
    tier: Tier
    district: Annotated[Name | None, Doc("School district (学区)")] = None
    alliance: Annotated[Name | None, Doc("Alliance (联盟)")] = None
    group: Annotated[Name | None, Doc("Education group (集团)")] = None
    effective_date: Annotated[date | None, Doc("Since when the classification holds (default: today)")] = None

    def classification(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in CLASSIFICATION_FIELDS}


@dataclass(frozen=True, kw_only=True)
class ReclassifySchool(Command):
    """Change a school's classification from a date on (it may be backdated)."""

    EVENT = School.SchoolReclassified
    NAME = "reclassification"
    SUBJECT = "school"
    RECORD, ID, EFFECTIVE, ROUTE = "reclassification", "reclassification_id", "effective_date", "reclassifications"

    reclassification_id: Annotated[Id | None, DefaultId("{effective_date}"), Doc("Default: the effective date")] = None
    effective_date: date
    changes: Annotated[dict[str, Any], Doc("Only the attributes that change")]

    def check(self, c: Checks) -> None:
        object.__setattr__(self, "changes", classification_changes(c, self.changes or {}))


def classification_changes(c: Checks, changes: dict[str, Any]) -> dict[str, Any]:
    """The classification attributes a reclassification changes, checked, as their plain values."""
    if not changes:
        c.fail("changes", "school.name_changes", names=[field_term(f) for f in CLASSIFICATION_FIELDS])
        return {}
    parsed: dict[str, Any] = {}
    enums = {"area": Area, "kind": SchoolKind, "tier": Tier}
    for name, value in changes.items():
        if name in enums:
            member = c.enum(f"changes.{name}", enums[name], value)
            parsed[name] = member.value if member is not None else None
        elif name in CLASSIFICATION_FIELDS:
            parsed[name] = c.text(f"changes.{name}", value, required=False, max_len=100)
        else:
            c.fail(f"changes.{name}", "school.not_an_attribute",
                   names=[field_term(f) for f in CLASSIFICATION_FIELDS])
    return parsed
