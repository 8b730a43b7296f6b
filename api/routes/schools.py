"""Schools (学校): registration, reclassification, and what the views know of them."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Write
from api.openapi import WRITE
from api.routes.params import SchoolId
from api.schemas.common import WriteOut
from api.schemas.writes import ReclassificationIn, SchoolIn

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
