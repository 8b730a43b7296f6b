"""docs/IMPORT.md's examples import as documented."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from ledger.app import RotationLedger
from ledger.importers.run import import_file

DOC = Path(__file__).resolve().parents[2] / "docs" / "IMPORT.md"


def test_the_documented_examples_import_in_order(tmp_path):
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 3
    app = RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                         clock=lambda: datetime(2026, 9, 1, tzinfo=timezone.utc))
    for kind, block in zip(("schools", "teachers", "history"), blocks, strict=True):
        path = tmp_path / f"{kind}.csv"
        path.write_text(block, encoding="utf-8")
        report = import_file(app, kind, path)
        assert report.ok and report.recorded == report.rows == block.count("\n") - 1, report.errors
    posting = app.get_teacher("T-001").dossier.get("P-1")
    assert posting.ended_on == date(2022, 8, 30) and posting.host_school_ids == ("S-VILLAGE",)
    assert app.get_teacher("T-002").dossier.profile.birth_date == date(1979, 5, 12)
