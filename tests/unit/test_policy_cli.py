"""``ledger policy list|show|adopt``, ``ledger due``, ``ledger quotas``, ``ledger service-record``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.settings import Settings
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import EndPosting

DEFAULT_TOML = Path(__file__).resolve().parents[2] / "ledger" / "profiles" / "default.toml"


@pytest.fixture
def run(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/ledger.sqlite"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    ledger = build_ledger(Settings(database_url=url))
    seed_schools(ledger)
    teacher(ledger, "T-001")
    teacher(ledger, "T-002", at_home_school_since="2023-09-01")
    posting(ledger, "T-001")
    ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    ledger.close()
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def test_list_and_show_the_default(run):
    assert "township-plan" in run("policy", "list")
    shown = json.loads(run("policy", "show", "--on", "2026-08-31", "--json"))
    assert shown["profile"]["source"] == "default" and shown["adoptions"] == []
    assert {"name": "teacher_should_years", "value": 6, "clauses": ["R-T-TENURE"]}.items() <= shown["parameters"][0].items()


def test_adopt_then_the_due_list_uses_it(run):
    assert "Adopted: township-plan 2026.1 from 2026-01-01" in run(
        "policy", "adopt", "township-plan", "--effective-date", "2026-01-01")
    assert "Already adopted" in run("policy", "adopt", "township-plan", "--effective-date", "2026-01-01")
    answer = json.loads(run("due", "--school-year", "2026", "--json"))
    assert answer["profile"]["name"] == "township-plan"
    rows = {r["teacher_id"]: r["status"] for r in answer["rows"]}
    assert rows == {"T-001": "must", "T-002": "should"}  # 3 years is enough under the township plan
    text = run("due", "--school-year", "2026", "--status", "should")
    assert "T-002" in text and "T-001" not in text


def test_adopt_a_profile_file(run, tmp_path):
    custom = tmp_path / "county.toml"
    custom.write_text(DEFAULT_TOML.read_text(encoding="utf-8").replace('name = "default"', 'name = "county"'),
                      encoding="utf-8")
    assert "Adopted: county 2026.1" in run("policy", "adopt", str(custom), "--effective-date", "2025-09-01")
    assert "In force on 2026-01-01: county" in run("policy", "show", "--on", "2026-01-01")


def test_quotas_and_service_record(run):
    quotas = json.loads(run("quotas", "--school-year", "2026", "--json"))
    assert quotas["county"]["numbers"]["staff"] == 2
    assert "R-Q-COUNTY" in run("quotas", "--school-year", "2026")
    record = json.loads(run("service-record", "T-001", "--target", "senior", "--as-of", "2026-09-01", "--json"))
    village = record["requirements"][0]
    assert (village["clause"], village["status"], village["credited_days"]) == ("R-TITLE-VILLAGE", "met", 730)
    shown = run("service-record", "T-001", "--target", "senior", "--as-of", "2026-09-01").splitlines()
    assert "not met" in next(line for line in shown if "R-TITLE-INCENTIVE" in line)
    assert "at least 1" in next(line for line in run("quotas", "--school-year", "2026").splitlines()
                                if "R-Q-SCHOOL" not in line and "County annual" in line)


def test_the_command_line_speaks_chinese_with_headed_tables(run):
    due = run("--lang", "zh", "due", "--school-year", "2026")
    assert "2026学年应交流人员名单" in due and "教师编号" in due and "必须交流" in due
    quotas = run("--lang", "zh", "quotas", "--school-year", "2026")
    assert "全县年度交流比例" in quotas and "至少 1" in quotas and "None" not in quotas
    record = run("--lang", "zh", "service-record", "T-001", "--target", "senior", "--as-of", "2026-09-01")
    assert "尚有要求未满足" in record and "条款名称" in record


def test_show_reads_a_shipped_profile_or_a_file_before_it_is_adopted(run, tmp_path):
    shipped = run("policy", "show", "township-plan")
    assert "Profile township-plan 2026.1" in shipped and "teacher_should_years" in shipped
    shown = json.loads(run("policy", "show", "township-plan", "--json"))
    assert shown["name"] == "township-plan" and {"name": "teacher_should_years", "value": 3}.items() \
        <= shown["parameters"][0].items()
    assert "Profile default" in run("policy", "show", str(DEFAULT_TOML))
    assert "Adoptions: none recorded" in run("policy", "show")  # nothing was adopted: showing it adopted nothing


def test_a_mistake_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{tmp_path}/ledger.sqlite")
    result = CliRunner().invoke(cli, ["service-record", "T-404", "--target", "senior"])
    assert result.exit_code == 1 and "teacher 'T-404' is not registered" in result.output
    result = CliRunner().invoke(cli, ["policy", "show", "--on", "someday"])
    assert result.exit_code == 1 and "on: 'someday' is not a date" in result.output
    result = CliRunner().invoke(cli, ["policy", "adopt", "missing.toml", "--effective-date", "2026-01-01"])
    assert result.exit_code == 1 and "no profile file missing.toml" in result.output
    result = CliRunner().invoke(cli, ["policy", "show", "nonesuch"])
    assert result.exit_code == 1 and "township-plan" in result.output  # the error names the shipped profiles
