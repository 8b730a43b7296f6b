"""School pages: every school, and one school on a date — classification, roster, staff away,
hosted teachers and the school's quota figures for that school year."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.ui.present import school_name
from api.ui.web import PREFIX, READ, blank, render, signed_in
from ledger.domain.dates import school_year_of

router = APIRouter(include_in_schema=False)


@router.get("/schools")
def school_list(request: Request, as_of: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    items = sorted(ui.views.school_list(blank(as_of)), key=lambda s: (s["classification"]["district"] or "", s["name"]))
    return render(ui, "schools.html", items=items, as_of=blank(as_of) or "")


@router.get("/schools/{school_id}")
def school_page(request: Request, school_id: str, as_of: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    views = ui.views
    school = views.school(school_id, blank(as_of))
    roster = views.roster(school_id, blank(as_of))
    year = school_year_of(date.fromisoformat(school["as_of"]))
    quotas = ui.ledger.quota_report(year)
    figures = next((s for s in quotas.schools if s.unit_id == school_id), None)
    schools = views.schools()
    return render(ui, "school.html", school=school, roster=roster, figures=figures, school_year=year,
                  school_name=lambda s: school_name(schools, s), as_of=blank(as_of) or "")
