"""Exports on each real backend (an SQLite file, PostgreSQL over a real connection): ``ledger
export …`` writes the files, and the API's read routes answer ``?format=csv|xlsx|pdf`` — each file
holding exactly the rows of the answer it lays out."""

from __future__ import annotations

import csv
import re
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.settings import Settings
from tests.api.conftest import Api, serve
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import AmendRecord, EndPosting


def seed(app: Any) -> None:
    seed_schools(app)
    teacher(app, "T-001")
    teacher(app, "T-002", name="王强", gender="male", role="principal", at_home_school_since="2010-09-01")
    teacher(app, "T-003", name="=HYPERLINK(\"x\")", home_school_id="S-TOWN", at_home_school_since="2023-09-01")
    posting(app, "T-001", "P-1", start_date="2020-09-01", planned_end_date="2022-08-31")
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"ended_on": "2022-08-30"},
                                     effective_date="2023-01-10"), by=BY)


def table_of(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# ---------------------------------------------------------------------- the command line
@pytest.fixture
def run(backend_settings: Settings, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    app = build_ledger(backend_settings, clock=clock)
    try:
        seed(app)
    finally:
        app.close()
    monkeypatch.chdir(tmp_path)
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url, "LEDGER_LOG_LEVEL": "WARNING", "COLUMNS": "200"}

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, ["export", *args], env=env)

    return invoke


def test_ledger_export_writes_each_report_as_the_ledger_answers_it(run: Any, backend_settings: Settings,
                                                                   tmp_path: Path) -> None:
    assert run("due", "--school-year", "2026").exit_code == 0
    assert run("quotas", "--school-year", "2020", "--out", "quotas.xlsx").exit_code == 0
    assert run("service-record", "T-001", "--target", "intermediate", "--as-of", "2026-10-01",
               "--headers", "en").exit_code == 0
    assert run("roster", "S-URBAN", "--as-of", "2021-03-01", "--headers", "zh").exit_code == 0
    history = run("history", "T-001", "--format", "xlsx", "--headers", "en")
    assert history.exit_code == 0 and "history-T-001.xlsx: 5 rows" in history.output

    app = build_ledger(backend_settings)
    try:
        due = app.due_list(2026).to_dict()
        report = app.quota_report(2020).to_dict()
    finally:
        app.close()
    rows = table_of((tmp_path / "due-list-2026.csv").read_bytes())
    assert [r["教师编号 / Teacher id"] for r in rows] == [r["teacher_id"] for r in due["rows"]]
    assert next(r for r in rows if r["教师编号 / Teacher id"] == "T-003")["姓名 / Name"] == "'=HYPERLINK(\"x\")"

    quotas = load_workbook(tmp_path / "quotas.xlsx").active
    checks = sum(len(u["checks"]) for u in [report["county"], *report["districts"], *report["schools"]])
    assert quotas.max_row == checks + 1

    service = table_of((tmp_path / "service-record-T-001-intermediate-2026-10-01.csv").read_bytes())
    village = next(r for r in service if r["Clause"] == "R-TITLE-VILLAGE")
    assert (village["Record"], village["End"], village["Days credited"]) == ("P-1", "2022-08-30", "729")

    roster = table_of((tmp_path / "roster-S-URBAN-2021-03-01.csv").read_bytes())
    assert [(r["类别"], r["教师编号"], r["任教学校"]) for r in roster] == [
        ("本校任教", "T-002", "S-URBAN"), ("外出交流", "T-001", "S-VILLAGE")]

    entries = load_workbook(tmp_path / "history-T-001.xlsx").active
    head = [c.value for c in entries[1]]
    posting_row = next(dict(zip(head, [c.value for c in r], strict=True)) for r in entries.iter_rows(min_row=2)
                       if r[2].value == "PostingRecorded")
    assert posting_row["Amended by"] == "C-1" and "Last day: 2022-08-30" in posting_row["Record now"]

    printed = run("due", "--school-year", "2026", "--out", "due.pdf", "--headers", "zh")
    assert printed.exit_code == 0 and "due.pdf: 3 rows" in printed.output
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "due.pdf").pages)
    assert all(r["teacher_id"] in text for r in due["rows"]) and "王强" in text and "县教育局" in text


