"""Schools (学校): registration, reclassification, and what the views know of them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api import pagination
from api.deps import ReaderView, Write
from api.downloads import FILES, FileFormat, FileLanguage, answer
from api.openapi import VIEW, VIEW_ONE, WRITE
from api.routes.params import AsOf, Cursor, Limit, SchoolId
from api.schemas.common import WriteOut
from api.schemas.reads import Roster, School, SchoolPage
from api.schemas.writes import ReclassificationIn, SchoolIn
from ledger.exporters import roster_sheet

router = APIRouter(prefix="/v1", tags=["schools"])


@router.post("/schools", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Register a school (登记学校)")
def register_school(body: SchoolIn, w: Write) -> WriteOut:
    result = w.ledger.register_school(
        school_id=body.school_id, name=body.name, level=body.level, area=body.area, kind=body.kind,
        tier=body.tier, district=body.district, alliance=body.alliance, group=body.group,
        effective_date=body.effective_date, by=w.by(body))
    return w.answer(result, record=w.ledger.get_school(body.school_id).facts().to_dict())


@router.post("/schools/{school_id}/reclassifications", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Reclassify a school from a date (area, kind, tier, district …)")
def reclassify_school(school_id: SchoolId, body: ReclassificationIn, w: Write) -> WriteOut:
    changes = body.changes.model_dump(exclude_unset=True)
    result = w.ledger.reclassify_school(school_id, effective_date=body.effective_date, changes=changes,
                                        reclassification_id=body.reclassification_id, by=w.by(body))
    return w.answer(result, record=w.ledger.get_school(school_id).facts().to_dict())


@router.get("/schools", response_model=SchoolPage, responses=VIEW, summary="Every school, classified as of a day")
def list_schools(view: ReaderView, as_of: AsOf = None, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    return pagination.page(view.school_list(as_of), lambda s: s["school_id"], limit, cursor)


@router.get("/schools/{school_id}", response_model=School, responses=VIEW_ONE,
            summary="A school: its classification on a day and its whole timeline")
def get_school(school_id: SchoolId, view: ReaderView, as_of: AsOf = None) -> dict[str, Any]:
    return view.school(school_id, as_of)


@router.get("/schools/{school_id}/roster", response_model=Roster, responses={**VIEW_ONE, **FILES},
            summary="Who serves at a school on a day (home staff, hosted teachers) and its staff away")
def roster(school_id: SchoolId, view: ReaderView, as_of: AsOf = None, fmt: FileFormat = None,
           lang: FileLanguage = None) -> Any:
    return answer(view.roster(school_id, as_of), fmt, lang, roster_sheet)
