"""Teachers (教师): registration and what the views know of them."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Write
from api.openapi import WRITE
from api.schemas.common import WriteOut
from api.schemas.writes import TeacherIn

router = APIRouter(prefix="/v1", tags=["teachers"])


@router.post("/teachers", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Register a teacher or school leader (登记教师)")
def register_teacher(body: TeacherIn, w: Write) -> WriteOut:
    backbone = body.backbone
    return w.answer(w.ledger.register_teacher(
        teacher_id=body.teacher_id, name=body.name, gender=body.gender, birth_date=body.birth_date,
        role=body.role, subject=body.subject, title=body.title, title_since=body.title_since,
        backbone_level=backbone.level if backbone else None,
        backbone_cycle_start=backbone.cycle_start if backbone else None,
        home_school_id=body.home_school_id, at_home_school_since=body.at_home_school_since, by=w.by(body)))