def test_ledger_export_refuses_mistakes_with_a_message(run: Any, tmp_path: Path) -> None:
    unknown = run("history", "T-404")
    assert unknown.exit_code == 1 and "teacher 'T-404' is not registered" in unknown.output
    for args in (("due", "--school-year", "2026", "--status", "late"),
                 ("due", "--school-year", "2026", "--out", "due.odt"),
                 ("due", "--school-year", "2026", "--out", "due.xlsx", "--format", "csv"),
                 ("roster", "S-URBAN", "--headers", "fr")):
        refused = run(*args)
        assert refused.exit_code == 2 and "Traceback" not in refused.output, args
    assert not list(tmp_path.glob("due*"))
    only_town = run("due", "--school-year", "2026", "--school", "S-TOWN", "--status", "not_due")
    assert only_town.exit_code == 0 and ": 1 row" in only_town.output and "1 rows" not in only_town.output


def test_ledger_export_keeps_an_existing_file_unless_forced_and_writes_to_standard_output(run: Any,
                                                                                      tmp_path: Path) -> None:
    first = run("due", "--school-year", "2026")
    written = (tmp_path / "due-list-2026.csv").read_bytes()
    (tmp_path / "due-list-2026.csv").write_bytes(b"kept")
    again = run("due", "--school-year", "2026")
    assert first.exit_code == 0 and again.exit_code == 1 and "--force" in again.output
    assert (tmp_path / "due-list-2026.csv").read_bytes() == b"kept"
    (tmp_path / "mine.xlsx").write_bytes(b"kept")
    assert run("quotas", "--school-year", "2026", "--out", "mine.xlsx").exit_code == 1
    assert (tmp_path / "mine.xlsx").read_bytes() == b"kept"
    assert run("due", "--school-year", "2026", "--force").exit_code == 0
    assert (tmp_path / "due-list-2026.csv").read_bytes() == written
    (tmp_path / "folder.csv").mkdir()
    assert run("due", "--school-year", "2026", "--out", "folder.csv", "--force").exit_code == 1
    piped = run("due", "--school-year", "2026", "--out", "-")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(written) and b"-: 3 rows" in piped.stderr_bytes


# ---------------------------------------------------------------------- the API
@pytest.fixture
def api(backend_settings: Settings, clock: Any) -> Iterator[Api]:
    """The API over a seeded ledger whose views have caught up."""
    for running in serve(backend_settings, clock):
        seed(running.runtime.ledger)
        assert running.runtime.read_model.wait_for(running.runtime.ledger.recorder.max_notification_id(), timeout=10)
        yield running


def test_read_routes_answer_files_with_the_rows_of_their_json(api: Api) -> None:
    routes = {
        "/v1/rotation/due?school_year=2026": "rows",
        "/v1/reports/quotas?school_year=2020": None,
        "/v1/teachers/T-001/service-record?target=intermediate&as_of=2026-10-01": "requirements",
        "/v1/schools/S-URBAN/roster?as_of=2021-03-01": "serving",
        "/v1/teachers/T-001/history": "entries",
    }
    for path, key in routes.items():
        data = api.get(path).json()
        answer = api.get(f"{path}&format=csv" if "?" in path else f"{path}?format=csv")
        assert answer.status_code == 200, (path, answer.text)
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        assert answer.headers["content-disposition"].startswith('attachment; filename="')
        rows = table_of(answer.content)
        if key == "rows":
            assert [r["教师编号 / Teacher id"] for r in rows] == [r["teacher_id"] for r in data["rows"]]
        elif key == "serving":
            assert len(rows) == len(data["serving"]) + len(data["home_staff_away"])
        elif key == "entries":
            assert [r["事件编号 / Event id"] for r in rows] == [e["event_id"] for e in data["entries"]]
        elif key == "requirements":
            assert {r["条款 / Clause"] for r in rows} == {r["clause"] for r in data["requirements"]}
        else:
            assert len(rows) == sum(len(u["checks"]) for u in [data["county"], *data["districts"], *data["schools"]])
    book = api.get("/v1/rotation/due?school_year=2026&format=xlsx&lang=en")
    assert book.headers["content-disposition"] == 'attachment; filename="due-list-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Rank", "Teacher id", "Name"]
    printed = api.get("/v1/teachers/T-001/history?format=pdf&lang=zh")
    assert printed.headers["content-type"] == "application/pdf" and "x-ledger-missing-characters" not in printed.headers
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert "交流轮岗记录" in text and "P-1" in text and "C-1" in text


