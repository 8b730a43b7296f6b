"""Importing schools, teachers and history files into the in-memory ledger: good files in every
accepted shape, files with every kind of bad row, dry runs and re-imports."""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook

from ledger.app import RotationLedger
from ledger.app.sources import AggregateSource
from ledger.importers.run import import_file
from ledger.importers.tables import ImportFileError

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def app():
    ledger = RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                            clock=lambda: datetime(2026, 9, 1, tzinfo=timezone.utc))
    yield ledger
    ledger.close()


def other_ledger() -> RotationLedger:
    return RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                          clock=lambda: datetime(2026, 9, 1, tzinfo=timezone.utc))


def imported(app: RotationLedger, *files: tuple[str, str]) -> None:
    for kind, name in files:
        report = import_file(app, kind, DATA / name)
        assert report.ok, report.errors


def events(app: RotationLedger) -> int:
    return app.recorder.max_notification_id() or 0


def as_xlsx(source: Path, target: Path, *, date_columns: tuple[int, ...] = ()) -> Path:
    """The same table as an .xlsx workbook, with real date cells in ``date_columns``."""
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([date.fromisoformat(v) if i in date_columns and v else (v or None) for i, v in enumerate(row)])
    workbook.save(target)
    return target


# ------------------------------------------------------------------ good files
def test_english_and_chinese_headers_register_the_same_schools(app):
    english = import_file(app, "schools", DATA / "schools.csv")
    chinese_app = other_ledger()
    chinese = import_file(chinese_app, "schools", DATA / "schools_zh_bom.csv")
    assert english.ok and chinese.ok and english.recorded == chinese.recorded == 5
    assert chinese.encoding == "utf-8 (BOM)" and english.encoding == "utf-8"
    assert AggregateSource(app).schools() == AggregateSource(chinese_app).schools()
    village = app.get_school("S-VILLAGE")
    assert village.name == "山脚村小学" and village.classification_on(date(2020, 1, 1)).kind.value == "village"


def test_a_gbk_csv_is_decoded_and_reads_like_utf8(app):
    imported(app, ("schools", "schools.csv"))
    report = import_file(app, "teachers", DATA / "teachers_gbk.csv")
    assert report.ok and report.encoding == "GBK (GB18030)" and report.recorded == 4
    utf8 = other_ledger()
    imported(utf8, ("schools", "schools.csv"), ("teachers", "teachers.csv"))
    ours = {d.profile.teacher_id: d for d in AggregateSource(app).dossiers()}
    theirs = {d.profile.teacher_id: d for d in AggregateSource(utf8).dossiers()}
    assert ours == theirs
    assert ours["T-002"].profile.name == "王强" and ours["T-002"].profile.birth_date == date(1979, 5, 12)
    assert ours["T-002"].backbone_on(date(2025, 1, 1)).level.value == "county"


def test_xlsx_with_date_cells_imports_like_csv(app, tmp_path):
    schools = as_xlsx(DATA / "schools.csv", tmp_path / "schools.xlsx", date_columns=(9,))
    teachers = as_xlsx(DATA / "teachers.csv", tmp_path / "teachers.xlsx", date_columns=(3, 7, 9, 11))
    history = as_xlsx(DATA / "history.csv", tmp_path / "history.xlsx", date_columns=(3, 4, 14))
    for kind, path in (("schools", schools), ("teachers", teachers), ("history", history)):
        report = import_file(app, kind, path)
        assert report.ok, report.errors
    csv_app = other_ledger()
    imported(csv_app, ("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history.csv"))
    dossiers = {d.profile.teacher_id: d for d in AggregateSource(app).dossiers()}
    assert dossiers == {d.profile.teacher_id: d for d in AggregateSource(csv_app).dossiers()}


def test_history_imports_as_ordinary_events_by_the_importer_citing_the_file(app):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"))
    report = import_file(app, "history", DATA / "history.csv", actor="importer:test")
    assert report.ok and report.rows == report.recorded == 15 and report.events == 15
    t1 = app.get_teacher("T-001").dossier
    posting = t1.get("P-1")
    assert posting.kind.value == "support_teaching" and posting.host_school_ids == ("S-VILLAGE",)
    assert posting.ended_on == date(2022, 8, 30) and posting.amended_by == ("C-1",)  # amended by the file's C-1
    assert t1.get("A-2").voided and t1.get("A-1").amount_cny == 20000
    assert t1.evaluations()[0].school_id == "S-VILLAGE"
    assert app.get_teacher("T-003").dossier.get("P-2").ended_early is True
    assert app.get_teacher("T-004").dossier.home_on(date(2024, 1, 1)).school_id == "S-URBAN"  # a transfer
    stored = list(app.events.get(app.get_teacher("T-001").id))[1:]
    assert {e.actor for e in stored} == {"importer:test"} and {e.document_ref for e in stored} == {"history.csv"}
    assert stored[0].reason == "支教 support teaching" and "R-POST-EVAL" in stored[2].policy_clauses


def test_chinese_history_headers_and_event_names_give_the_same_records(app):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history_zh.csv"))
    english = other_ledger()
    imported(english, ("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history.csv"))
    assert [d.records for d in AggregateSource(app).dossiers()] == [d.records for d in AggregateSource(english).dossiers()]


