"""One table maps every error to an RFC 9457 problem (``application/problem+json``).

404 unknown id · 409 conflict or broken invariant (with ``clause``) · 422 bad input (every bad
field listed) · 401/403 access. A caller's mistake is never a 500.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ledger.domain.errors import ConflictError, InvalidInput, LedgerError, NotFoundError, RuleViolation

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("api")

# error class → (status, problem slug); the most specific class is looked up first
PROBLEMS: list[tuple[type[LedgerError], int, str]] = [
    (NotFoundError, 404, "not-found"),
    (RuleViolation, 409, "rule-violated"),
    (ConflictError, 409, "conflict"),
    (InvalidInput, 422, "invalid-input"),
]
HTTP_SLUGS = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
              409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type", 422: "invalid-input",
              429: "too-many-requests", 503: "unavailable"}


def problem(status: int, slug: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": f"/problems/{slug}", "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(encodable(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def encodable(value: Any) -> Any:
    """A problem may quote what the caller sent, which can hold lone surrogates (valid JSON escapes
    that are not UTF-8): they become '?' so the answer can be sent."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {key: encodable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [encodable(item) for item in value]
    return value


def ledger_problem(error: LedgerError) -> JSONResponse:
    for cls, status, slug in PROBLEMS:
        if isinstance(error, cls):
            extra: dict[str, Any] = {}
            if isinstance(error, ConflictError):
                extra["clause"] = error.clause
            if isinstance(error, InvalidInput):
                extra["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
            return problem(status, slug, error.title, error.detail, **extra)
    return problem(400, "bad-request", error.title, error.detail)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LedgerError)
    async def _ledger(_: Request, error: LedgerError) -> JSONResponse:
        return ledger_problem(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = []
        for e in error.errors():
            loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header")]
            errors.append({"field": ".".join(loc) or "body", "message": e.get("msg", "is invalid")})
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, "invalid-input", "Invalid input", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # a body that cannot be read (bad encoding) is invalid input
            detail = f"body: {error.detail}"
            return problem(422, "invalid-input", "Invalid input", detail,
                           errors=[{"field": "body", "message": str(error.detail)}])
        slug = HTTP_SLUGS.get(error.status_code, "error")
        title = slug.replace("-", " ").capitalize()
        response = problem(error.status_code, slug, title, str(error.detail))
        response.headers.update(error.headers or {})  # e.g. Allow on a 405
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem(500, "internal-error", "Internal error", "The ledger could not complete this request.")