def test_a_pdf_names_the_characters_its_font_lacks(api: Api) -> None:
    ledger = api.runtime.ledger
    teacher(ledger, "T-009", name="赵\U000201d4")  # 𠇔: Extension B, outside the 通用规范汉字表
    assert api.runtime.read_model.wait_for(ledger.recorder.max_notification_id(), timeout=10)
    printed = api.get("/v1/teachers/T-009/history?format=pdf&lang=zh")
    assert printed.status_code == 200 and printed.headers["x-ledger-missing-characters"] == "U+201D4"
    assert "赵〓" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)


def test_file_downloads_keep_the_routes_access_rules_and_errors(api: Api) -> None:
    assert api.get("/v1/teachers/T-001/history?format=csv", role="hr").status_code == 200
    assert api.get("/v1/rotation/due?school_year=2026&format=csv", role="hr").status_code == 403
    assert api.get("/v1/rotation/due?school_year=2026&format=csv", role=None).status_code == 401
    missing = api.get("/v1/teachers/T-404/history?format=xlsx")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    bad = api.get("/v1/schools/S-URBAN/roster?format=odt&lang=fr")
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} >= {"format", "lang"}


HIDDEN_FORMULAS = ("＝HYPERLINK(\"http://x\",\"点我\")", "＋1+1", "－2+3", "＠SUM(A1)", " =1+1",
                   "李华;=HYPERLINK(\"http://x\")", "王强, -1+1", "赵敏,\"=1+1\"")


def test_exported_cells_never_start_a_formula_however_it_hides(api: Api) -> None:
    for n, text in enumerate(HIDDEN_FORMULAS):
        written = api.post("/v1/teachers", {
            "teacher_id": f"T-F{n}", "name": text, "gender": "female", "birth_date": "1985-03-01", "role": "teacher",
            "subject": "数学", "home_school_id": "S-URBAN", "at_home_school_since": "2015-09-01",
            "reason": text, "document_ref": text})
        assert written.status_code == 201, written.text
    api.runtime.read_model.wait_for(api.runtime.ledger.recorder.max_notification_id(), timeout=10)
    roster = table_of(api.get("/v1/schools/S-URBAN/roster?format=csv&lang=en").content)
    names = {row["Name"] for row in roster}
    history = [table_of(api.get(f"/v1/teachers/T-F{n}/history?format=csv&lang=en").content)[0]
               for n in range(len(HIDDEN_FORMULAS))]
    cells = names | {row[column] for row in history for column in ("Reason", "Document reference")}
    for text in HIDDEN_FORMULAS:
        shown = {cell for cell in cells if cell.replace("'", "").strip() == text.strip()}
        assert shown, text
        for cell in shown:  # text as typed, with an apostrophe before every formula it could start
            for piece in re.split(r"[;,]", cell):
                assert not re.match(r"[ \u3000\"]*[=+\-@＝＋－＠]", piece), cell
    book = load_workbook(io.BytesIO(api.get("/v1/schools/S-URBAN/roster?format=xlsx&lang=en").content)).active
    assert all(cell.data_type != "f" for row in book.iter_rows() for cell in row)
