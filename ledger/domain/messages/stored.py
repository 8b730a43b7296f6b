"""A message as an event stores it: its code and parameters as plain JSON that keeps each
parameter's kind (an enum member, a glossary term, a label, a date, a nested message), so a replay
renders exactly what the write said, in either language."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.domain import enums
from ledger.domain.messages import Label, Message, Term


def store(message: Message) -> dict[str, Any]:
    return {"code": message.code, "params": {k: _encode(v) for k, v in message.params.items()}}


def restore(data: dict[str, Any]) -> Message:
    return Message(data["code"], **{k: _decode(v) for k, v in data["params"].items()})


def _encode(value: Any) -> Any:
    if isinstance(value, enums.Labelled):
        return {"enum": type(value).__name__, "value": value.value}
    if isinstance(value, Label):
        return {"label": type(value.member).__name__, "value": value.member.value}
    if isinstance(value, Term):
        return {"term": value.group, "value": value.value}
    if isinstance(value, Message):
        return {"message": store(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "enum" in value:
        return getattr(enums, value["enum"])(value["value"])
    if "label" in value:
        return Label(getattr(enums, value["label"])(value["value"]))
    if "term" in value:
        return Term(value["term"], value["value"])
    if "message" in value:
        return restore(value["message"])
    return date.fromisoformat(value["date"])
