"""Pydantic's validation errors as the ledger's field errors: each named by the field the client
sent (``policy_clauses.0``, ``changes.tier``), with a catalogue code and parameters, so a request
refused by the schema reads like one refused by the domain — in either language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ledger.domain.errors import FieldError
from ledger.domain.messages import Message

SKIPPED = ("body", "query", "path", "header", "form")


def field_name(loc: Iterable[Any]) -> str:
    """``("body", "policy_clauses", 0)`` → ``policy_clauses.0`` (as the API has always named them)."""
    parts = [str(p) for p in loc if p not in SKIPPED
             and not (isinstance(p, str) and p.startswith(("function-", "literal[", "enum[")))]
    return ".".join(parts) or "body"


def message_of(error: Mapping[str, Any]) -> Message:
    """The catalogue message for one pydantic error."""
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return Message("field.required")
    if kind == "string_too_long":
        return Message("field.too_long", max=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return Message("field.ident") if "A-Za-z0-9" in str(ctx.get("pattern")) else Message("field.pattern")
    if kind in ("string_type", "str_type"):
        return Message("field.text")
    if kind.startswith(("date", "datetime")) or (kind == "value_error" and "YYYY-MM-DD" in str(ctx.get("error"))):
        if isinstance(value, str):
            return Message("field.not_a_date", value=value)
        return Message("field.date")
    if kind in ("enum", "literal_error"):
        return Message("field.not_one_of", value=value, allowed=ctx.get("expected", "").replace("'", ""))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return Message("field.integer")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return Message("field.range", limit=next(iter(ctx.values()), ""), op=_OPS.get(kind, kind))
    if kind in ("bool_parsing", "bool_type"):
        return Message("field.boolean")
    if kind == "list_type":
        return Message("field.ids")
    if kind in ("too_short", "too_long"):
        return Message("field.item_count_limit", op=_OPS[kind], limit=ctx.get("min_length", ctx.get("max_length")))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Message("field.object")
    if kind == "extra_forbidden":
        return Message("field.unknown")
    if kind in ("uuid_parsing", "uuid_type"):
        return Message("field.uuid")
    return Message("field.invalid", error=error.get("msg", ""))


_OPS = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<",
        "too_short": "≥", "too_long": "≤"}


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[FieldError]:
    return [FieldError(field_name(e.get("loc", ())), message_of(e)) for e in errors]
