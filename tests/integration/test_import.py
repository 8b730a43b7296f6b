"""Import and generation on the real stores (an SQLite file and PostgreSQL): good files, re-import,
an interrupted import resumed, and generated files importing into the very county generated."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ledger.app import RotationLedger
from ledger.app.sources import AggregateSource
from ledger.generator import GeneratorConfig, write_files, write_into
from ledger.importers.bulk import BulkWriter
from ledger.importers.commands import Entry
from ledger.domain.commands import RecordPosting
from ledger.importers.run import import_file
from tests.support import BY
from ledger.domain.commands import GrantAward

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
FILES = (("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history.csv"))


def memory() -> RotationLedger:
    return RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                          clock=lambda: datetime(2026, 9, 1, tzinfo=timezone.utc))


def county(app: RotationLedger) -> tuple[dict, dict]:
    source = AggregateSource(app)
    return {d.profile.teacher_id: d for d in source.dossiers()}, source.schools()


def test_good_files_import_and_reimporting_changes_nothing(ledger):
    for kind, name in FILES:
        report = import_file(ledger, kind, DATA / name, batch_events=4)
        assert report.ok and report.recorded == report.rows, report.errors
    written = ledger.recorder.max_notification_id()
    assert written == 5 + 4 + 15
    for kind, name in FILES:
        report = import_file(ledger, kind, DATA / name)
        assert report.ok and report.recorded == 0 and report.already == report.rows
    assert ledger.recorder.max_notification_id() == written
    expected = memory()
    for kind, name in FILES:
        import_file(expected, kind, DATA / name)
    assert county(ledger) == county(expected)


def test_an_interrupted_import_leaves_whole_batches_and_a_rerun_completes_it(ledger, monkeypatch):
    import_file(ledger, "schools", DATA / "schools.csv")
    import_file(ledger, "teachers", DATA / "teachers.csv")
    before = ledger.recorder.max_notification_id()
    real_save, saves = ledger.save, []

    def crash_on_the_third_batch(*objs, **kw):
        saves.append(len(objs))
        if len(saves) == 3:
            raise ConnectionError("the server went away")
        return real_save(*objs, **kw)

    monkeypatch.setattr(ledger, "save", crash_on_the_third_batch)
    with pytest.raises(ConnectionError):
        import_file(ledger, "history", DATA / "history.csv", batch_events=3)
    monkeypatch.setattr(ledger, "save", real_save)
    partial = ledger.recorder.max_notification_id() - before
    assert partial == sum(saves[:2]) and 0 < partial < 15  # two whole batches, nothing of the third
    for dossier in AggregateSource(ledger).dossiers():
        dossier.check([r.record_id for r in dossier.records.values() if not r.voided], ledger.limits_on(datetime.now().date()))

    report = import_file(ledger, "history", DATA / "history.csv")
    assert report.ok and report.already == partial and report.recorded == 15 - partial
    expected = memory()
    for kind, name in FILES:
        import_file(expected, kind, DATA / name)
    assert county(ledger) == county(expected)


@pytest.mark.parametrize("fmt, language", [("csv", "en"), ("xlsx", "zh")])
def test_generated_files_import_into_the_county_generated_directly(ledger, tmp_path, fmt, language):
    config = GeneratorConfig(teachers=100, years=3, seed=5)
    files = write_files(tmp_path, config, fmt=fmt, language=language)
    assert files.files["schools"] > 5 and files.files["history"] > 100
    for kind in ("schools", "teachers", "history"):
        report = import_file(ledger, kind, tmp_path / f"{kind}.{fmt}", batch_events=500)
        assert report.ok, report.errors[:5]
    direct = memory()
    write_into(direct, config)
    assert county(ledger) == county(direct)


def test_a_batch_that_lost_a_race_reloads_and_applies_again(ledger):
    for kind, name in FILES[:2]:
        import_file(ledger, kind, DATA / name)
    writer = BulkWriter(ledger, actor="importer:test", batch_events=100)
    writer.apply(Entry("T-001", RecordPosting(
        posting_id="P-1", kind="support_teaching", host_school_ids=["S-VILLAGE"], start_date="2020-09-01",
        planned_end_date="2022-08-31"), "支教 support teaching"))
    # Meanwhile another writer records something for the same teacher through the application.
    ledger.execute("T-001", GrantAward(award_id="A-9", kind="honour", awarded_on="2020-06-01"), by=BY)
    writer.close()
    dossier = ledger.get_teacher("T-001").dossier
    assert dossier.get("P-1").kind.value == "support_teaching" and dossier.get("A-9").kind.value == "honour"
    assert writer.saved_events == 1 and ledger.get_teacher("T-001").version == 3
