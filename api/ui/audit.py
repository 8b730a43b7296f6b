"""The audit view: the global event feed with filters (teacher, school, event type, position), and
on request the integrity check (``ledger.integrity.verify_ledger``, as ``GET /v1/ledger/verify``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.ui.web import PREFIX, READ, blank, render, signed_in
from ledger.domain.errors import InvalidInput
from ledger.integrity import verify_ledger

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/audit")
def audit_page(request: Request, after: str | None = None, teacher_id: str | None = None,
               school_id: str | None = None, event_type: str | None = None, verify: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    start = blank(after) or "0"
    if not start.isdigit():
        raise InvalidInput.one("after", "field.position")
    filters = {"teacher_id": blank(teacher_id), "school_id": blank(school_id), "event_type": blank(event_type)}
    page = ui.views.audit(after=int(start), limit=PAGE, **filters)
    runtime = request.app.state.runtime
    chain = verify_ledger(ui.ledger, runtime.read_side.recorder,
                          page_size=runtime.settings.projection_page_size) if verify else None
    return render(ui, "audit.html", page=page, after=start, filters={k: v or "" for k, v in filters.items()},
                  chain=chain, head=ui.ledger.recorder.max_notification_id() or 0)
