"""``ledger import``: readable reports, non-zero exits for bad input, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    env = {"LEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/ledger.sqlite", "COLUMNS": "200", "LEDGER_LOG_FORMAT": "json"}

    def invoke(*args: str):
        return runner.invoke(app, list(args), env=env)

    return invoke


def test_good_files_import_and_say_what_they_recorded(run):
    result = run("import", "schools", str(DATA / "schools.csv"))
    assert result.exit_code == 0, result.output
    assert "5 rows: 5 recorded (5 events), 0 already recorded." in result.output
    gbk = run("import", "teachers", str(DATA / "teachers_gbk.csv"))
    assert gbk.exit_code == 0 and "read as GBK (GB18030) text" in gbk.output
    again = run("import", "schools", str(DATA / "schools.csv"))
    assert again.exit_code == 0 and "0 recorded (0 events), 5 already recorded" in again.output


def test_bad_rows_are_listed_with_line_column_and_reason_and_exit_non_zero(run):
    run("import", "schools", str(DATA / "schools.csv"))
    result = run("import", "teachers", str(DATA / "teachers_bad_rows.csv"))
    assert result.exit_code == 1
    assert "5 bad rows in teachers_bad_rows.csv" in result.output
    assert "'1979-02-30' is not a date (no such day)" in result.output
    assert "the id is already used on line 2" in result.output
    assert "Nothing was imported" in result.output and "Traceback" not in result.output


def test_a_dry_run_reports_and_writes_nothing(run):
    run("import", "schools", str(DATA / "schools.csv"))
    result = run("import", "teachers", str(DATA / "teachers.csv"), "--dry-run")
    assert result.exit_code == 0 and "4 rows checked: all good" in result.output and "nothing written" in result.output
    real = run("import", "teachers", str(DATA / "teachers.csv"))
    assert "4 rows: 4 recorded" in real.output


def test_unreadable_or_missing_files_get_a_message_not_a_traceback(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    told = run("import", "schools", str(folder))
    assert told.exit_code == 1 and "is a folder" in told.output and "no such file" not in told.output
    one = tmp_path / "one.csv"
    one.write_text("\n".join((DATA / "schools.csv").read_text(encoding="utf-8").splitlines()[:2]), encoding="utf-8")
    checked = run("import", "schools", str(one), "--dry-run")
    assert "1 row checked: all good" in checked.output and "1 rows" not in checked.output
    zh = CliRunner().invoke(app, ["--lang", "zh", "import", "schools", str(one), "--dry-run"],
                            env={"LEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/zh.sqlite", "COLUMNS": "200"})
    assert "已校验 1 行，无误" in zh.output, zh.output
    for path in (bad, tmp_path / "missing.csv"):
        result = run("import", "schools", str(path))
        assert result.exit_code == 1 and "Cannot import" in result.output and "Traceback" not in result.output
    missing = run("import", "schools", str(DATA / "schools_missing_column.csv"))
    assert missing.exit_code == 1 and "this column is missing" in missing.output
