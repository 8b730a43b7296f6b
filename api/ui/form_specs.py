"""Every write an administrator makes on a teacher, as a form — drawn from the commands' own
declarations (``ledger.domain.commands``) through the same routes as the API: one form per route
(void and amend share ``correction``), a field per command field, its kind from the field's type,
its choices from what it refers to."""

from __future__ import annotations

from api.routes.commands import teacher_routes
from api.schemas.commands import OVERRIDE_FLAG, OVERRIDE_REASON, Route
from api.ui.form_fields import (
    Field,
    FormContext,
    FormSpec,
    Options,
    enum_options,
    record_options,
    school_options,
)
from ledger.domain.commands.specs import FieldSpec
from ledger.domain.dates import school_year_of
from ledger.domain.enums import CorrectionAction, Labelled

# The county's scheme for new record ids, by the kind of record: P-1, E-1 …
ID_PREFIXES = {"posting": "P", "exemption": "E", "award": "A", "evaluation": "EV", "correction": "C"}


def current_school_year(ctx: FormContext) -> str:
    return str(school_year_of(ctx.today))


def field_of(spec: FieldSpec, record: str, creates: bool) -> Field | None:
    """The form field of one command field (None for an id made from the other fields)."""
    if spec.default_id:
        return None
    if spec.name == OVERRIDE_REASON:
        return Field(OVERRIDE_FLAG, "checkbox")
    options: Options | None = None
    kind = "text"
    if spec.ref is not None and spec.ref.kind == "school":
        kind, options = ("multiselect" if spec.kind is tuple else "select"), school_options
    elif spec.ref is not None and spec.ref.kind != "teacher":
        kind, options = "select", record_options(None if spec.ref.kind == "record" else spec.ref.kind,
                                                 open_only=spec.ref.open_only)
    elif isinstance(spec.kind, type) and issubclass(spec.kind, Labelled):
        kind, options = "select", enum_options(spec.kind)
    elif spec.kind is bool:
        kind = "checkbox"
    elif spec.kind is int:
        kind = "number"
    elif spec.kind.__name__ == "date":
        kind = "date"
    suggest = None
    if creates and spec.name.endswith("_id") and kind == "text" and record in ID_PREFIXES:
        prefix = ID_PREFIXES[record]
        suggest = lambda ctx: ctx.next_id(prefix)  # noqa: E731
    elif spec.name == "school_year":
        suggest = current_school_year
    return Field(spec.name, kind, required=(spec.required or spec.asked) and kind != "checkbox", options=options, suggest=suggest)


def form_of(route: Route) -> FormSpec:
    fields: list[Field] = []
    names: set[str] = set()
    for cls in route.commands:
        for spec in cls.specs():
            if spec.name in names or spec.name == "changes":
                continue
            names.add(spec.name)
            found = field_of(spec, cls.RECORD, cls.CREATES)
            if found is not None:
                fields.append(found)
            if spec.name == "target_id" and len(route.commands) > 1:
                fields.append(Field("action", "select", required=True, options=enum_options(CorrectionAction)))
    changes = any("changes" in {s.name for s in cls.specs()} for cls in route.commands)
    return FormSpec(route.name, tuple(fields), route, changes=changes)


FORMS: dict[str, FormSpec] = {spec.name: spec for spec in map(form_of, teacher_routes())}
