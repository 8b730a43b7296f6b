"""Rows and commands: a file's header read against the format, each row parsed into a command (or
the reasons it cannot be), a command written back as a row, and a domain error explained as the
row's line, column and reason."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.errors import ConflictError, InvalidInput, LedgerError, NotFoundError, RuleViolation
from ledger.domain.messages import Message
from ledger.importers import cells
from ledger.importers.bulk import UnknownReference
from ledger.importers.columns import DEFAULT_REASONS, EVENT_NAMES, EVENTS, SPECS, header_index, normalise
from ledger.domain.commands import Command, RegisterSchool, RegisterTeacher
from ledger.domain.commands.base import Reference, references_in
from ledger.importers.commands import ACTIONS, Entry

REGISTRATIONS: dict[str, type[Command]] = {"schools": RegisterSchool, "teachers": RegisterTeacher}
ID_COLUMN = {"schools": "school_id", "teachers": "teacher_id", "history": "teacher_id"}
CLAUSE_COLUMNS = {
    "R-POST-ONE": "date", "R-POST-HOST": "host_school_ids", "R-POST-EXEMPT": "override_reason",
    "R-POST-EVAL": "school_id", "R-POST-REPORT": "date", "R-POST-SUPERVISORY": "end_date",
    "R-EX-PROJECT": "end_date", "R-EX-CHILD": "kind", "R-EX-PREGNANCY": "kind", "R-TITLE-REFUSAL": "date",
}


@dataclass(frozen=True)
class RowError:
    line: int  # 1 is the header row; 0 for the file as a whole
    column: str
    msg: Message

    @property
    def message(self) -> str:
        return self.msg.render()

    def render(self, lang: str) -> str:
        return self.msg.render(lang)


@dataclass
class Layout:
    """Where each known column sits in one file, and what is wrong with its header."""

    kind: str
    positions: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @classmethod
    def read(cls, kind: str, header: list[Any]) -> Layout:
        layout = cls(kind)
        index = header_index(SPECS[kind])
        for position, cell in enumerate(header):
            label = "" if cell is None else str(cell).replace("\ufeff", "").strip()
            column = index.get(normalise(cell))
            if column is None:
                if label:
                    layout.ignored.append(label)
            elif column.name in layout.positions:
                layout.errors.append(RowError(1, label, Message("row.same_column", other=layout.labels[column.name])))
            else:
                layout.positions[column.name] = position
                layout.labels[column.name] = label
        for column in SPECS[kind]:
            if column.required and column.name not in layout.positions:
                layout.errors.append(RowError(1, f"{column.name} / {column.zh}", Message("row.column_missing")))
        return layout

    def label(self, name: str) -> str:
        if name in self.labels:
            return self.labels[name]
        zh = next((c.zh for c in SPECS[self.kind] if c.name == name), None)
        return f"{name} / {zh}" if zh else name


def parse_row(layout: Layout, line: int, row: list[Any], *, document_ref: str | None,
              ) -> tuple[Entry | None, list[RowError], list[tuple[Reference, str]]]:
    """The entry one row asks for, or every reason it cannot be read and the references it names
    (with their columns) to be checked beside them."""
    columns = {c.name: c for c in SPECS[layout.kind]}
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name, position in layout.positions.items():
        raw = row[position] if position < len(row) else None
        if cells.is_blank(raw):
            if columns[name].required:
                errors.append(RowError(line, layout.label(name), Message("field.required")))
            continue
        try:
            values[name] = columns[name].parse(raw)
        except cells.CellError as error:
            errors.append(RowError(line, layout.label(name), error.msg))
    if layout.kind == "history":
        entry, errors = _history(layout, line, values, errors, document_ref)
        return entry, errors, []
    fields = {c.name: values.get(c.name) for c in SPECS[layout.kind] if c.name != "reason"}
    reason = values.get("reason") or DEFAULT_REASONS[layout.kind]
    cls = REGISTRATIONS[layout.kind]
    entry, more = _entry(layout, line, values.get(ID_COLUMN[layout.kind]) or "", cls, fields, reason, (), document_ref)
    if not errors:
        return entry, more, []
    failed = {e.column for e in errors}  # a cell that could not be read is not also "required"
    errors += [e for e in more if e.column not in failed]
    return None, errors, [(ref, layout.label(ref.field)) for ref in references_in(cls, fields)]



def _entry(layout: Layout, line: int, subject_id: str, cls: type[Command], fields: dict[str, Any], reason: str,
           clauses: tuple[str, ...], document_ref: str | None) -> tuple[Entry | None, list[RowError]]:
    try:
        command = cls.from_values(fields)
    except InvalidInput as error:
        return None, [RowError(line, layout.label(_column_of(layout.kind, cls, e.field)), e.msg)
                      for e in error.errors]
    return Entry(subject_id, command, reason, clauses, document_ref, line=line), []


def _history(layout: Layout, line: int, values: dict[str, Any], errors: list[RowError],
             document_ref: str | None) -> tuple[Entry | None, list[RowError]]:
    raw_event = values.get("event")
    name = EVENT_NAMES.get(raw_event) if raw_event is not None else None
    if raw_event is not None and name is None:
        allowed = [Message("row.event_choice", name=n, zh=e.zh) for n, e in EVENTS.items()]
        errors.append(RowError(line, layout.label("event"), Message("row.event", value=raw_event, allowed=allowed)))
    if name is None:
        return None, errors
    event = EVENTS[name]
    failed = {e.column for e in errors}
    for column in event.needs:
        if column not in values and layout.label(column) not in failed:
            missing = column not in layout.positions
            errors.append(RowError(line, layout.label(column),
                                   Message("row.needs_column" if missing else "row.needs", event=name)))
    if "kind" in values and event.kind_enum is not None:
        try:
            values["kind"] = cells.choice(values["kind"], event.kind_enum)
        except cells.CellError as error:
            errors.append(RowError(line, layout.label("kind"), error.msg))
    if errors:
        return None, errors
    fields = dict(event.defaults)
    fields.update({f: values[c] for c, f in event.fields.items() if c in values})
    reason = values.get("reason") or DEFAULT_REASONS["history"]
    clauses = tuple(values.get("policy_clauses", ()))
    return _entry(layout, line, values["teacher_id"], ACTIONS[name], fields, reason, clauses, document_ref)


# -------------------------------------------------------------------- entries as rows
def row_of(kind: str, entry: Entry) -> dict[str, Any]:
    """The cells (by column name) of the row that imports ``entry``."""
    f = {name: json_native(getattr(entry.command, name)) for name in entry.command.__dataclass_fields__}
    if kind != "history":
        row = {c.name: f.get(c.name) for c in SPECS[kind] if c.name != "reason"}
    else:
        event = EVENTS[entry.action]
        row = {"teacher_id": entry.subject_id, "event": entry.action}
        row.update({c: f.get(fld) for c, fld in event.fields.items()})
        row["policy_clauses"] = ";".join(entry.policy_clauses)
    row["reason"] = entry.reason
    return {k: _cell(v) for k, v in row.items()}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# -------------------------------------------------------------------- domain errors as row errors
def explain(layout: Layout, entry: Entry, error: LedgerError) -> list[RowError]:
    line, cls = entry.line, type(entry.command)
    if isinstance(error, UnknownReference):
        return [RowError(line, layout.label(_column_of(layout.kind, cls, error.field)), error.msg)]
    if isinstance(error, InvalidInput):
        return [RowError(line, layout.label(_column_of(layout.kind, cls, e.field)), e.msg) for e in error.errors]
    if isinstance(error, RuleViolation):
        column = CLAUSE_COLUMNS.get(error.clause or "", "record_id" if layout.kind == "history" else ID_COLUMN[layout.kind])
        return [RowError(line, layout.label(column), Message("row.rule", clause=error.clause, detail=error.msg))]
    if isinstance(error, NotFoundError) and error.kind in ("teacher", "school") and error.ident == entry.subject_id:
        return [RowError(line, layout.label(ID_COLUMN[layout.kind]), error.msg)]
    detail = error.msg
    if isinstance(error, ConflictError) and error.code == "record.different_content":
        detail = Message("import.conflict_other_file", detail=detail, document=entry.document_ref or "")
    if isinstance(error, NotFoundError | ConflictError) and layout.kind == "history":
        column = "target_id" if entry.action in ("void", "amend") and isinstance(error, NotFoundError) else "record_id"
        return [RowError(line, layout.label(column), detail)]
    return [RowError(line, layout.label(ID_COLUMN[layout.kind]), detail)]


def _column_of(kind: str, cls: type[Command], field_name: str) -> str:
    base = re.split(r"[.\[]", field_name, maxsplit=1)[0]
    if kind != "history":
        return base if base in {c.name for c in SPECS[kind]} else ID_COLUMN[kind]
    if base in ("reason", "policy_clauses"):
        return base
    action = next(name for name, command in ACTIONS.items() if command is cls)
    columns = {fld: col for col, fld in EVENTS[action].fields.items()}
    return columns.get(base, "record_id")
