"""The OpenAPI document: every error answer documented as ``application/problem+json``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_JSON
from api.schemas.common import Problem, WriteOut

PROBLEM_REF = "#/components/schemas/Problem"
DESCRIPTIONS = {
    401: "No access key, or an unknown or revoked one",
    403: "The key's role may not do this",
    404: "Unknown id",
    409: "Conflicts with what is recorded, or breaks a rule (`clause` names it)",
    422: "Invalid input: every bad field is listed in `errors`",
    503: "Not ready: the store or the views cannot answer",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"model": Problem, "description": DESCRIPTIONS[s]} for s in statuses}


READ = problems(401, 403, 422)
READ_ONE = problems(401, 403, 404, 422)
VIEW = problems(401, 403, 422, 503)
VIEW_ONE = problems(401, 403, 404, 422, 503)
WRITE: dict[int | str, dict[str, Any]] = {
    200: {"model": WriteOut, "description": "An identical write was already recorded: the original"},
    **problems(401, 403, 404, 409, 422),
}


def install_openapi(app: FastAPI) -> None:
    """Documents every problem answer as ``application/problem+json``, the type errors are sent as."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, tags=app.openapi_tags)
            for path in schema["paths"].values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        if status == "201":
                            response["description"] = "Recorded: the record, its event and ledger position"
                        json_body = response.get("content", {}).get("application/json", {})
                        if json_body.get("schema") == {"$ref": PROBLEM_REF}:
                            response["content"] = {PROBLEM_JSON: json_body}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
