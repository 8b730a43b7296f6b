"""The administrators' write forms on a teacher (``form_specs.py`` lists them).

A submitted form is validated by the same body as the API's route and becomes the same command,
executed with the signed-in key's name as the actor and the request id as the correlation id. A
refused write draws the form again with what was typed and each error beside its field, in the
page's language; a recorded one waits until the views include it (read-your-writes) and returns
to the teacher's page, at the record.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.schemas.commands import renamed, wire_names
from api.ui.errors import shown
from api.ui.form_fields import CHANGE_ROWS, Filled, FormContext, FormSpec, envelope, read_values
from api.ui.form_specs import FORMS
from api.ui.session import leave_notice
from api.validation import field_errors
from api.ui.web import PREFIX, WRITE, Ui, blocking, check_csrf, render, signed_in
from ledger.app import WriteResult
from ledger.domain.clauses import CLAUSES
from ledger.domain.errors import InvalidInput, LedgerError, NotFoundError
from ledger.domain.record_types import RECORD_CLASSES

router = APIRouter(include_in_schema=False)
MULTI = frozenset({"host_school_ids", "policy_clauses"})
# Every field an amendment may name, over all kinds of record (the domain refuses the others).
AMENDABLE = tuple(dict.fromkeys(f for cls in RECORD_CLASSES.values() for f in cls.AMENDABLE))


def spec_of(name: str) -> FormSpec:
    spec = FORMS.get(name)
    if spec is None:
        raise NotFoundError("form", name, "not_found.form")
    return spec


def context(ui: Ui, teacher_id: str) -> FormContext:
    return FormContext(ui.t, teacher_id, ui.ledger.get_teacher(teacher_id).dossier, ui.views.schools(),
                       ui.ledger.today())


def draw(ui: Ui, spec: FormSpec, ctx: FormContext, filled: Filled, status: int = 200) -> HTMLResponse:
    return render(ui, "form.html", status, spec=spec, ctx=ctx, filled=filled, change_rows=range(1, CHANGE_ROWS + 1),
                  amendable=AMENDABLE, clauses=CLAUSES,
                  options={f.name: f.options(ctx) for f in spec.fields if f.options})


@router.get("/teachers/{teacher_id}/forms/{form_name}")
def form_page(request: Request, teacher_id: str, form_name: str) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(WRITE)
    spec = spec_of(form_name)
    ctx = context(ui, teacher_id)
    values: dict[str, Any] = {f.name: f.suggest(ctx) if f.suggest else None for f in spec.fields}
    for name in ("posting_id", "target_id"):  # a link may pick the record to act on
        if name in values and request.query_params.get(name):
            values[name] = request.query_params[name]
    return draw(ui, spec, ctx, Filled(values))


@router.post("/teachers/{teacher_id}/forms/{form_name}")
async def submit_form(request: Request, teacher_id: str, form_name: str) -> Response:
    form = await request.form()
    ui = await blocking(signed_in, request)
    ui.require(WRITE)
    check_csrf(ui, form.get("csrf"))
    spec = spec_of(form_name)
    assert ui.principal is not None
    try:
        values = read_values(spec, form)
        path = {name: values.pop(name, None) for name in spec.route.path_fields}  # the API's path gives these
        body = validated(spec, values)
        command = spec.route.command(body, path)
        by = envelope(body, ui.principal.name, request.state.request_id)
        result: WriteResult = await blocking(ui.ledger.execute, teacher_id, command, by=by)
    except LedgerError as error:
        ctx = await blocking(context, ui, teacher_id)
        told = shown(error, ui.lang, spec.field_names())
        typed = {k: form.getlist(k) if k in MULTI else form.get(k) for k in form}
        return await blocking(draw, ui, spec, ctx, Filled(typed, told.fields, told.summary, told.clause), told.status)
    await blocking(caught_up, request, ui, result)
    await blocking(leave_notice, request, {
        "text": "form.replayed" if result.replayed else "form.saved",
        "what": f"{ui.t(spec.title_code)} {result.record_id}",
        "notices": [{"clause": n.clause, "message": n.msg.render(ui.lang, labels=True)} for n in result.notices],
    })
    return RedirectResponse(f"{PREFIX}/teachers/{teacher_id}#rec-{result.record_id}", status_code=303)


def validated(spec: FormSpec, values: dict[str, Any]) -> Any:
    """The form's values as the API route's body (by the commands' field names); every bad field
    at once, named as the form names it."""
    try:
        return spec.route.body.model_validate(values)
    except ValidationError as error:
        aliases = {sent: name for cls in spec.route.commands for name, sent in wire_names(cls).items()}
        raise renamed(InvalidInput(field_errors(error.errors())), aliases) from None


def caught_up(request: Request, ui: Ui, result: WriteResult) -> None:
    """Read-your-writes: the API's reads by this key, and the page shown next, include the write."""
    if result.position is None:
        return
    assert ui.principal is not None
    request.app.state.api.last_writes.wrote(ui.principal.name, result.position)
    ui.views.wait_for(result.position, timeout=request.app.state.runtime.settings.read_your_writes_timeout)
