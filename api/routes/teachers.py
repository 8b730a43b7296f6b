"""Teachers (教师): what the views know of them (registration is a command: ``commands.py``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from api.deps import HrView
from api.downloads import FILES, FileFormat, FileLanguage, answer
from api.openapi import VIEW, VIEW_ONE
from api.routes.params import AsOf, Cursor, FilterId, KnownAt, Limit, TeacherId, Text
from api.schemas.reads import History, Teacher, TeacherPage
from ledger.exporters import history_sheet

router = APIRouter(prefix="/v1", tags=["teachers"])


@router.get("/teachers", response_model=TeacherPage, responses=VIEW,
            summary="Teachers, by home school on a day, status, or id or name")
def list_teachers(
    view: HrView,
    school_id: Annotated[FilterId, Query(description="Only those whose home school on `as_of` this is")] = None,
    status: Literal["at_home", "on_posting", "departed"] | None = None,
    q: Annotated[Text, Query(description="Part of the id or name")] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    return view.teachers(school_id=school_id, status=status, q=q, limit=limit, cursor=cursor, as_of=as_of).to_dict()


@router.get("/teachers/{teacher_id}", response_model=Teacher, responses=VIEW_ONE,
            summary="A teacher on a day: home school, serving school(s), status, active exemption")
def get_teacher(teacher_id: TeacherId, view: HrView, as_of: AsOf = None) -> dict[str, Any]:
    return with_active_exemption(view.teacher(teacher_id, as_of))


@router.get("/teachers/{teacher_id}/history", response_model=History, responses={**VIEW_ONE, **FILES},
            summary="A teacher's history: periods per school and every entry, corrections shown")
def history(teacher_id: TeacherId, view: HrView, request: Request, as_of: AsOf = None,
            known_at: KnownAt = None, fmt: FileFormat = None, lang: FileLanguage = None) -> Any:
    if known_at is not None:  # what the ledger said then: read from the events recorded by then
        found = view.history_known_at(request.app.state.runtime.ledger, teacher_id, known_at, as_of)
    else:
        found = view.history(teacher_id, as_of)
    return answer(found, fmt, lang, history_sheet)


def with_active_exemption(teacher: dict[str, Any]) -> dict[str, Any]:
    exemptions = teacher.get("exemptions") or []
    return {**teacher, "active_exemption": exemptions[0] if exemptions else None}
