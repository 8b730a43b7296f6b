"""Fixtures and helpers for the projection tests (this module itself holds no tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from ledger.app import RotationLedger
from ledger.app.sources import AggregateSource
from ledger.domain.service import service_periods
from ledger.projections import ReadModel, ReadSide, open_read_side
from ledger.projections.chain import chain_links
from ledger.projections.db import table_name
from ledger.projections.entries import period_dict
from ledger.projections.history import history_known_at
from ledger.projections.registry import VIEWS
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    AmendRecord, ConferTitle, EndExemption, EndPosting, ExtendPosting, GrantAward, GrantExemption, ReclassifySchool,
    RecordEvaluation, RecordReportingFailure, ReportForDuty, RevokeBackbone, VoidRecord,
)


@pytest.fixture
def read_side(ledger: RotationLedger) -> Iterator[ReadSide]:
    """The views of the ``ledger`` fixture's store (SQLite, PostgreSQL), driven by hand: small
    pages so every test crosses page boundaries."""
    side = open_read_side(ledger, page_size=5, poll_seconds=0.05, wait_timeout=2.0)
    yield side
    side.close()


def current(side: ReadSide) -> ReadModel:
    """The read model once the views have every event recorded so far."""
    side.projector.catch_up()
    return side.read_model


def snapshot(side: ReadSide) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every served view table, in a stable order (tables named without generation)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with side.recorder.reading() as r:
        for name, entry in side.registry.read(r).items():
            for table in VIEWS[name].TABLES:
                qualified = side.recorder.qualified(table_name(name, table.name, entry.generation))
                rows = r.query(f"SELECT {', '.join(table.column_names)} FROM {qualified}")
                tables[f"{name}.{table.name}"] = sorted(
                    tuple(bytes(v) if isinstance(v, bytes | memoryview) else v for v in
                          (row[c] for c in table.column_names)) for row in rows
                )
    return tables


def every_kind_of_event() -> list[Callable[[RotationLedger], Any]]:
    """Steps of a county in which every kind of event and every correction path happens."""
    return [
        seed_schools,
        lambda app: app.execute("S-TOWN", ReclassifySchool(effective_date="2019-09-01",
                                                           changes={"kind": "village", "district": "河口学区"}), by=BY),
        lambda app: teacher(app, "T-001", backbone_level="county", backbone_cycle_start="2019-09-01"),
        lambda app: teacher(app, "T-002", name="王芳", home_school_id="S-TOWN"),
        lambda app: teacher(app, "T-003", name="欧阳𠮷祥", gender="male", home_school_id="S-URBAN2"),
        # T-001: support teaching (支教), reported, extended, returned; award, evaluation, title
        lambda app: posting(app, "T-001", "P-1"),
        lambda app: app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on="2020-09-02"), by=BY),
        lambda app: app.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2023-08-31",
                                                       effective_date="2022-06-01"), by=BY),
        lambda app: app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2023-08-31"), by=BY),
        lambda app: app.execute("T-001", GrantAward(award_id="A-1", kind="subsidy", awarded_on="2021-06-01",
                                                    posting_id="P-1", amount_cny="20000"), by=BY),
        lambda app: app.execute("T-001", RecordEvaluation(evaluation_id="E-1", school_year=2020, grade="excellent",
                                                          school_id="S-VILLAGE"), by=BY),
        lambda app: app.execute("T-001", ConferTitle(title_id="TT-1", title="senior", conferred_on="2024-09-01"), by=BY),
        lambda app: app.execute("T-001", RevokeBackbone(designation_id="initial-backbone", revoked_on="2021-03-01"), by=BY),
        # corrections: amend, amend of the amendment, void of an amendment, void, void of a void
        lambda app: app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1",
                                                     changes={"ended_on": "2023-07-31"}), by=BY),
        lambda app: app.execute("T-001", AmendRecord(correction_id="C-2", target_id="C-1",
                                                     changes={"changes": {"ended_on": "2023-06-30"}}), by=BY),
        lambda app: app.execute("T-001", VoidRecord(correction_id="C-3", target_id="C-2"), by=BY),
        lambda app: app.execute("T-001", VoidRecord(correction_id="C-4", target_id="A-1"), by=BY),
        lambda app: app.execute("T-001", VoidRecord(correction_id="C-5", target_id="C-4"), by=BY),
        # T-002: itinerant teaching (走教) at two schools; an exemption granted and ended
        lambda app: posting(app, "T-002", "P-2", kind="itinerant", host_school_ids=["S-VILLAGE", "S-POINT"],
                            start_date="2021-09-01", planned_end_date="2022-08-31"),
        lambda app: app.execute("T-002", GrantExemption(exemption_id="X-1", category="child_under_3",
                                                        start_date="2023-01-01", child_birth_date="2022-05-01"), by=BY),
        lambda app: app.execute("T-002", EndExemption(exemption_id="X-1", ended_on="2023-12-31"), by=BY),
        # T-003: a transfer (调动); a voided posting; a posting never reported (treated as having left)
        lambda app: posting(app, "T-003", "P-3", kind="competitive_appointment", host_school_ids=["S-TOWN"],
                            start_date="2019-09-01", planned_end_date=None, transfers_personnel_relation=True),
        lambda app: posting(app, "T-003", "P-4", host_school_ids=["S-POINT"], start_date="2021-09-01"),
        lambda app: app.execute("T-003", VoidRecord(correction_id="C-6", target_id="P-4"), by=BY),
        lambda app: posting(app, "T-003", "P-5", host_school_ids=["S-VILLAGE"], start_date="2024-09-01",
                            planned_end_date=None),
        lambda app: app.execute("T-003", RecordReportingFailure(posting_id="P-5", failed_on="2024-09-30",
                                                                days_absent=20), by=BY),
    ]


def record_county(app: RotationLedger) -> None:
    for step in every_kind_of_event():
        step(app)


DAYS = ("2015-09-01", "2019-09-01", "2020-09-01", "2021-03-01", "2021-09-01", "2022-06-01", "2023-07-15",
        "2024-09-15", "2024-10-01", "2026-09-01")


def assert_views_agree_with_the_ledger(app: RotationLedger, model: ReadModel) -> None:
    """The views say what the aggregates say: every teacher on sample days, every history (also
    as told from the events in memory), every school, every audited event and its chain link."""
    dossiers = {d.profile.teacher_id: d for d in AggregateSource(app).dossiers()}
    assert [t["teacher_id"] for t in model.teachers(limit=500).items] == sorted(dossiers)
    for teacher_id, dossier in dossiers.items():
        history = model.history(teacher_id)
        assert history == {k: v for k, v in history_known_at(app, teacher_id, app.clock(), None).items()
                           if k != "known_at"}
        assert history["periods"] == [period_dict(p) for p in service_periods(dossier)]
        states = {e["record_id"]: e["record"] for e in history["entries"] if e["record_type"] != "teacher"}
        assert states == {rid: r.to_dict() for rid, r in dossier.records.items()}
        for day in map(date.fromisoformat, DAYS):
            seen = model.teacher(teacher_id, day)
            assert seen["status"] == dossier.status_on(day), (teacher_id, day)
            assert seen["serving_school_ids"] == sorted(dossier.serving_on(day)), (teacher_id, day)
            assert seen["home_school_id"] == dossier.home_on(day).school_id, (teacher_id, day)
            assert seen["exemptions"] == [e.to_dict() for e in dossier.exemptions_on(day)]
    assert model.schools() == AggregateSource(app).schools()
    stored = list(app.recorder.select_notifications(1, 100_000))
    audited = model.audit(limit=500).items
    assert [a["position"] for a in audited] == [n.id for n in stored]
    assert [bytes.fromhex(a["link"]) for a in audited] == [link for _, link in chain_links(stored)]
    assert all(lag == 0 for lag in model.lag().values())
