"""ASGI middleware: per request a request id (returned as ``X-Request-ID`` and used as the
correlation id of every event the request writes), one structured log line and the metrics; and a
limit on the size of request bodies, enforced before they are read into memory."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import language, problem
from api.metrics import UNMATCHED, Metrics
from ledger.domain import messages

REQUEST_ID_HEADER = "X-Request-ID"
# A caller may pass its own request id (to trace a write back to its system); anything else is replaced.
_CALLER_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")
log = structlog.get_logger("api.request")


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _CALLER_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestContext:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                matched = getattr(scope.get("route"), "path", None)  # the template of a route the app declares
                route = f"{scope.get('root_path', '')}{matched}" if isinstance(matched, str) else UNMATCHED
                self.metrics.observe(scope["method"], route, status, seconds)
                log.info(
                    "request",
                    request_id=request_id,
                    method=scope["method"],
                    path=scope["path"],
                    route=route,
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                    key=state.get("key_name"),
                )


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=messages.Message("http.body_too_large", limit=f"{limit:,}"))


class BodyLimit:
    """Refuses a request body larger than ``limit`` bytes with a 413 problem: at once when its
    Content-Length says so, else as soon as the bytes received pass the limit (a chunked upload);
    the route then answers with the problem, having recorded nothing."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((value for name, value in scope.get("headers", ()) if name == b"content-length"), b"")
        if declared.isdigit() and int(declared) > self.limit:
            detail = messages.Message("http.body_too_large", limit=f"{self.limit:,}")
            lang = language(Request(scope))
            await problem(413, "payload-too-large", detail, lang)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counting_receive, send)
