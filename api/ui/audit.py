"""The audit view: the global event feed with filters (teacher, school, event type, position), the
status of the latest checkpoint in LEDGER_CHECKPOINT_DIR, and on request the integrity check and
what it proved (``ledger.integrity.proof.prove``, as ``GET /v1/ledger/verify``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.ui.web import PREFIX, READ, blank, render, signed_in
from ledger.domain.errors import InvalidInput
from ledger.integrity.proof import checkpoint_status, configured, prove

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
    folder, keys = configured(runtime.settings)
    proof = prove(ui.ledger, runtime.read_side.recorder, checkpoints=folder, public_keys=keys,
                  page_size=runtime.settings.projection_page_size) if verify else None
    head = ui.ledger.recorder.max_notification_id() or 0
    return render(ui, "audit.html", page=page, after=start, filters={k: v or "" for k, v in filters.items()},
                  chain=proof.verification if proof else None, proof=proof, head=head,
                  checkpoint=checkpoint_status(runtime.settings.checkpoint_dir, keys, head))
