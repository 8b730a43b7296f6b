"""Request bodies derived from the commands' own declarations (``ledger.domain.commands``).

Each body has a field per command field — sent under the name a client uses (``Wire``: a report's
``reported_on`` is sent as ``date``) — with the command's limits as pydantic constraints, so the
OpenAPI document states exactly the limits the ledger enforces and a 422 names the fields as the
client sent them; plus the write envelope (``reason``, ``policy_clauses``, ``document_ref``).
Commands that share a route (void and amend, at ``corrections``) share a body, told apart by its
``action``. The console validates its forms with the same bodies, by the commands' own field names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, fields
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from api.schemas.common import Day, Ident, WriteIn
from ledger.domain.commands import Command
from ledger.domain.commands.specs import FieldSpec
from ledger.domain.enums import Labelled
from ledger.domain.errors import FieldError, InvalidInput

Amount = Annotated[
    str | int,
    Field(description="CNY as a decimal string with at most two places, or an integer", examples=["20000.00"]),
]
PATH_FIELD = re.compile(r"\{([a-z_]+)\}")
# RecordPosting's override reason is sent as a flag: the write's own reason is the override's reason.
OVERRIDE_REASON, OVERRIDE_FLAG = "override_exemption_reason", "override_exemption"


class ClassificationChanges(BaseModel):
    """The classification attributes a reclassification changes (only those given)."""

    model_config = ConfigDict(extra="forbid")

    area: Any = None
    kind: Any = None
    tier: Any = None
    district: Annotated[str | None, Field(max_length=100)] = None
    alliance: Annotated[str | None, Field(max_length=100)] = None
    group: Annotated[str | None, Field(max_length=100)] = None


class CommandBody(WriteIn):
    """A write's body: fields by the names clients send (aliases), or by the command's own names."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


@dataclass(frozen=True)
class Route:
    """One write route: the commands it takes (several: told apart by ``action``), the fields the
    path gives, and the derived body."""

    commands: tuple[type[Command], ...]
    path_fields: tuple[str, ...]
    body: type[CommandBody]

    @property
    def route(self) -> str:
        return self.commands[0].ROUTE

    @property
    def name(self) -> str:
        """The console's form: the command's name, or ``correction`` for the shared route."""
        return self.commands[0].NAME if len(self.commands) == 1 else "correction"

    @property
    def summary(self) -> str:
        if len(self.commands) > 1:
            return "Correct a record: void it, or amend some of its fields"
        doc = self.commands[0].__doc__ or self.commands[0].__name__
        return " ".join(doc.split("\n\n")[0].split()).rstrip(".")

    def command_class(self, action: Any) -> type[Command]:
        if len(self.commands) == 1:
            return self.commands[0]
        return next(c for c in self.commands if c.NAME == action)

    def command(self, body: BaseModel, path: dict[str, Any]) -> Command:
        """The command a body asks for, with the ids the path gives and the override flag turned
        into the override's reason."""
        cls = self.command_class(getattr(body, "action", None))
        values: dict[str, Any] = dict(path)
        for spec in cls.specs():
            if spec.name == OVERRIDE_REASON:
                values[spec.name] = getattr(body, "reason") if getattr(body, OVERRIDE_FLAG) else None
            elif spec.name not in path:
                values[spec.name] = plain(getattr(body, spec.name))
        if "changes" in type(body).model_fields and "changes" not in values and getattr(body, "changes"):
            raise InvalidInput.one("changes", "correction.void_takes_no_changes")
        return cls(**values)

    @contextmanager
    def sent_names(self, body: BaseModel) -> Iterator[None]:
        """Field errors raised inside name the fields as the body's clients send them."""
        try:
            yield
        except InvalidInput as error:
            raise renamed(error, wire_names(self.command_class(getattr(body, "action", None)))) from None


def wire_names(cls: type[Command]) -> dict[str, str]:
    names = {s.name: s.sent_as for s in cls.specs() if s.wire}
    if any(s.name == OVERRIDE_REASON for s in cls.specs()):
        names[OVERRIDE_REASON] = OVERRIDE_FLAG
    return names


def renamed(error: InvalidInput, names: dict[str, str]) -> InvalidInput:
    """The same field errors, each under another name (``reported_on`` → ``date``)."""
    if not names:
        return error

    def rename(field: str) -> str:
        head = re.match(r"[A-Za-z0-9_]*", field).group(0)  # type: ignore[union-attr]
        return names.get(head, head) + field[len(head):]

    return InvalidInput([FieldError(rename(e.field), e.msg) for e in error.errors])


def plain(value: Any) -> Any:
    """A validated body value as the command takes it (enum members by value, models as dicts)."""
    if isinstance(value, Labelled):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    return value


# ---------------------------------------------------------------------- deriving bodies
def field_type(spec: FieldSpec, cls: type[Command]) -> tuple[Any, FieldInfo]:
    """The pydantic annotation and field of one command field."""
    kind: Any
    info: dict[str, Any] = {"description": spec.doc} if spec.doc else {}
    if spec.wire:
        info["alias"] = spec.wire
    if spec.kind is date:
        kind = Day
    elif isinstance(spec.kind, type) and issubclass(spec.kind, Labelled):
        kind = spec.kind
    elif spec.kind is bool:
        kind = bool
    elif spec.kind is int:
        assert spec.whole is not None
        kind = Annotated[int, Field(ge=spec.whole.lo, le=spec.whole.hi)]
    elif spec.kind is Decimal and spec.scale is not None:
        kind = Annotated[Decimal, Field(ge=spec.scale.lo, le=spec.scale.hi, decimal_places=2)]
    elif spec.kind is Decimal:
        kind = Amount
    elif spec.kind is tuple:
        limits = spec.ids
        kind = Annotated[list[Ident], Field(min_length=limits.min_items if limits else 1,
                                            max_length=limits.max_items if limits else 20)]
    elif spec.kind is dict:
        kind = ClassificationChanges if cls.SUBJECT == "school" else dict[str, Any]
    elif spec.text is not None:
        kind = Annotated[str, Field(min_length=1 if spec.required else 0, max_length=spec.text.max_len)]
    else:
        kind = Ident
    if spec.required or spec.asked:
        return kind, Field(..., **info)
    default = next(f.default for f in fields(cls) if f.name == spec.name)
    return kind | None, Field(None if default is MISSING else default, **info)


@cache
def route_of(*commands: type[Command]) -> Route:
    """The route of one command (or of commands sharing a route), with its derived body."""
    path_fields = tuple(PATH_FIELD.findall(commands[0].ROUTE))
    body: dict[str, Any] = {}
    for cls in commands:
        for spec in cls.specs():
            if spec.name in path_fields or spec.name in body:
                continue
            if spec.name == OVERRIDE_REASON:
                body[OVERRIDE_FLAG] = (bool, Field(False, description="Post despite an active exemption "
                                                                      "(R-POST-EXEMPT); `reason` is the override's reason"))
                continue
            annotation, info = field_type(spec, cls)
            if len(commands) > 1 and spec.required and not all(spec.name in {s.name for s in c.specs()} for c in commands):
                annotation, info = annotation | None, Field(None, description=info.description)
            body[spec.name] = (annotation, info)
    if len(commands) > 1:
        body["action"] = (Literal[tuple(c.NAME for c in commands)], Field(...))  # type: ignore[misc]
    name = commands[0].__name__ if len(commands) == 1 else "CorrectRecord"
    return Route(commands, path_fields, create_model(name, __base__=CommandBody, __doc__=commands[0].__doc__, **body))
