"""Assignments (在岗情况): who serves where on a day."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import HrView
from api.openapi import VIEW
from api.routes.params import AsOf, Cursor, FilterId, Limit, Text
from api.schemas.reads import AssignmentPage

router = APIRouter(prefix="/v1", tags=["teachers"])


@router.get("/assignments", response_model=AssignmentPage, responses=VIEW,
            summary="Every teacher serving on a day, with home and serving school(s) and the posting")
def assignments(
    view: HrView,
    as_of: AsOf = None,
    school_id: Annotated[FilterId, Query(description="Only those serving at this school")] = None,
    district: Annotated[Text, Query(description="Only those serving in this school district (学区)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    return view.assignments(as_of=as_of, school_id=school_id, district=district, limit=limit,
                            cursor=cursor).to_dict()
