"""The demo county (``ledger serve --demo``, ``make run``): about twenty schools of every kind in
four school districts, some three hundred teachers and six school years of history, from a fixed
seed. It is loaded once, into an empty ledger, when the service first starts."""

from __future__ import annotations

from ledger.app import RotationLedger
from ledger.domain.school import School
from ledger.generator import GeneratedCounty, GeneratorConfig, write_into
from ledger.importers.bulk import registered_ids
from ledger.logs import get_logger

DEMO_COUNTY = GeneratorConfig(teachers=300, years=6, seed=2026)


def holds_schools(app: RotationLedger) -> bool:
    return next(registered_ids(app, School.SchoolRegistered), None) is not None


def load_demo(app: RotationLedger) -> GeneratedCounty | None:
    """Records the demo county unless the ledger already holds schools; returns what it recorded."""
    log = get_logger("ledger.demo")
    if holds_schools(app):
        log.info("demo county not loaded: the ledger already holds schools")
        return None
    county = write_into(app, DEMO_COUNTY)
    log.info("demo county loaded", events=county.events, seconds=round(county.seconds, 2))
    return county