def test_reimporting_the_same_file_changes_nothing(app):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history.csv"))
    before = events(app)
    for kind, name in (("schools", "schools.csv"), ("teachers", "teachers.csv"), ("history", "history.csv")):
        report = import_file(app, kind, DATA / name)
        assert report.ok and report.recorded == 0 and report.already == report.rows and report.events == 0
    assert events(app) == before


def test_a_renamed_copy_conflicts_unless_given_the_original_document_ref(app, tmp_path):
    imported(app, ("schools", "schools.csv"))
    copy = shutil.copy(DATA / "schools.csv", tmp_path / "学校名单(1).csv")
    report = import_file(app, "schools", Path(copy))
    assert not report.ok and "--document-ref" in report.errors[0].message
    assert import_file(app, "schools", Path(copy), document_ref="schools.csv").already == 5


def test_a_dry_run_checks_everything_and_writes_nothing(app):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"))
    before = events(app)
    report = import_file(app, "history", DATA / "history.csv", dry_run=True)
    assert report.ok and report.rows == 15 and report.events == 0 and events(app) == before
    bad = import_file(app, "history", DATA / "history_bad_rows.csv", dry_run=True)
    assert bad.bad_rows == 7 and events(app) == before


# ------------------------------------------------------------------ bad files
def test_a_missing_column_is_reported_on_the_header_line(app):
    report = import_file(app, "schools", DATA / "schools_missing_column.csv")
    assert [(e.line, e.column, e.message) for e in report.errors] == [(1, "tier / 办学水平", "this column is missing")]
    assert events(app) == 0


def test_every_bad_teacher_row_is_reported_and_nothing_is_written(app):
    imported(app, ("schools", "schools.csv"))
    before = events(app)
    report = import_file(app, "teachers", DATA / "teachers_bad_rows.csv")
    found = {(e.line, e.column): e.message for e in report.errors}
    assert found.keys() == {(3, "birth_date"), (4, "home_school_id"), (5, "teacher_id"), (6, "name"), (6, "gender"),
                            (7, "title")}
    assert "no such day" in found[(3, "birth_date")]
    assert "S-NOWHERE" in found[(4, "home_school_id")] and "not registered" in found[(4, "home_school_id")]
    assert found[(5, "teacher_id")] == "the id is already used on line 2"
    assert "male (男)" in found[(6, "gender")]
    assert events(app) == before


def test_every_bad_history_row_is_reported_with_its_rule(app):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"))
    before = events(app)
    report = import_file(app, "history", DATA / "history_bad_rows.csv")
    found = {(e.line, e.column): e.message for e in report.errors}
    assert found.keys() == {(3, "date"), (4, "host_school_ids"), (5, "teacher_id"), (6, "event"), (7, "amount_cny"),
                            (9, "date"), (10, "changes")}
    assert found[(3, "date")].startswith("R-POST-ONE")
    assert "S-NOWHERE" in found[(4, "host_school_ids")] and "R-POST-HOST" in found[(4, "host_school_ids")]
    assert "T-999" in found[(5, "teacher_id")]
    assert "'holiday' is not one of" in found[(6, "event")]
    assert "required for posting rows" in found[(9, "date")]
    assert events(app) == before


def test_a_history_row_repeating_a_record_id_is_a_duplicate(app, tmp_path):
    imported(app, ("schools", "schools.csv"), ("teachers", "teachers.csv"))
    path = tmp_path / "dup.csv"
    path.write_text("teacher_id,event,record_id,date,kind,posting_id\n"
                    "T-001,award,A-1,2021-07-10,honour,\n"
                    "T-001,award,A-1,2021-07-10,honour,\n", encoding="utf-8")
    report = import_file(app, "history", path)
    assert [(e.line, e.column, e.message) for e in report.errors] == [(3, "record_id", "the id is already used on line 2")]


def test_unreadable_files_are_refused_with_a_clear_message(tmp_path, app):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("school_id,name\nS-1,城关小学\n", encoding="utf-16")
    with pytest.raises(ImportFileError, match="UTF-16"):
        import_file(app, "schools", utf16)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"school_id,name\nS-1,\xff\xfe\xfd\x80\n")
    with pytest.raises(ImportFileError, match="neither UTF-8 nor GBK"):
        import_file(app, "schools", binary)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a readable .xlsx"):
        import_file(app, "schools", fake)
    with pytest.raises(ImportFileError, match=".xls format"):
        (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
        import_file(app, "schools", tmp_path / "old.xls")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportFileError, match="empty"):
        import_file(app, "schools", empty)


def test_every_problem_of_a_row_is_reported_not_only_the_first(app, tmp_path):
    imported(app, ("schools", "schools.csv"))
    lines = (DATA / "teachers.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(","), strict=True))
    row.update(gender="sometimes", home_school_id="S-NOWHERE", title_since="")  # three problems in one row
    bad = tmp_path / "teachers.csv"
    bad.write_text("\n".join([lines[0], ",".join(row[h] for h in header)]), encoding="utf-8")
    report = import_file(app, "teachers", bad)
    found = {e.column: e.message for e in report.errors}
    assert set(found) == {"gender", "home_school_id", "title_since"}, found
    assert "S-NOWHERE" in found["home_school_id"] and "not registered" in found["home_school_id"]
    assert [e.line for e in report.errors] == [2, 2, 2]
