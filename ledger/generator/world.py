"""The simulated county while it runs: its random source, schools and people, the ids it hands
out, the simulated clock, and the queue of commands waiting to be recorded in time order.

Recorded times come from the simulated clock only: a command is recorded a short, random (seeded)
delay after the date it takes effect, and never before the teacher's previous command, so each
teacher's commands keep their order and the whole stream can be sorted by recorded time.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from ledger.domain.dates import CHINA_TZ, school_year_of
from ledger.generator.county import County, SchoolSpec, lay_out
from ledger.generator.model import Person
from ledger.domain.commands import RegisterSchool, RegisterTeacher
from ledger.importers.commands import ACTIONS, Entry

DEFAULT_AS_OF = date(2026, 10, 31)
ACTOR = "县教育局人事股"  # the county bureau's personnel office
TARGET_SAMPLE = 400


@dataclass(frozen=True)
class GeneratorConfig:
    """``teachers`` at the start, ``years`` school years ending with the one ``as_of`` falls in
    (cut at ``as_of``), and the ``seed`` that makes it all repeatable."""

    teachers: int
    years: int
    seed: int
    as_of: date = DEFAULT_AS_OF

    @property
    def last_year(self) -> int:
        return school_year_of(self.as_of)

    @property
    def first_year(self) -> int:
        return self.last_year - self.years + 1


@dataclass
class Target:
    """A recorded fact a later correction may aim at."""

    person: Person
    record_id: str
    recorded_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


class World:
    def __init__(self, config: GeneratorConfig) -> None:
        if config.years < 1:
            raise ValueError("years must be at least 1")
        self.config = config
        self.rng = random.Random(config.seed)
        self.county: County = lay_out(self.rng, config.teachers)
        self.people: dict[str, Person] = {}
        self.vacancies: list[tuple[str, str]] = []  # (school_id, role) to fill at the next opening
        self.seen: Counter[str] = Counter()  # what has been generated, e.g. "posting:itinerant"
        self.targets: dict[str, list[Target]] = {}
        self._offered: Counter[str] = Counter()
        self.step_commands = 0
        self._counters: Counter[str] = Counter()
        self._docs: dict[tuple[str, int], str] = {}
        self._queue: list[tuple[datetime, int, Entry]] = []
        self._seq = 0
        self._end = datetime.combine(config.as_of, time(23, 59, 59), CHINA_TZ).astimezone(timezone.utc)

    # ---------------------------------------------------------------- ids and documents
    def next_id(self, prefix: str, year: int) -> str:
        self._counters[f"{prefix}{year}"] += 1
        return f"{prefix}{year}-{self._counters[f'{prefix}{year}']:05d}"

    def serial(self, prefix: str, width: int = 6) -> str:
        """The next id in a county-wide series, e.g. T000123."""
        self._counters[prefix] += 1
        return f"{prefix}{self._counters[prefix]:0{width}d}"

    def doc(self, purpose: str, year: int) -> str:
        """The bureau's document (文号) for one purpose in one year, e.g. 县教人〔2022〕17号."""
        key = (purpose, year)
        if key not in self._docs:
            office = {"evaluation": "县教考", "award": "县教财"}.get(purpose, "县教人")
            self._docs[key] = f"{office}〔{year}〕{self.rng.randint(3, 60)}号"
        return self._docs[key]

    def school(self, school_id: str) -> SchoolSpec:
        return self.county.schools[school_id]

    def active(self, on: date) -> list[Person]:
        return [p for p in self.people.values() if p.active_on(on)]

    # ---------------------------------------------------------------- the clock
    def recorded(self, effective: date, delay: tuple[int, int] = (1, 6)) -> datetime:
        local = datetime.combine(effective, time(8, 30), CHINA_TZ)
        local += timedelta(days=self.rng.randint(*delay), minutes=self.rng.randint(0, 540))
        return local.astimezone(timezone.utc)

    def at_date(self, moment: datetime) -> date:
        return moment.astimezone(CHINA_TZ).date()

    # ---------------------------------------------------------------- recording
    def emit(self, person: Person, action: str, effective: date, reason: str, *,
             clauses: tuple[str, ...] = (), doc: str | None = None, delay: tuple[int, int] = (1, 6),
             at: datetime | None = None, note: str | None = None, **fields: Any) -> datetime:
        """Queues a command for a teacher; returns its recorded time."""
        when = at or self.recorded(effective, delay)
        if person.last_at is not None and when <= person.last_at:
            when = person.last_at + timedelta(minutes=self.rng.randint(1, 30))
        person.last_at = when
        self._push(Entry(person.teacher_id, ACTIONS[action].from_values(fields), reason, clauses, doc, when))
        self.seen[note or action] += 1
        return when

    def emit_school(self, spec: SchoolSpec, effective: date, at: datetime) -> None:
        fields = {"school_id": spec.school_id, "name": spec.name, "level": spec.level, "area": spec.area,
                  "kind": spec.kind, "tier": spec.tier, "district": spec.district, "alliance": spec.alliance,
                  "group": spec.group, "effective_date": effective}
        self._push(Entry(spec.school_id, RegisterSchool(**fields), "建立学校台账",
                           (), self.doc("register", effective.year), at))

    def emit_registration(self, person: Person, at: datetime, reason: str, doc: str) -> None:
        fields = {"teacher_id": person.teacher_id, "name": person.name, "gender": person.gender,
                  "birth_date": person.birth, "role": person.role, "subject": person.subject,
                  "home_school_id": person.home, "at_home_school_since": person.since,
                  "title": person.title, "title_since": person.title_since,
                  "backbone_level": person.backbone,
                  "backbone_cycle_start": _cycle_start(person.backbone_end) if person.backbone_end else None}
        person.last_at = at
        self._push(Entry(person.teacher_id, RegisterTeacher(**fields), reason, (), doc, at))

    def target(self, scenario: str, person: Person, record_id: str, at: datetime, **data: Any) -> None:
        """Keeps a fair sample (reservoir) of at most TARGET_SAMPLE facts per kind and year: only
        about one in a hundred is corrected, and a large county's year holds many thousands."""
        pool = self.targets.setdefault(scenario, [])
        self._offered[scenario] += 1
        if len(pool) < TARGET_SAMPLE:
            pool.append(Target(person, record_id, at, data))
        elif (slot := self.rng.randrange(self._offered[scenario])) < TARGET_SAMPLE:
            pool[slot] = Target(person, record_id, at, data)

    def clear_targets(self) -> None:
        self.targets.clear()
        self._offered.clear()

    def _push(self, command: Entry) -> None:
        assert command.recorded_at is not None
        heapq.heappush(self._queue, (command.recorded_at, self._seq, command))
        self._seq += 1
        self.step_commands += 1

    def drain(self, before: datetime | None = None) -> Iterator[Entry]:
        """Commands recorded before ``before`` (all if None), in recorded order; nothing after
        the end of ``as_of``."""
        while self._queue and (before is None or self._queue[0][0] < before):
            recorded_at, _, command = heapq.heappop(self._queue)
            if recorded_at > self._end:
                self._queue.clear()
                return
            yield command


def _cycle_start(cycle_end: date) -> date:
    """The start of the three-year backbone cycle ending on ``cycle_end`` (31 August)."""
    return date(cycle_end.year - 3, 9, 1)
