"""The ``School`` aggregate: a school and its effective-dated classification.

Area, kind, tier, district, alliance and group can change over time; a reclassification takes
effect on its date (it may be backdated). Service is credited by the classification *at the time
of service* (RULES.md §3), so the school keeps the whole timeline, and every event carries the
timeline that results from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, envelope, json_native
from ledger.domain.dates import ONE_DAY, china_today
from ledger.domain.enums import Area, SchoolKind, SchoolLevel, Tier
from ledger.domain.errors import InvalidInput
from ledger.domain.values import Checks

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

        def command_key(self) -> str:
            return "registration"

    class SchoolReclassified(LedgerAggregate.Event):
        reclassification_id: str
        changes: dict[str, Any]
        timeline: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("timeline",)

        def command_key(self) -> str:
            return f"reclassification:{self.reclassification_id}"

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
    def register(cls, *, school_id: str, name: str, level: str, area: str, kind: str, tier: str,
                 district: str | None = None, alliance: str | None = None, group: str | None = None,
                 effective_date: date | str | None = None, meta: Meta) -> School:
        fields, effective, meta = registration_fields(
            school_id=school_id, name=name, level=level, area=area, kind=kind, tier=tier, district=district,
            alliance=alliance, group=group, effective_date=effective_date, meta=meta,
        )
        initial = {k: fields[k] for k in CLASSIFICATION_FIELDS}
        timeline = build_timeline([(effective, json_native(initial))])
        return cls._create(
            cls.SchoolRegistered,
            id=school_uuid(fields["school_id"]),
            timestamp=meta.recorded_at,
            **envelope(meta, effective),
            **json_native(fields),
            timeline=[t.to_dict() for t in timeline],
        )

    def check_registration_replay(self, **kwargs: Any) -> Outcome:
        fields, effective, meta = registration_fields(**kwargs)
        outcome = self.previous_command(self.SchoolRegistered, "registration", meta, effective, fields,
                                        ("school", fields["school_id"]),
                                        effective_date_given=kwargs.get("effective_date") is not None)
        assert outcome is not None
        return outcome

    def reclassify(self, *, effective_date: date | str, changes: dict[str, Any], meta: Meta,
                   reclassification_id: str | None = None) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        on = c.date("effective_date", effective_date)
        parsed = classification_changes(c, changes)
        rid = c.ident("reclassification_id", reclassification_id or (on.isoformat() if on else "x"))
        c.done()
        assert on is not None
        fields = {"reclassification_id": rid, "changes": json_native(parsed)}
        key = f"reclassification:{rid}"
        if (o := self.previous_command(self.SchoolReclassified, key, meta, on, fields, ("reclassification", rid))):
            return o
        current = self.classification_on(on)
        if all(json_native(getattr(current, k)) == v for k, v in fields["changes"].items()):
            raise InvalidInput.one("changes", f"the school already has these attributes on {on}")
        timeline = build_timeline([*self.changes, (on, fields["changes"])])
        self.emit(self.SchoolReclassified, meta, on, **fields, timeline=[t.to_dict() for t in timeline])
        return Outcome("reclassification", rid, self.version)


def classification_changes(c: Checks, changes: Any) -> dict[str, Any]:
    if not isinstance(changes, dict) or not changes:
        c.fail("changes", f"name at least one of: {', '.join(CLASSIFICATION_FIELDS)}")
        return {}
    parsed: dict[str, Any] = {}
    enums = {"area": Area, "kind": SchoolKind, "tier": Tier}
    for name, value in changes.items():
        if name in enums:
            parsed[name] = c.enum(f"changes.{name}", enums[name], value)
        elif name in CLASSIFICATION_FIELDS:
            parsed[name] = c.text(f"changes.{name}", value, required=False, max_len=100)
        else:
            c.fail(f"changes.{name}", f"is not a classification attribute ({', '.join(CLASSIFICATION_FIELDS)})")
    return parsed


def registration_fields(*, meta: Meta, effective_date: date | str | None = None,
                        **values: Any) -> tuple[dict[str, Any], date, Meta]:
    c = Checks()
    meta = meta.check(c)
    fields = {
        "school_id": c.ident("school_id", values["school_id"]),
        "name": c.text("name", values["name"], max_len=100),
        "level": c.enum("level", SchoolLevel, values["level"]),
        "area": c.enum("area", Area, values["area"]),
        "kind": c.enum("kind", SchoolKind, values["kind"]),
        "tier": c.enum("tier", Tier, values["tier"]),
        "district": c.text("district", values.get("district"), required=False, max_len=100),
        "alliance": c.text("alliance", values.get("alliance"), required=False, max_len=100),
        "group": c.text("group", values.get("group"), required=False, max_len=100),
    }
    effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
    c.done()
    return fields, effective, meta
