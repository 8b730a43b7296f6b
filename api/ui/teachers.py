"""Teacher pages: find a teacher, the teacher's page (profile, timeline chart, every record; as of a
date and as known at a moment), why a posting was made, and the printable service record."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.ui.form_specs import FORMS
from api.ui.present import before_after, details, school_name
from api.ui.timeline import timeline
from api.ui.web import HR_READ, PREFIX, READ, Ui, blank, render, signed_in
from api.ui.why import why_rotated
from ledger.domain.dates import parse_moment
from ledger.domain.enums import RecordType
from ledger.domain.policy import Target
from ledger.domain.service import service_periods
from ledger.projections.teachers import teacher_item

router = APIRouter(include_in_schema=False)


@router.get("/teachers")
def find_teachers(request: Request, q: str | None = None, cursor: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(HR_READ)
    q = blank(q)
    page = ui.views.teachers(q=q, cursor=blank(cursor), limit=50)
    return render(ui, "teachers.html", q=q or "", page=page, schools=ui.views.schools())


@router.get("/teachers/{teacher_id}")
def teacher_page(request: Request, teacher_id: str, as_of: str | None = None,
                 known_at: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(HR_READ)
    as_of, known_at = blank(as_of), blank(known_at)
    views = ui.views
    if known_at:  # what the ledger said then: the events recorded by that moment
        history = views.history_known_at(ui.ledger, teacher_id, known_at, as_of)
        dossier = ui.ledger.teacher_known_at(teacher_id, parse_moment(known_at)).dossier
        day = date.fromisoformat(as_of) if as_of else ui.ledger.today()
        card = teacher_item(dossier, service_periods(dossier), day)
    else:
        history = views.history(teacher_id, as_of)
        card = views.teacher(teacher_id, as_of)
    schools = views.schools()
    return render(ui, "teacher.html", teacher=card, history=history, entries=entry_rows(ui, history, schools),
                  chart=timeline(history["periods"], schools, date.fromisoformat(card["as_of"])),
                  schools=schools, school_name=lambda s: school_name(schools, s), as_of=as_of or "",
                  known_at=known_at or "", forms=tuple(FORMS) if ui.may_write and not known_at else (),
                  targets=list(Target))


def entry_rows(ui: Ui, history: dict[str, Any], schools: Any) -> list[dict[str, Any]]:
    """Each history entry with what the page shows of it: its values in words, the record's
    anchor (on its first entry), and before/after for an amendment."""
    rows, anchored = [], set()
    corrections = {e["record_id"]: e.get("record") for e in history["entries"] if e["record_type"] == "correction"}
    for e in history["entries"]:
        kind = e["record_type"]
        anchor = None if e["record_id"] in anchored else f"rec-{e['record_id']}"
        anchored.add(e["record_id"])
        rows.append({
            **e, "anchor": anchor, "record_label": ui.t.enum(RecordType, kind) if kind != "teacher" else "",
            "shown": details(ui.t, e["details"], kind, schools),
            "changes": before_after(ui.t, corrections.get(e["record_id"]), schools),
            "amendments": [(c, before_after(ui.t, corrections.get(c), schools)) for c in e["amended_by"]],
        })
    return rows


@router.get("/teachers/{teacher_id}/postings/{posting_id}/why")
def why_page(request: Request, teacher_id: str, posting_id: str) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(READ)
    schools = ui.views.schools()
    why = why_rotated(ui.ledger, ui.views.history(teacher_id), schools, teacher_id, posting_id)
    return render(ui, "why.html", why=why, school_name=lambda s: school_name(schools, s),
                  entries=entry_rows(ui, {"entries": why.entries}, schools))


@router.get("/teachers/{teacher_id}/service-record")
def service_record_page(request: Request, teacher_id: str, target: str = "intermediate", as_of: str | None = None,
                        known_at: str | None = None) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(HR_READ)
    record = ui.ledger.service_record(teacher_id, target=target, as_of=blank(as_of), known_at=blank(known_at))
    schools = ui.views.schools()
    return render(ui, "service_record.html", record=record.to_dict(), targets=list(Target),
                  target=record.target, school_name=lambda s: school_name(schools, s),
                  as_of=blank(as_of) or "", known_at=blank(known_at) or "")
