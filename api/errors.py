"""One table maps every error to an RFC 9457 problem (``application/problem+json``).

404 unknown id · 409 conflict or broken invariant (with ``clause``) · 422 bad input (every bad
field listed) · 401/403 access. A caller's mistake is never a 500.

Every problem carries the message's ``code`` and ``params`` beside ``detail``, and so does every
item of ``errors``; ``title``, ``detail`` and each item's ``message`` are in the language the
request asks for (``Accept-Language``: Chinese for ``zh…``, English otherwise and by default).
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.validation import field_errors
from ledger.domain.errors import ConflictError, InvalidInput, LedgerError, NotFoundError, RuleViolation
from ledger.domain.messages import Message

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("api")

# error class → (status, problem slug); the most specific class is looked up first
PROBLEMS: list[tuple[type[LedgerError], int, str]] = [
    (NotFoundError, 404, "not-found"),
    (RuleViolation, 409, "rule-violated"),
    (ConflictError, 409, "conflict"),
    (InvalidInput, 422, "invalid-input"),
]
HTTP_SLUGS = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
              409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type", 422: "invalid-input",
              429: "too-many-requests", 500: "internal-error", 503: "unavailable"}


def http_error(status: int, code: str, /, headers: dict[str, str] | None = None, **params: Any) -> HTTPException:
    """An HTTP error whose detail is a catalogue message (rendered in the request's language)."""
    return HTTPException(status, detail=Message(code, **params), headers=headers)


def language(request: Request | None) -> str:
    """``zh`` when ``Accept-Language`` prefers Chinese, else ``en`` (also when absent)."""
    header = request.headers.get("accept-language", "") if request is not None else ""
    ranked = []
    for part in header.split(","):
        tag, _, quality = part.strip().partition(";q=")
        try:
            q = float(quality) if quality else 1.0
        except ValueError:
            q = 0.0
        if tag and q > 0:
            ranked.append((-q, tag.lower()))
    for _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en") or tag == "*":
            return "en"
    return "en"


def problem(status: int, slug: str, message: Message, lang: str = "en", *, detail: str | None = None,
            **extra: Any) -> JSONResponse:
    """The problem answer; ``detail`` is the message in ``lang`` unless given."""
    body: dict[str, Any] = {
        "type": f"/problems/{slug}", "title": Message(f"problem.{slug}").render(lang), "status": status,
        "detail": message.render(lang) if detail is None else detail, "code": message.code,
        "params": message.wire_params(),
    }
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


def ledger_problem(error: LedgerError, lang: str = "en") -> JSONResponse:
    for cls, status, slug in PROBLEMS:
        if isinstance(error, cls):
            extra: dict[str, Any] = {}
            if isinstance(error, ConflictError):
                extra["clause"] = error.clause
            if isinstance(error, InvalidInput):
                extra["errors"] = [{"field": e.field, "message": e.msg.render(lang), "code": e.msg.code,
                                    "params": e.msg.wire_params()} for e in error.errors]
            return problem(status, slug, error.msg, lang, detail=error.render(lang), **extra)
    return problem(400, "bad-request", error.msg, lang)


def allowed_methods(request: Request) -> str:
    """Every method some route of the path answers (a 405 names only the first route's), and
    OPTIONS. The routes are the app's ``state.routes`` (its routers' routes, listed at start)."""
    methods = {"OPTIONS"}
    path = request.scope.get("path", "")
    for route in getattr(request.app.state, "routes", ()):
        if route.path_regex.match(path):
            methods |= route.methods
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LedgerError)
    async def _ledger(request: Request, error: LedgerError) -> JSONResponse:
        return ledger_problem(error, language(request))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        return ledger_problem(InvalidInput(field_errors(error.errors())), language(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        lang = language(request)
        if error.status_code == 405:
            allowed = allowed_methods(request)
            if request.method == "OPTIONS":  # what may be done here: an answer, not an error
                return Response(status_code=204, headers={"Allow": allowed})
            error.headers = {**(error.headers or {}), "Allow": allowed}
        if error.status_code == 400:  # a body that cannot be read (bad encoding) is invalid input
            return ledger_problem(InvalidInput.one("body", "http.unreadable_body", error=str(error.detail)), lang)
        slug = HTTP_SLUGS.get(error.status_code, "error")
        detail = error.detail if isinstance(error.detail, Message) else Message(f"http.{error.status_code}")
        response = problem(error.status_code, slug, detail, lang)
        response.headers.update(error.headers or {})  # e.g. Allow on a 405
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return problem(500, "internal-error", Message("http.500"), language(request))
