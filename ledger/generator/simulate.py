"""Running the simulation: the ledger's set-up (schools and staff registered in the last days of
August of the first year), then, for each school year, its opening, the rest of the year and its
corrections. Commands stream out in recorded order, a year at a time, into the ledger (the bulk
path) or into import files.
"""

from __future__ import annotations

import time as clock
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from ledger.app import RotationLedger
from ledger.domain.dates import CHINA_TZ
from ledger.domain.errors import LedgerError
from ledger.generator.corrections import correct
from ledger.generator.in_year import run_year
from ledger.generator.opening import open_year
from ledger.generator.people import staff_county
from ledger.generator.planner import Hosts
from ledger.generator.world import ACTOR, GeneratorConfig, World
from ledger.importers.bulk import BulkWriter
from ledger.importers.commands import Entry
from ledger.importers.sink import FileSink

Progress = Callable[[int, int], None]  # (school years done, school years in all)


class GeneratorError(Exception):
    """A generated command was refused by a rule: the generator's model is wrong, not the rule."""


@dataclass
class GeneratedCounty:
    commands: int = 0
    events: int = 0
    seconds: float = 0.0
    seen: Counter[str] = field(default_factory=Counter)
    files: dict[str, int] = field(default_factory=dict)

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def generate(config: GeneratorConfig, *, world: World | None = None,
             progress: Progress | None = None) -> Iterator[Entry]:
    """Every command of the county's history, in recorded order."""
    world = world or World(config)
    hosts = Hosts(world.county)
    first_day = date(config.first_year, 9, 1)
    setup = datetime.combine(date(config.first_year, 8, 20), time(9, 0), CHINA_TZ).astimezone(timezone.utc)
    for i, spec in enumerate(world.county.schools.values()):
        world.emit_school(spec, first_day, setup + timedelta(seconds=30 * i))
    staff_county(world, first_day)
    doc = world.doc("register", config.first_year)
    for i, person in enumerate(world.people.values()):
        world.emit_registration(person, setup + timedelta(days=1, seconds=5 * i), "建立教师台账", doc)
    for year in range(config.first_year, config.last_year + 1):
        world.step_commands = 0
        open_year(world, hosts, year)
        run_year(world, year)
        correct(world, year)
        world.people = {tid: p for tid, p in world.people.items() if not p.departed}
        next_year = datetime.combine(date(year + 1, 9, 1), time(0, 0), CHINA_TZ).astimezone(timezone.utc)
        yield from world.drain(before=next_year)
        if progress:
            progress(year - config.first_year + 1, config.years)
    yield from world.drain()


def write_into(app: RotationLedger, config: GeneratorConfig, *, progress: Progress | None = None,
               batch_events: int = 2000, cache_size: int = 5000) -> GeneratedCounty:
    """Records the county in the ledger through the bulk path (several aggregates per save);
    at most ``cache_size`` aggregates stay in memory, the rest overflow to a temporary file."""
    world = World(config)
    writer = BulkWriter(app, actor=ACTOR, batch_events=batch_events, cache_size=cache_size, spill=True)
    report = GeneratedCounty(seen=world.seen)
    started = clock.perf_counter()
    try:
        for command in generate(config, world=world, progress=progress):
            try:
                writer.apply(command)
            except LedgerError as error:
                raise GeneratorError(
                    f"the ledger refused a generated {command.action} for {command.subject_id} "
                    f"({command.command}): {error.detail}"
                ) from error
            report.commands += 1
    finally:
        writer.close()
    report.events = writer.saved_events
    report.seconds = clock.perf_counter() - started
    return report


def write_files(directory: Path, config: GeneratorConfig, *, fmt: str = "csv", language: str = "en",
                progress: Progress | None = None) -> GeneratedCounty:
    """Writes the same county as import files: schools, teachers and history."""
    world = World(config)
    sink = FileSink(directory, fmt=fmt, language=language)
    report = GeneratedCounty(seen=world.seen)
    started = clock.perf_counter()
    try:
        for command in generate(config, world=world, progress=progress):
            sink.write(command)
            report.commands += 1
    finally:
        report.files = sink.close()
    report.seconds = clock.perf_counter() - started
    return report
