"""How a command declares its fields: the type in the annotation, and ``Annotated`` markers for
what the type alone does not say — the limits a value must keep, the id it defaults to, the name a
client sends it under, the registered thing it refers to.

The markers are plain data: the domain parses with them (``Checks``), the API derives its request
schemas from them (so the limits in the OpenAPI document are the ones enforced, and a 422 names
the field the client sent), the console draws its forms from them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from ledger.domain.enums import Labelled
from ledger.domain.values import LONG_TEXT, SHORT_TEXT, Checks


# ---------------------------------------------------------------------- markers
@dataclass(frozen=True)
class Text:
    """Free text, trimmed, without control characters."""

    max_len: int = SHORT_TEXT


@dataclass(frozen=True)
class Whole:
    """An integer between ``lo`` and ``hi``."""

    lo: int
    hi: int


@dataclass(frozen=True)
class Scale:
    """A score between ``lo`` and ``hi`` with at most two decimal places (a decimal field)."""

    lo: int
    hi: int


@dataclass(frozen=True)
class Ids:
    """A list of ids (kept as a tuple), ``min_items`` to ``max_items`` of them."""

    min_items: int = 1
    max_items: int = 20


@dataclass(frozen=True)
class Wire:
    """The name a client sends the field under (the API body's and the import file's), when it
    differs from the field's own: ``reported_on`` is sent as ``date``."""

    name: str


@dataclass(frozen=True)
class DefaultId:
    """An id field that may be left out: it is then made from other fields, e.g.
    ``DefaultId("title:{title}:{conferred_on}")``."""

    template: str


@dataclass(frozen=True)
class Ref:
    """The field names registered things: ``school``, ``teacher`` (checked by the application
    before the command runs, ``clause`` naming the rule a miss breaks) or a record of the teacher
    (``posting``: the console offers the teacher's postings, ``open_only`` the open ones)."""

    kind: str
    clause: str | None = None
    open_only: bool = False


@dataclass(frozen=True)
class Asked:
    """A field people must give (the API's bodies and the console's forms require it) while
    imported history may leave it empty."""


@dataclass(frozen=True)
class Doc:
    """What the field means, for the API's documentation (the console labels fields through the
    glossary)."""

    text: str


Id = str  # an id: 1–64 letters, digits, '.', '_', ':' or '-' (``ledger.domain.values.ID_PATTERN``)
LongText = Annotated[str, Text(LONG_TEXT)]
ShortText = Annotated[str, Text(SHORT_TEXT)]
Score = Annotated[Decimal, Scale(0, 100)]  # a quantified evaluation score (年度量化考核分)
Name = Annotated[str, Text(100)]


# ---------------------------------------------------------------------- what a field is
@dataclass(frozen=True)
class FieldSpec:
    """One declared field: its name, base type, whether it may be None or left out, and markers."""

    name: str
    kind: type  # str, date, int, bool, Decimal, an enum class, tuple (ids) or dict (changes)
    optional: bool
    has_default: bool
    text: Text | None = None
    whole: Whole | None = None
    scale: Scale | None = None
    ids: Ids | None = None
    wire: str | None = None
    default_id: str | None = None
    ref: Ref | None = None
    doc: str | None = None
    asked: bool = False  # required of people (API, console), not of imported history

    @property
    def sent_as(self) -> str:
        return self.wire or self.name

    @property
    def required(self) -> bool:
        return not (self.optional or self.has_default or self.default_id)

    @property
    def is_id(self) -> bool:
        return self.kind is str and self.text is None

    def parse(self, c: Checks, value: Any) -> Any:
        """The value checked and normalised (ISO text → date, enum code → member, list → tuple);
        a bad value is noted in ``c`` under the field's name."""
        name = self.name
        if value is None or (value == "" and self.kind is not str):
            if self.required and self.kind is not bool:
                c.fail(name, "field.required")
            return None
        kind = self.kind
        if kind is date:
            return c.date(name, value)
        if isinstance(kind, type) and issubclass(kind, Labelled):
            return c.enum(name, kind, value)
        if kind is bool:
            return c.boolean(name, value)
        if kind is int:
            assert self.whole is not None, f"{name}: an integer field needs Whole(lo, hi)"
            return c.integer(name, value, lo=self.whole.lo, hi=self.whole.hi)
        if kind is Decimal and self.scale is not None:
            return c.score(name, value, lo=self.scale.lo, hi=self.scale.hi)
        if kind is Decimal:
            return c.amount(name, value, required=self.required)
        if kind is tuple:
            return self._ids(c, value)
        if kind is dict:
            if not isinstance(value, dict):
                c.fail(name, "field.object")
                return None
            return value
        if self.text is not None:
            return c.text(name, value, required=self.required, max_len=self.text.max_len)
        if value == "" and not self.required:
            return None
        return c.ident(name, value) or None

    def _ids(self, c: Checks, value: Any) -> tuple[str, ...] | None:
        if not isinstance(value, list | tuple):
            c.fail(self.name, "field.ids")
            return None
        limits = self.ids or Ids()
        if not limits.min_items <= len(value) <= limits.max_items:
            c.fail(self.name, "field.item_count", lo=limits.min_items, hi=limits.max_items)
        return tuple(c.ident(f"{self.name}[{i}]", v) for i, v in enumerate(value))


@cache
def specs_of(cls: type) -> tuple[FieldSpec, ...]:
    """The declared fields of a command class, worked out once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    specs = []
    for f in dataclasses.fields(cls):
        kind, optional, markers = _unwrap(hints[f.name])
        found = {type(m): m for m in markers}
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        specs.append(FieldSpec(
            name=f.name, kind=kind, optional=optional, has_default=has_default,
            text=found.get(Text), whole=found.get(Whole), scale=found.get(Scale), ids=found.get(Ids),
            wire=found[Wire].name if Wire in found else None,
            default_id=found[DefaultId].template if DefaultId in found else None,
            ref=found.get(Ref), doc=found[Doc].text if Doc in found else None, asked=Asked in found,
        ))
    return tuple(specs)


def _unwrap(annotation: Any) -> tuple[type, bool, list[Any]]:
    """The base type of an annotation, whether it admits None (``X | None``), and its markers
    (``Annotated[…]`` outside or inside the union)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *markers = get_args(annotation)
        kind, optional, more = _unwrap(inner)
        return kind, optional, [*more, *markers]
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        assert len(args) == 1, f"a field is one type or None, not {annotation}"
        kind, _, markers = _unwrap(args[0])
        return kind, True, markers
    if origin is tuple:
        return tuple, False, []
    if origin is dict:
        return dict, False, []
    return annotation, False, []
