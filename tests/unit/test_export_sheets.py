"""Exports (ledger.exporters): the policy engine's answers laid out as CSV and XLSX — bilingual
headers, labels in the chosen language, UTF-8 with a byte-order mark, date cells, and text that
looks like a formula never run as one."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from ledger.app.sources import AggregateSource
from ledger.exporters import (
    Column,
    Sheet,
    Text,
    districts_on,
    due_list_sheet,
    quota_sheet,
    render,
    service_record_sheet,
)
from ledger.exporters.formats import csv_bytes, xlsx_bytes
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import EndPosting, GrantExemption, RegisterSchool


@pytest.fixture
def county(memory_ledger: Any) -> Any:
    app = memory_ledger
    seed_schools(app)
    app.register(RegisterSchool(school_id="S-HILL", name="岭南中学", level="junior", area="rural", kind="regular",
                                tier="ordinary", district="岭南学区", effective_date="2000-01-01"), by=BY)
    teacher(app, "T-001")  # since 2015 at S-URBAN: must rotate in 2026
    teacher(app, "T-002", name="王强", gender="male", home_school_id="S-HILL", at_home_school_since="2010-09-01")
    teacher(app, "T-003", name="张伟", gender="male", home_school_id="S-TOWN", at_home_school_since="2023-09-01")
    teacher(app, "T-004", name="赵敏", home_school_id="S-TOWN", at_home_school_since="2012-09-01")
    app.execute("T-004", GrantExemption(exemption_id="E-1", category="illness", start_date="2026-01-01",
                                        evidence_ref="县医院证明 2026-01"), by=BY)
    posting(app, "T-001", "P-1", start_date="2020-09-01", planned_end_date="2022-08-31")
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    return app


def csv_table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV starts with the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_due_list_exports_every_row_in_r_order_with_bilingual_headers(county: Any) -> None:
    due = county.due_list(2026)
    answer = due.to_dict()
    districts = districts_on(AggregateSource(county).schools(), due.reference_date)
    file = render(due_list_sheet(2026, due.rows, districts), "csv")
    assert (file.filename, file.media_type) == ("due-list-2026.csv", "text/csv; charset=utf-8")
    table = csv_table(file.content)
    assert table[0][:3] == ["序号 / Rank", "教师编号 / Teacher id", "姓名 / Name"]
    assert [row[1] for row in table[1:]] == [r.teacher_id for r in due.rows]
    by_id = {row[1]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert by_id["T-002"]["学区 / District"] == "岭南学区" and by_id["T-001"]["学区 / District"] == "城关学区"
    assert by_id["T-004"]["状态 / Status"] == "暂缓交流 / deferred by an exemption"
    assert by_id["T-004"]["暂缓事由 / Exemption"] == "重病或疾病影响工作 / serious illness"
    assert by_id["T-004"]["暂缓记录编号 / Exemption id"] == "E-1"
    row = next(r for r in answer["rows"] if r["teacher_id"] == "T-002")
    assert by_id["T-002"]["任教天数 / Tenure (days)"] == str(row["tenure_days"])
    reasons = next(r for r in due.rows if r.teacher_id == "T-002").reasons
    assert by_id["T-002"]["原因 / Reasons"] == "; ".join(
        f"{x.clause}：{x.msg.render('zh', labels=True)} / {x.clause}: {x.msg.render('en', labels=True)}" for x in reasons)
    assert [x["message"] for x in row["reasons"]] == [x.message for x in reasons]


@pytest.mark.parametrize(("language", "header", "status", "gender"), [
    ("zh", "状态", "必须交流", "女"),
    ("en", "Status", "must rotate", "female"),
    ("both", "状态 / Status", "必须交流 / must rotate", "女 / female"),
])
def test_headers_and_labels_follow_the_chosen_language(county: Any, language: str, header: str, status: str,
                                                       gender: str) -> None:
    rows = [r for r in county.due_list(2026).rows if r.teacher_id == "T-001"]
    table = csv_table(render(due_list_sheet(2026, rows), "csv", language).content)  # type: ignore[arg-type]
    found = dict(zip(table[0], table[1], strict=True))
    assert found[header] == status
    assert gender in table[1]


def test_the_due_list_as_xlsx_has_date_and_number_cells(county: Any) -> None:
    found = county.due_list(2026)
    due = found.to_dict()
    file = render(due_list_sheet(2026, found.rows), "xlsx", "zh")
    assert file.filename == "due-list-2026.xlsx" and file.media_type.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(file.content)).active
    assert sheet.title == "2026学年应交流人员名单" and sheet.freeze_panes == "A2"
    head = [c.value for c in sheet[1]]
    first = dict(zip(head, [c.value for c in sheet[2]], strict=True))
    assert first["教师编号"] == due["rows"][0]["teacher_id"]
    assert first["任教起始"].date() == date.fromisoformat(due["rows"][0]["tenure_start"])
    assert first["任教天数"] == due["rows"][0]["tenure_days"] and first["序号"] == 1
    assert sheet.max_row == len(due["rows"]) + 1


def test_the_quota_report_exports_one_row_per_check_county_first(county: Any) -> None:
    report = county.quota_report(2020)
    answer = report.to_dict()
    table = csv_table(render(quota_sheet(report), "csv", "en").content)
    head, rows = table[0], [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    units = [answer["county"], *answer["districts"], *answer["schools"]]
    assert len(rows) == sum(len(u["checks"]) for u in units)
    assert rows[0]["Scope"] == "county" and rows[-1]["Scope"] == "school"
    assert {r["Id"] for r in rows if r["Scope"] == "school"} == {s["id"] for s in answer["schools"]}
    county_rotation = next(r for r in rows if r["Scope"] == "county" and r["Clause"] == "R-Q-COUNTY")
    check = next(c for c in answer["county"]["checks"] if c["clause"] == "R-Q-COUNTY")
    assert (county_rotation["Count"], county_rotation["Base"]) == (str(check["numerator"]), str(check["denominator"]))
    assert county_rotation["Met"] == {True: "met", False: "not met", None: "not applicable"}[check["met"]]
    assert county_rotation["Rotated"] == "1" and "Clause title" in head  # T-001's posting in 2020


def test_a_service_record_exports_each_credited_period_beside_its_requirement(county: Any) -> None:
    found = county.service_record("T-001", target="intermediate", as_of="2026-10-01")
    record = found.to_dict()
    sheet = service_record_sheet(found)
    assert sheet.name == "service-record-T-001-intermediate-2026-10-01"
    table = csv_table(render(sheet, "csv", "en").content)
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    for requirement in record["requirements"]:
        own = [r for r in rows if r["Clause"] == requirement["clause"]]
        assert len(own) == max(1, len(requirement["evidence"]))
        assert {r["Status"] for r in own} == {{"met": "met", "not_met": "not met",
                                               "not_applicable": "not applicable"}[requirement["status"]]}
        credited = sum(int(r["Days credited"]) for r in own if r["Days credited"])
        assert credited == sum(e["credited_days"] for e in requirement["evidence"])
    village = next(r for r in rows if r["Clause"] == "R-TITLE-VILLAGE")
    assert (village["Record"], village["School"], village["Start"]) == ("P-1", "山脚村小", "2020-09-01")


def test_text_that_looks_like_a_formula_is_never_run_as_one() -> None:
    rows = [["=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2", "@SUM(A1)", "普通文字", 3]]
    text = csv_bytes(["a", "b", "c", "d", "e", "f"], rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "'=HYPERLINK(\"http://x\",\"点我\")", "'+1", "'-2", "'@SUM(A1)", "普通文字", "3"]
    cells = load_workbook(io.BytesIO(xlsx_bytes(["a", "b", "c", "d", "e", "f"], rows, "表"))).active[2]
    assert cells[0].value == rows[0][0] and cells[0].data_type == "s"
    assert cells[5].value == 3
    hidden = ["＝1+1", "＋1", "－2", "＠A1", "甲;=1+2", "乙, -1+1", "丙;乙", "2020-09-01", "S-1; S-2"]
    text = csv_bytes(["x"] * len(hidden), [hidden]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "'＝1+1", "'＋1", "'－2", "'＠A1", "甲;'=1+2", "乙, '-1+1", "丙;乙", "2020-09-01", "S-1; S-2"]


def test_a_column_shows_codes_by_label_and_everything_else_as_plain_cells() -> None:
    from ledger.domain.enums import PostingKind  # noqa: PLC0415

    kind = Column("kind", labels=PostingKind)
    plain = Column("x")
    assert (kind.header("both"), plain.header("zh")) == ("类型 / Kind", "x")  # the glossary's label, else the key
    assert kind.cell("support_teaching", "zh") == "支教" and kind.cell("itinerant", "en") == "itinerant teaching"
    assert kind.cell("a_kind_added_later", "both") == "a_kind_added_later"  # shown as recorded
    assert [plain.cell(v, "both") for v in (True, False, None, "", 7)] == ["是 / yes", "否 / no", None, None, 7]
    assert plain.cell(["S-1", None, "S-2"], "en") == "S-1; S-2"
    # a record's fields read as labelled pairs, codes by their labels, empty ones left out
    assert plain.cell({"ended_on": "2022-08-30", "备注": "更正", "early": False, "x": None}, "en") \
        == "Last day: 2022-08-30; 备注: 更正; Ended early: no"
    assert plain.cell({"gender": "female", "host_school_ids": ["S-1", "S-2"], "n": {"a": 1}}, "zh") \
        == '性别：女；接收学校：S-1、S-2；n：{"a":1}'
    assert Text("学区", "district").read("both") == "学区 / district" and Text("R-1", "R-1").read("both") == "R-1"


def test_sheet_names_become_safe_file_names_and_sheet_titles() -> None:
    sheet = Sheet("roster-S:1-2026-09-01", Text("名册: [一]", "Roster"), (Column("a"),), [{"a": 1}])
    file = render(sheet, "xlsx", "zh")
    assert file.filename == "roster-S_1-2026-09-01.xlsx"
    assert load_workbook(io.BytesIO(file.content)).active.title == "名册   一"
    assert render(sheet, "pdf", "zh").filename == "roster-S_1-2026-09-01.pdf"
    with pytest.raises(ValueError, match="format must be one of csv, xlsx, pdf"):
        render(sheet, "odt", "zh")  # type: ignore[arg-type]
