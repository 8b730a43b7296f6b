"""``ledger generate`` and the demo county loaded on first start."""

from __future__ import annotations

from openpyxl import load_workbook
from typer.testing import CliRunner

from ledger.app.sources import AggregateSource
from ledger.cli import app
from ledger.demo import DEMO_COUNTY
from ledger.runtime import start_runtime
from ledger.settings import Settings


def invoke(tmp_path, *args: str):
    env = {"LEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/ledger.sqlite", "COLUMNS": "200", "LEDGER_LOG_FORMAT": "json"}
    return CliRunner().invoke(app, list(args), env=env)


def test_generate_into_an_empty_ledger_only(tmp_path):
    first = invoke(tmp_path, "generate", "--teachers", "100", "--years", "2", "--seed", "1")
    assert first.exit_code == 0, first.output
    assert "Recorded" in first.output and "events/s" in first.output
    second = invoke(tmp_path, "generate", "--teachers", "100", "--years", "2", "--seed", "1")
    assert second.exit_code == 1 and "already holds schools" in second.output


def test_generate_import_files_with_chinese_headers(tmp_path):
    out = tmp_path / "county"
    result = invoke(tmp_path, "generate", "--teachers", "100", "--years", "2", "--seed", "1", "--out", str(out),
                    "--format", "xlsx", "--headers", "zh")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out / "teachers.xlsx", read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:4] == ("教师编号", "姓名", "性别", "出生日期")
    assert "history.xlsx" in result.output and not (tmp_path / "ledger.sqlite").exists()


def test_bad_options_are_refused(tmp_path):
    assert invoke(tmp_path, "generate", "--teachers", "100", "--years", "2", "--seed", "1", "--as-of", "soon").exit_code == 2
    assert invoke(tmp_path, "generate", "--teachers", "5", "--years", "2", "--seed", "1").exit_code == 2


def test_the_demo_county_loads_on_first_start_only(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path}/demo.sqlite", demo=True)
    runtime = start_runtime(settings)
    try:
        loaded = runtime.ledger.recorder.max_notification_id()
        assert loaded > 2000
        assert len(AggregateSource(runtime.ledger).schools()) >= 18
    finally:
        runtime.close()
    again = start_runtime(settings)
    try:
        assert again.ledger.recorder.max_notification_id() == loaded
    finally:
        again.close()
    assert DEMO_COUNTY.teachers == 300 and DEMO_COUNTY.years == 6
