"""Records as plain JSON and back: each record class's field encoders and decoders, worked out once
from its annotations — records are read and written on every event a projection applies.

A field's annotation names how it travels: a date as ISO text, a decimal as text, an enum member
(``ledger.domain.enums``) by its value, a tuple of nested records (``Refusal``, ``Extension`` of the
record's own module) as a list of objects, other tuples as lists, a dict as JSON-native.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from ledger.domain import enums
from ledger.domain.base import json_native

Codec = tuple[tuple[str, Callable[[Any], Any], Callable[[Any], Any]], ...]
ENUMS: dict[str, type[enums.Labelled]] = {
    name: value for name, value in vars(enums).items()
    if isinstance(value, type) and issubclass(value, enums.Labelled) and value is not enums.Labelled
}


def _identity(value: Any) -> Any:
    return value


def _field_codec(annotation: str, owner: type) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(encode to JSON-native, decode from JSON-native) for one annotated field; None passes."""
    kind = annotation.replace(" | None", "")
    if kind == "date":
        return (lambda v: v.isoformat()), (lambda v: v if isinstance(v, date) else date.fromisoformat(v))
    if kind == "Decimal":
        return str, (lambda v: Decimal(str(v)))
    if kind in ENUMS:
        enum_cls = ENUMS[kind]
        members = enum_cls._value2member_map_
        return (lambda v: v.value), (lambda v: members.get(v) or enum_cls(v))
    if kind.startswith("tuple["):
        inner = kind[len("tuple[") : -len(", ...]")]
        nested = vars(sys.modules[owner.__module__]).get(inner)
        if isinstance(nested, type) and dataclasses.is_dataclass(nested):
            codec = codec_of(nested)
            return ((lambda v: [encode(x, codec) for x in v]),
                    (lambda v: tuple(x if isinstance(x, nested) else nested(**decode(x, codec)) for x in v)
                     if v else ()))
        return list, tuple
    if kind == "dict[str, Any]":
        return json_native, _identity
    return _identity, _identity


@cache
def codec_of(cls: type) -> Codec:
    return tuple((f.name, *_field_codec(str(f.type), cls)) for f in dataclasses.fields(cls))


def encode(obj: Any, codec: Codec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, encoder, _ in codec:
        value = getattr(obj, name)
        out[name] = None if value is None else encoder(value)
    return out


def decode(data: dict[str, Any], codec: Codec) -> dict[str, Any]:
    out = {}
    for name, _, decoder in codec:
        if name in data:
            value = data[name]
            out[name] = value if value is None or decoder is _identity else decoder(value)
    return out
