"""Planning: the due list of a school year with filters and CSV / XLSX downloads, and the quota
dashboard (per school and for the county) — the policy engine's answers, presented."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.downloads import file_response
from api.ui.charts import school_chart
from api.ui.web import PREFIX, READ, Ui, blank, render, signed_in
from ledger.domain.dates import school_year_of
from ledger.domain.errors import InvalidInput
from ledger.domain.policy import DueList, DueRow, DueStatus
from ledger.domain.school import SchoolFacts
from ledger.exporters import FORMATS, due_list_sheet, title_priority_sheet
from ledger.exporters import render as render_file

router = APIRouter(include_in_schema=False)


def year_asked(ui: Ui, value: str | None) -> int:
    text = blank(value)
    if text is None:
        return school_year_of(ui.ledger.today())
    if not text.isdigit():
        raise InvalidInput.one("school_year", "field.integer")
    return int(text)


def statuses(values: list[str]) -> list[DueStatus]:
    chosen = []
    for value in values:
        try:
            chosen.append(DueStatus(value))
        except ValueError:
            raise InvalidInput.one("status", "field.not_one_of", value=value, allowed=list(DueStatus)) from None
    return chosen


@dataclass(frozen=True)
class Filtered:
    due: DueList
    rows: list[DueRow]  # those passing the filters, in R-ORDER
    chosen: dict[str, Any]  # the filters as asked
    schools: dict[str, SchoolFacts]
    district_of: dict[str, str | None]  # each school's district on the reference date


def filtered(ui: Ui, request: Request) -> Filtered:
    """The due list of the asked school year, and its rows that pass the filters."""
    q = request.query_params
    year = year_asked(ui, q.get("school_year"))
    wanted = statuses(q.getlist("status")) or [DueStatus.MUST, DueStatus.SHOULD, DueStatus.DEFERRED]
    school, district = blank(q.get("school")), blank(q.get("district"))
    due = ui.ledger.due_list(year)
    schools = ui.views.schools()
    district_of = {s: f.on(due.reference_date).district for s, f in schools.items()}
    rows = [r for r in due.rows if r.status in wanted and (school is None or r.school_id == school)
            and (district is None or district_of.get(r.school_id) == district)]
    chosen = {"school_year": year, "status": [s.value for s in wanted], "school": school or "",
              "district": district or ""}
    return Filtered(due, rows, chosen, schools, district_of)


@router.get("/planning/due")
def due_page(request: Request) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    found = filtered(ui, request)
    chosen = found.chosen
    query = [("school_year", chosen["school_year"]), *(("status", s) for s in chosen["status"]),
             ("school", chosen["school"]), ("district", chosen["district"]), ("lang", ui.lang)]
    return render(ui, "due.html", due=found.due, rows=found.rows, chosen=chosen, statuses=list(DueStatus),
                  schools=sorted(found.schools.values(), key=lambda f: f.name),
                  districts=sorted({d for d in found.district_of.values() if d}), download_query=urlencode(
                      [(k, v) for k, v in query if v != ""]))


@router.get("/planning/due.{fmt}")
def due_download(request: Request, fmt: str) -> Response:
    def sheet(ui: Ui) -> Any:
        found = filtered(ui, request)
        return due_list_sheet(found.chosen["school_year"], found.rows, found.district_of)

    return download(request, sheet, fmt)


def download(request: Request, sheet: Callable[[Ui], Any], fmt: str) -> Response:
    """A sheet as a CSV, XLSX or PDF file in the page's language; an unknown format is refused
    before the sheet is made."""
    ui = signed_in(request)
    ui.require(READ)
    if fmt not in FORMATS:
        raise InvalidInput.one("format", "field.file_format")
    return file_response(render_file(sheet(ui), fmt, ui.lang))  # type: ignore[arg-type]


def priority_asked(ui: Ui, request: Request) -> tuple[Any, dict[str, Any]]:
    q = request.query_params
    year, school = year_asked(ui, q.get("school_year")), blank(q.get("school"))
    return ui.ledger.title_priority(year, school_id=school), {"school_year": year, "school": school or ""}


@router.get("/planning/title-priority")
def priority_page(request: Request) -> HTMLResponse:
    """R-INCENTIVE-PRIORITY: a school year's title applicants in the order they claim the quota."""
    ui = signed_in(request)
    ui.require(READ)
    found, chosen = priority_asked(ui, request)
    query = urlencode([(k, v) for k, v in (*chosen.items(), ("lang", ui.lang)) if v != ""])
    return render(ui, "priority.html", found=found, chosen=chosen, download_query=query,
                  schools=sorted(ui.views.schools().values(), key=lambda f: f.name))


@router.get("/planning/title-priority.{fmt}")
def priority_download(request: Request, fmt: str) -> Response:
    return download(request, lambda ui: title_priority_sheet(priority_asked(ui, request)[0]), fmt)


@router.get("/planning/quotas")
def quotas_page(request: Request, school_year: str | None = None, district: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    year = year_asked(ui, school_year)
    report = ui.ledger.quota_report(year)
    schools = ui.views.schools()
    district = blank(district)
    in_district = {s for s, f in schools.items() if f.on(report.reference_date).district == district} if district \
        else None
    return render(ui, "quotas.html", report=report, year=year, chart=school_chart(report, in_district),
                  districts=sorted({f.on(report.reference_date).district for f in schools.values()} - {None}),
                  district=district or "")
