"""Access: ``Authorization: Bearer <key>``, checked on every request against the event store.

No key, or a key that is unknown, wrong or revoked → 401; a role the route does not admit → 403.
The key's name becomes the actor of every event the request writes.

| role | may |
|---|---|
| admin | every read and every write |
| auditor | every read, including the audit trail and keys; no writes |
| hr | teachers, history, service records, assignments, the event feed |
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import http_error
from ledger.app.keys import Principal
from ledger.domain.access import AccessRole

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AccessKey",
    bearerFormat="rlk_…",
    description="An access key from `ledger keys create --role admin|auditor|hr --name NAME`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


ADMIN = frozenset({AccessRole.ADMIN})
READERS = frozenset({AccessRole.ADMIN, AccessRole.AUDITOR})
HR_READERS = frozenset({AccessRole.ADMIN, AccessRole.AUDITOR, AccessRole.HR})


def admit(request: Request, credentials: HTTPAuthorizationCredentials | None,
          allowed: frozenset[AccessRole]) -> Principal:
    """The key's principal if it is valid and its role is allowed (401 / 403 otherwise).

    A plain function, so a dependency that also needs blocking work (waiting for the views) can
    check access in the same worker thread instead of taking another one."""
    if credentials is None:
        raise http_error(401, "auth.no_key")
    who = request.app.state.runtime.ledger.authenticate(credentials.credentials)
    if who is None:
        raise http_error(401, "auth.unknown_key")
    request.state.key_name = who.name
    if who.role not in allowed:
        raise http_error(403, "auth.role", name=who.name, role=who.role, allowed=sorted(allowed, key=str))
    return who


def admin(request: Request, credentials: Credentials) -> Principal:
    return admit(request, credentials, ADMIN)


def reader(request: Request, credentials: Credentials) -> Principal:
    return admit(request, credentials, READERS)


def hr_reader(request: Request, credentials: Credentials) -> Principal:
    return admit(request, credentials, HR_READERS)


Admin = Annotated[Principal, Depends(admin)]
Reader = Annotated[Principal, Depends(reader)]
HrReader = Annotated[Principal, Depends(hr_reader)]
