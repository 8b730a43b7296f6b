"""Dependencies the routers declare: the ledger, a writer that stamps the envelope, and reads that
see the caller's own writes.

Read-your-writes: every write answers with its ledger position (``X-Ledger-Position``) and the
service remembers each key's last written position. A read served from the views first waits —
at most ``read_your_writes_timeout`` seconds — until the views include that position, or the one
a client names in ``X-Ledger-Min-Position`` (for clients that wrote through another key or
another server). A read that could not wait long enough says so: ``X-Ledger-Stale: true``.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import HR_READERS, READERS, Admin, Credentials, admit
from api.errors import http_error
from api.metrics import Metrics
from api.schemas.common import WriteIn, WriteOut
from ledger.app import Envelope, RotationLedger, WriteResult
from ledger.app.keys import Principal
from ledger.domain.access import AccessRole
from ledger.projections import ReadModel
from ledger.runtime import Runtime

POSITION_HEADER = "X-Ledger-Position"
MIN_POSITION_HEADER = "X-Ledger-Min-Position"
STALE_HEADER = "X-Ledger-Stale"


@dataclass
class LastWrites:
    """Each key's last written position, so its next read can wait for the views to include it."""

    positions: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrote(self, key: str, position: int | None) -> None:
        if position is None:
            return
        with self.lock:
            if position > self.positions.get(key, 0):
                self.positions[key] = position

    def last(self, key: str) -> int:
        return self.positions.get(key, 0)


@dataclass
class ViewProgress:
    """The highest position the views are known to have passed (they only move forward), so a
    read that needs no more than that does not ask them again."""

    passed: int = 0

    def needs_wait(self, position: int) -> bool:
        return position > self.passed

    def reached(self, position: int) -> None:
        self.passed = max(self.passed, position)


@dataclass
class ApiState:
    """What the HTTP layer keeps beside the runtime: metrics, each key's last write, and how far
    the views are known to have got."""

    metrics: Metrics
    last_writes: LastWrites = field(default_factory=LastWrites)
    views: ViewProgress = field(default_factory=ViewProgress)


# Dependencies without blocking work are ``async`` so they run on the event loop, not in a worker
# thread; each request takes one worker thread for its blocking part (access check, view wait)
# and one for the route itself.
def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


def api_state(request: Request) -> ApiState:
    return request.app.state.api


async def ledger_of(request: Request) -> RotationLedger:
    return runtime_of(request).ledger


Ledger = Annotated[RotationLedger, Depends(ledger_of)]


@dataclass
class Writer:
    """Turns a write body into the use case's envelope and the use case's result into the answer:
    201 for a new record, 200 when an identical write is repeated (with the original)."""

    ledger: RotationLedger
    principal: Principal
    request_id: str
    response: Response
    state: ApiState

    def by(self, body: WriteIn) -> Envelope:
        return Envelope(
            actor=self.principal.name,
            reason=body.reason,
            policy_clauses=[c.value for c in body.policy_clauses],
            document_ref=body.document_ref,
            correlation_id=self.request_id,
        )

    def answer(self, result: WriteResult, record: dict[str, Any] | None = None) -> WriteOut:
        """``record`` stands in when the use case reports no record state (schools)."""
        if record is not None and result.record is None:
            result = dataclasses.replace(result, record=record)
        self.response.status_code = 200 if result.replayed else 201
        if result.position is not None:
            self.response.headers[POSITION_HEADER] = str(result.position)
        self.state.last_writes.wrote(self.principal.name, result.position)
        self.state.metrics.writes.labels("replayed" if result.replayed else "recorded").inc()
        return WriteOut.of(result)


async def writer(request: Request, response: Response, principal: Admin) -> Writer:
    return Writer(runtime_of(request).ledger, principal, request.state.request_id, response, api_state(request))


Write = Annotated[Writer, Depends(writer)]


def caught_up(request: Request, response: Response, credentials: HTTPAuthorizationCredentials | None,
              allowed: frozenset[AccessRole], min_position: int | None, *, required: bool) -> ReadModel | None:
    """Checks access, then returns the read model once it includes the caller's last write (or
    ``min_position``); None when the service runs no views and the route can do without them
    (``required=False``)."""
    principal = admit(request, credentials, allowed)
    view = runtime_of(request).read_model
    if view is None:
        if required:
            raise http_error(503, "http.no_views")
        return None
    state = api_state(request)
    wanted = state.last_writes.last(principal.name)
    if min_position and state.views.needs_wait(min_position):
        # a position not recorded yet is not worth waiting for
        wanted = max(wanted, min(min_position, runtime_of(request).ledger.recorder.max_notification_id() or 0))
    if state.views.needs_wait(wanted):
        if view.wait_for(wanted, timeout=runtime_of(request).settings.read_your_writes_timeout):
            state.views.reached(wanted)
        else:
            response.headers[STALE_HEADER] = "true"
    return view


MinPosition = Annotated[
    int | None,
    Header(alias=MIN_POSITION_HEADER, ge=0, le=2**63 - 1,
           description="Wait until the views include this ledger position (read-your-writes)"),
]


def hr_view(request: Request, response: Response, credentials: Credentials,
            min_position: MinPosition = None) -> ReadModel:
    view = caught_up(request, response, credentials, HR_READERS, min_position, required=True)
    assert view is not None  # required: a service without views answered 503
    return view


def reader_view(request: Request, response: Response, credentials: Credentials,
                min_position: MinPosition = None) -> ReadModel:
    view = caught_up(request, response, credentials, READERS, min_position, required=True)
    assert view is not None  # required: a service without views answered 503
    return view


def reader_fresh(request: Request, response: Response, credentials: Credentials,
                 min_position: MinPosition = None) -> ReadModel | None:
    return caught_up(request, response, credentials, READERS, min_position, required=False)


HrView = Annotated[ReadModel, Depends(hr_view)]
ReaderView = Annotated[ReadModel, Depends(reader_view)]
# For reads the policy engine answers from the views when they run, else from the event store.
ReaderFresh = Annotated[ReadModel | None, Depends(reader_fresh)]
