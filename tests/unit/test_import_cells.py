"""Reading spreadsheet cells the way bureau spreadsheets write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ledger.domain.enums import Gender, PostingKind, Title
from ledger.importers import cells


@pytest.mark.parametrize("raw", ["2020-09-01", "2020/9/1", "2020.9.1", "2020年9月1日", "20200901",
                                 date(2020, 9, 1), datetime(2020, 9, 1)])
def test_dates_in_every_common_spelling(raw):
    assert cells.day(raw) == "2020-09-01"


@pytest.mark.parametrize("raw, message", [
    ("2020-02-30", "no such day"), ("yesterday", "not a date"), ("1850-01-01", "outside"),
    (datetime(2020, 9, 1, 8, 30), "a time"),
])
def test_bad_dates_say_why(raw, message):
    with pytest.raises(cells.CellError, match=message):
        cells.day(raw)


def test_enums_by_code_chinese_or_english_label():
    assert cells.choice("女", Gender) == cells.choice("Female", Gender) == cells.choice("female", Gender) == "female"
    assert cells.choice("支教", PostingKind) == "support_teaching"
    assert cells.choice("副高级", Title) == "senior"
    with pytest.raises(cells.CellError, match=r"junior \(初级\)"):
        cells.choice("教授", Title)


def test_flags_amounts_ids_and_lists():
    assert cells.flag("是") is True and cells.flag("FALSE") is False and cells.flag(True) is True
    with pytest.raises(cells.CellError):
        cells.flag("maybe")
    assert cells.amount("20,000元") == "20000" and cells.amount(19999.5) == "19999.5" and cells.amount(20000.0) == "20000"
    with pytest.raises(cells.CellError):
        cells.amount("twenty")
    assert cells.ident(1001.0) == "1001"
    with pytest.raises(cells.CellError, match="not an id"):
        cells.ident("T 001")
    assert cells.ids("S-1；S-2、S-3, S-4") == ["S-1", "S-2", "S-3", "S-4"]
    assert cells.integer("2021") == 2021 and cells.integer(2021.0) == 2021
    assert cells.clauses("R-POST-EVAL;R-T-TENURE") == ["R-POST-EVAL", "R-T-TENURE"]
    with pytest.raises(cells.CellError, match="R-NOPE"):
        cells.clauses("R-NOPE")
    assert cells.mapping('{"ended_on": "2022-08-30"}') == {"ended_on": "2022-08-30"}
    with pytest.raises(cells.CellError, match="JSON object"):
        cells.mapping("[1, 2]")
