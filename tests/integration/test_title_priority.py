"""R-INCENTIVE-PRIORITY: a school year's title applicants, those with a completed incentive exchange
first, each group by the year before's annual evaluation — through the application on both
backends, the command line and its export."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.domain.commands import EndPosting, RecordEvaluation
from ledger.domain.errors import NotFoundError
from ledger.settings import Settings
from tests.support import BY, posting, seed_schools, teacher


def county(app: RotationLedger) -> None:
    seed_schools(app)
    for tid in ("T-A", "T-B", "T-C", "T-D"):
        teacher(app, tid)
    # T-A: a completed incentive exchange; T-B: one returned early (not completed)
    for tid, ended in (("T-A", "2025-08-31"), ("T-B", "2025-03-31")):
        posting(app, tid, kind="incentive_exchange", host_school_ids=["S-VILLAGE"], start_date="2024-09-01",
                planned_end_date="2025-08-31")
        app.execute(tid, EndPosting(posting_id="P-1", ended_on=ended), by=BY)
    for tid, grade, score, school in (("T-A", "qualified", "70", "S-VILLAGE"), ("T-B", "excellent", "95", "S-VILLAGE"),
                                      ("T-C", "excellent", "90", "S-URBAN")):
        app.execute(tid, RecordEvaluation(evaluation_id=f"V-{tid}", school_year=2025, grade=grade, school_id=school,
                                          score=score), by=BY)


def test_a_completed_incentive_exchange_comes_first_then_the_evaluation_decides(ledger):
    county(ledger)
    found = ledger.title_priority(2026)
    assert [(r.teacher_id, r.rank, r.group_rank, r.incentive is not None) for r in found.rows] == [
        ("T-A", 1, 1, True), ("T-B", 2, 1, False), ("T-C", 3, 2, False), ("T-D", 4, 3, False)]
    assert all(r.reason.clause == "R-INCENTIVE-PRIORITY" for r in found.rows)
    named = ledger.title_priority(2026, applicants=["T-C", "T-B"])
    assert [r.teacher_id for r in named.rows] == ["T-B", "T-C"]
    with pytest.raises(NotFoundError):
        ledger.title_priority(2026, applicants=["T-404"])
    with pytest.raises(NotFoundError):
        ledger.title_priority(2026, school_id="S-404")


def test_the_command_line_answers_and_exports_it(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/ledger.sqlite"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    app = build_ledger(Settings(database_url=url))
    county(app)
    app.close()
    runner = CliRunner()
    shown = runner.invoke(cli, ["title-priority", "--school-year", "2026", "--json"])
    assert shown.exit_code == 0, shown.output
    assert [r["teacher_id"] for r in json.loads(shown.output)["rows"]][:1] == ["T-A"]
    out = tmp_path / "priority.csv"
    exported = runner.invoke(cli, ["export", "title-priority", "--school-year", "2026", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    text = out.read_text(encoding="utf-8-sig")
    assert "推荐类别" in text and text.index("T-A") < text.index("T-C")
