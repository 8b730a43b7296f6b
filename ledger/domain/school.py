"""The ``School`` aggregate: a school and its effective-dated classification.

Area, kind, tier, district, alliance and group can change over time; a reclassification takes
effect on its date (it may be backdated). Service is credited by the classification *at the time
of service* (RULES.md §3), so the school keeps the whole timeline, and every event carries the
timeline that results from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, checked, envelope, json_native
from ledger.domain.dates import ONE_DAY
from ledger.domain.dossier import Limits
from ledger.domain.enums import Area, SchoolKind, SchoolLevel, Tier
from ledger.domain.errors import InvalidInput

if TYPE_CHECKING:
    from ledger.domain.commands import Command, RegisterSchool

CLASSIFICATION_FIELDS = ("area", "kind", "tier", "district", "alliance", "group")


def school_uuid(school_id: str) -> Any:
    return aggregate_id("school", school_id)


@dataclass(frozen=True)
class Classification:
    """The school's attributes in force from ``since`` to ``until`` (inclusive; None: still)."""

    since: date
    until: date | None
    area: Area
    kind: SchoolKind
    tier: Tier
    district: str | None
    alliance: str | None
    group: str | None

    @property
    def is_village(self) -> bool:
        """Village school or teaching point (村小 / 教学点), as R-TITLE-VILLAGE counts them."""
        return self.kind in (SchoolKind.VILLAGE, SchoolKind.TEACHING_POINT)

    @property
    def is_rural(self) -> bool:
        return self.area is Area.RURAL

    def to_dict(self) -> dict[str, Any]:
        return json_native(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Classification:
        return cls(
            since=date.fromisoformat(d["since"]),
            until=date.fromisoformat(d["until"]) if d.get("until") else None,
            area=Area(d["area"]),
            kind=SchoolKind(d["kind"]),
            tier=Tier(d["tier"]),
            district=d.get("district"),
            alliance=d.get("alliance"),
            group=d.get("group"),
        )


@dataclass(frozen=True)
class SchoolFacts:
    """What the rules need to know about a school: who it is and its classification over time."""

    school_id: str
    name: str
    level: SchoolLevel
    timeline: tuple[Classification, ...]

    def on(self, day: date) -> Classification:
        return classification_on(list(self.timeline), day)

    def to_dict(self) -> dict[str, Any]:
        return {"school_id": self.school_id, "name": self.name, "level": self.level.value,
                "timeline": [c.to_dict() for c in self.timeline]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SchoolFacts:
        return cls(d["school_id"], d["name"], SchoolLevel(d["level"]),
                   tuple(Classification.from_dict(c) for c in d["timeline"]))


def classification_on(timeline: list[Classification], on: date) -> Classification:
    """The classification in force on a date; the first one for dates before the ledger knew."""
    current = timeline[0]
    for period in timeline:
        if period.since <= on:
            current = period
    return current


def build_timeline(changes: list[tuple[date, dict[str, Any]]]) -> list[Classification]:
    """Folds dated attribute changes (registration first) into consecutive periods."""
    ordered = sorted(changes, key=lambda c: c[0])
    attrs: dict[str, Any] = {}
    starts: list[tuple[date, dict[str, Any]]] = []
    for since, change in ordered:
        attrs = {**attrs, **change}
        if starts and starts[-1][0] == since:
            starts[-1] = (since, attrs)
        else:
            starts.append((since, attrs))
    timeline = []
    for i, (since, a) in enumerate(starts):
        until = starts[i + 1][0] - ONE_DAY if i + 1 < len(starts) else None
        timeline.append(
            Classification(
                since=since, until=until, area=Area(a["area"]), kind=SchoolKind(a["kind"]), tier=Tier(a["tier"]),
                district=a.get("district"), alliance=a.get("alliance"), group=a.get("group"),
            )
        )
    return timeline


class School(LedgerAggregate):
    """A school and its classification over time; its commands are registration and
    reclassification (``ledger.domain.commands.registration``)."""

    class SchoolRegistered(LedgerAggregate.Event, Aggregate.Created):
        school_id: str
        name: str
        level: str
        area: str
        kind: str
        tier: str
        district: str | None
        alliance: str | None
        group: str | None
        timeline: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("timeline",)
        KEY = "registration"

    class SchoolReclassified(LedgerAggregate.Event):
        reclassification_id: str
        changes: dict[str, Any]
        timeline: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("timeline",)
        KEY = "reclassification:{reclassification_id}"

    def __init__(self) -> None:
        super().__init__()
        self.school_id = ""
        self.name = ""
        self.level: SchoolLevel
        self.changes: list[tuple[date, dict[str, Any]]] = []
        self.timeline: list[Classification] = []

    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: School.SchoolRegistered) -> None:
        self.school_id, self.name, self.level = e.school_id, e.name, SchoolLevel(e.level)
        self.changes = [(date.fromisoformat(e.effective_date), {k: getattr(e, k) for k in CLASSIFICATION_FIELDS})]
        self.timeline = [Classification.from_dict(c) for c in e.timeline]

    @when.register
    def _(self, e: School.SchoolReclassified) -> None:
        self.changes.append((date.fromisoformat(e.effective_date), dict(e.changes)))
        self.timeline = [Classification.from_dict(c) for c in e.timeline]

    def classification_on(self, on: date) -> Classification:
        return classification_on(self.timeline, on)

    def facts(self) -> SchoolFacts:
        return SchoolFacts(self.school_id, self.name, self.level, tuple(self.timeline))

    # ------------------------------------------------------------------ commands
    @classmethod
    def register(cls, command: RegisterSchool, meta: Meta) -> School:
        """A new school from its registration (``ledger.domain.commands``)."""
        meta = checked(meta)
        effective = command.effective_on(meta.recorded_at)
        timeline = build_timeline([(effective, json_native(command.classification()))])
        return cls._create(
            cls.SchoolRegistered,
            id=school_uuid(command.school_id),
            timestamp=meta.recorded_at,
            **envelope(meta, effective),
            **json_native(command.event_fields(Limits())),
            timeline=[t.to_dict() for t in timeline],
        )

    def handle(self, command: Command, meta: Meta, limits: Limits) -> Outcome:
        """Replays an identical registration or reclassification; records a new reclassification."""
        meta = checked(meta)
        effective = command.effective_on(meta.recorded_at)
        fields = command.event_fields(limits)
        if (outcome := self.replayed(command, meta, effective, fields, frozenset())) is not None:
            return outcome
        assert hasattr(command, "changes"), "a registration of an existing school replays or conflicts"
        current = self.classification_on(effective)
        if all(json_native(getattr(current, k)) == v for k, v in command.changes.items()):
            raise InvalidInput.one("changes", "school.same_attributes", on=effective)
        timeline = build_timeline([*self.changes, (effective, command.changes)])
        self.emit(self.SchoolReclassified, meta, effective, **fields, timeline=[t.to_dict() for t in timeline])
        return Outcome(command.RECORD, command.record_id, self.version)
