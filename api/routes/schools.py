"""Schools (学校): what the views know of them (registration and reclassification are commands:
``commands.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api import pagination
from api.deps import ReaderView
from api.downloads import FILES, FileFormat, FileLanguage, answer
from api.openapi import VIEW, VIEW_ONE
from api.routes.params import AsOf, Cursor, Limit, SchoolId
from api.schemas.reads import Roster, School, SchoolPage
from ledger.exporters import roster_sheet

router = APIRouter(prefix="/v1", tags=["schools"])


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
