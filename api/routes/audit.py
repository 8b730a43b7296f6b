"""The audit trail (审计): every event as recorded, with its tamper-evidence link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReaderView
from api.openapi import VIEW, VIEW_ONE
from api.routes.params import FilterId, Limit, TeacherId
from api.schemas.reads import AuditPage

router = APIRouter(prefix="/v1", tags=["audit"])
After = Annotated[int, Query(ge=0, le=2**63 - 1, description="Events after this position")]
EventType = Annotated[str | None, Query(pattern=r"^[A-Za-z]{1,64}$", description="e.g. PostingRecorded")]


@router.get("/teachers/{teacher_id}/audit", response_model=AuditPage, responses=VIEW_ONE,
            summary="Every event recorded on a teacher: who, when, why, on which clauses and document")
def teacher_audit(teacher_id: TeacherId, view: ReaderView, after: After = 0, limit: Limit = 100) -> dict[str, Any]:
    view.teacher(teacher_id)  # an unknown teacher is a 404, not an empty trail
    return view.audit(after=after, limit=limit, teacher_id=teacher_id).to_dict()


@router.get("/audit", response_model=AuditPage, responses=VIEW,
            summary="The whole audit trail in ledger order, optionally of one school or one event type")
def audit(view: ReaderView, after: After = 0, limit: Limit = 100, school_id: FilterId = None,
          event_type: EventType = None) -> dict[str, Any]:
    return view.audit(after=after, limit=limit, school_id=school_id, event_type=event_type).to_dict()
