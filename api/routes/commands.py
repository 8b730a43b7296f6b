"""Every write on a teacher or a school, one route per command (``ledger.domain.commands``).

The routes are made from the commands' declarations: ``POST /v1/teachers/{teacher_id}/<ROUTE>``
for each command on a teacher's records (commands sharing a route are told apart by ``action``),
``POST /v1/teachers`` and ``POST /v1/schools`` for registrations, and
``POST /v1/schools/{school_id}/reclassifications``. Each builds its command from the body and the
path and executes it: 201 with the record, its event and ledger position; 200 with the original for
an identical repeat.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from itertools import groupby
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, create_model

from api.deps import Write, Writer
from api.openapi import WRITE
from api.routes.params import RecordId, SchoolId, TeacherId
from api.schemas.commands import Route, route_of
from api.schemas.common import Closed, Day, WriteOut
from ledger.domain.commands import TEACHER_COMMANDS, Command, ReclassifySchool, RegisterSchool, RegisterTeacher
from ledger.domain.enums import BackboneLevel

router = APIRouter(prefix="/v1")


class BackboneAtRegistration(Closed):
    """Backbone designation (骨干教师) held at registration (the same as ``backbone_level`` and
    ``backbone_cycle_start``)."""

    level: BackboneLevel
    cycle_start: Day


def add(route: Route, prefix: str, subject: tuple[str, Any] | None, tags: list[str]) -> None:
    """Registers one command route: its path parameters, its derived body and the writer."""
    subject_name = subject[0] if subject else None
    parameters = [inspect.Parameter(subject_name, inspect.Parameter.KEYWORD_ONLY, annotation=subject[1])] \
        if subject else []
    parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=RecordId)
                   for name in route.path_fields]
    body_type = with_backbone(route.body) if RegisterTeacher in route.commands else route.body
    parameters += [inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=body_type),
                   inspect.Parameter("w", inspect.Parameter.KEYWORD_ONLY, annotation=Write)]

    def write(**kwargs: Any) -> WriteOut:
        w: Writer = kwargs["w"]
        body = kwargs["body"]
        path = {name: kwargs[name] for name in route.path_fields}
        with route.sent_names(body):
            command = route.command(flattened(body), path)
            subject_id = kwargs[subject_name] if subject_name else command.record_id
            return w.answer(w.ledger.execute(subject_id, command, by=w.by(body)))

    write.__signature__ = inspect.Signature(parameters, return_annotation=WriteOut)  # type: ignore[attr-defined]
    write.__name__ = route.commands[0].__name__
    router.add_api_route(f"{prefix}/{route.route}".rstrip("/"), write, methods=["POST"], status_code=201,
                         response_model=WriteOut, responses=WRITE, summary=route.summary, tags=tags,
                         description=route.commands[0].__doc__, name=write.__name__)


def with_backbone(model: type[BaseModel]) -> type[BaseModel]:
    """A teacher's registration also takes the backbone designation as one object (``backbone``)."""
    return create_model(model.__name__, __base__=model, backbone=(
        BackboneAtRegistration | None, Field(None, description="Backbone designation (骨干教师) held now")))


def flattened(body: Any) -> Any:
    backbone = getattr(body, "backbone", None)
    if backbone is None:
        return body
    return body.model_copy(update={"backbone_level": backbone.level, "backbone_cycle_start": backbone.cycle_start})


def teacher_routes() -> list[Route]:
    """The routes of the commands on a teacher's records, commands sharing a route together."""
    ordered: Callable[[type[Command]], str] = lambda c: c.ROUTE  # noqa: E731
    return [route_of(*group) for _, group in groupby(sorted(TEACHER_COMMANDS, key=ordered), key=ordered)]


add(route_of(RegisterSchool), "/schools", None, ["schools"])
add(route_of(ReclassifySchool), "/schools/{school_id}", ("school_id", SchoolId), ["schools"])
add(route_of(RegisterTeacher), "/teachers", None, ["teachers"])
for _route in teacher_routes():
    add(_route, "/teachers/{teacher_id}", ("teacher_id", TeacherId),
        ["postings" if _route.route.startswith("postings") else "records"])
