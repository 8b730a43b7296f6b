"""How a write form is described, drawn and read back.

A ``FormSpec`` names its fields (by the commands' field names, so the domain's errors land beside
them) and the route whose body validates it and builds its command. Reading a submitted form only
shapes values — blank → left out, a ticked box → True, digits → an integer, several choices → a
list; every check is the API's body's and the domain's, so the console cannot disagree with the API
about what is valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from api.schemas.commands import Route
from api.ui.i18n import Translator
from api.ui.present import record_summary
from ledger.app import Envelope
from ledger.domain.dossier import Dossier
from ledger.domain.enums import Labelled
from ledger.domain.records import Record
from ledger.domain.school import SchoolFacts

Options = Callable[["FormContext"], list[tuple[str, str]]]
INTEGER = re.compile(r"^-?[0-9]{1,9}$")
LIST_SPLIT = re.compile(r"[,，、\s]+")
CHANGE_ROWS = 3  # an amendment form's rows of field → new value
BOOLEAN_FIELDS = frozenset({"transfers_personnel_relation", "ended_early"})


@dataclass(frozen=True)
class FormContext:
    """What a form's choices and suggestions are drawn from."""

    t: Translator
    teacher_id: str
    dossier: Dossier
    schools: Mapping[str, SchoolFacts]
    today: date

    def records(self, record_type: str | None = None, *, open_only: bool = False) -> list[Record]:
        found = [r for r in self.dossier.records.values()
                 if record_type is None or r.TYPE.value == record_type]
        if open_only:
            found = [r for r in found if getattr(r, "is_open", True)]
        return sorted(found, key=lambda r: (str(r.effective_date), r.record_id))

    def next_id(self, prefix: str) -> str:
        n = len(self.dossier.records) + 1
        while f"{prefix}-{n}" in self.dossier.records:
            n += 1
        return f"{prefix}-{n}"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | date | number | select | multiselect | checkbox
    required: bool = False
    options: Options | None = None
    suggest: Callable[[FormContext], str] | None = None


@dataclass(frozen=True)
class FormSpec:
    name: str
    fields: tuple[Field, ...]
    route: Route  # the API route whose body validates the form and builds its command
    changes: bool = False  # the correction form's rows of field → new value

    def field_names(self) -> set[str]:
        names = {f.name for f in self.fields} | {"reason", "policy_clauses", "document_ref"}
        return names | {"changes"} if self.changes else names

    @property
    def title_code(self) -> str:
        return f"form.{self.name}"

    @property
    def context(self) -> str:
        """The kind of record the form writes, for the glossary's narrower labels."""
        return self.route.commands[0].RECORD


# ---------------------------------------------------------------------- choices
def enum_options(cls: type[Labelled]) -> Options:
    return lambda ctx: [(m.value, f"{m.label(ctx.t.lang)} ({m.value})") for m in cls]


def school_options(ctx: FormContext) -> list[tuple[str, str]]:
    return sorted(((s, f"{f.name} ({s})") for s, f in ctx.schools.items()), key=lambda o: o[1])


def record_options(record_type: str | None, *, open_only: bool = False) -> Options:
    def options(ctx: FormContext) -> list[tuple[str, str]]:
        return [(r.record_id, record_summary(ctx.t, r.to_dict(), ctx.schools))
                for r in ctx.records(record_type, open_only=open_only)]
    return options


# ---------------------------------------------------------------------- reading a submitted form
def read_values(spec: FormSpec, form: FormData) -> dict[str, Any]:
    """The submitted values, shaped for the body (see the module docstring): blank fields left out."""
    values: dict[str, Any] = {}
    for f in spec.fields:
        if f.kind == "multiselect":
            values[f.name] = [v for v in (str(x).strip() for x in form.getlist(f.name)) if v] or None
        elif f.kind == "checkbox":
            values[f.name] = form.get(f.name) is not None
        else:
            text = str(form.get(f.name) or "").strip()
            values[f.name] = int(text) if f.kind == "number" and INTEGER.match(text) else (text or None)
    if spec.changes:
        values["changes"] = read_changes(form) or None
    values.update(envelope_values(form))
    return {k: v for k, v in values.items() if v is not None}


def read_changes(form: FormData) -> dict[str, Any]:
    """An amendment's rows (``change_field_n`` → ``change_value_n``) as ``{field: value}``."""
    changes: dict[str, Any] = {}
    for n in range(1, CHANGE_ROWS + 1):
        name = str(form.get(f"change_field_{n}") or "").strip()
        if name:
            changes[name] = change_value(name, str(form.get(f"change_value_{n}") or "").strip())
    return changes


def change_value(name: str, text: str) -> Any:
    if text == "":
        return None
    if name == "host_school_ids":
        return [s for s in LIST_SPLIT.split(text) if s]
    if name in BOOLEAN_FIELDS:
        return {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}.get(text.lower(), text)
    if name == "school_year" and INTEGER.match(text):
        return int(text)
    return text


def envelope_values(form: FormData) -> dict[str, Any]:
    return {"reason": str(form.get("reason") or "").strip(),
            "policy_clauses": [str(c) for c in form.getlist("policy_clauses")],
            "document_ref": str(form.get("document_ref") or "").strip() or None}


def envelope(body: Any, actor: str, correlation_id: str) -> Envelope:
    """The envelope of a validated body, as the API's writer makes it."""
    return Envelope(actor=actor, reason=body.reason, policy_clauses=[c.value for c in body.policy_clauses],
                    document_ref=body.document_ref, correlation_id=correlation_id)


@dataclass
class Filled:
    """A form as drawn: the values shown (what was typed, or suggestions) and the errors."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    clause: str | None = None
