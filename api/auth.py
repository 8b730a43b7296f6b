"""Access: ``Authorization: Bearer <key>``, checked on every request against the event store.

No key, or a key that is unknown, wrong or revoked → 401; a role the route does not admit → 403.
The key's name becomes the actor of every event the request writes.

| role | may |
|---|---|
| admin | every read and every write |
| auditor | every read, including audit, verification and keys; no writes |
| hr | teachers, history, service records, assignments, the event feed |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ledger.app.keys import Principal
from ledger.domain.access import AccessRole

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AccessKey",
    bearerFormat="rlk_…",
    description="An access key from `ledger keys create --role admin|auditor|hr --name NAME`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def authorize(*roles: AccessRole) -> Callable[[Request, HTTPAuthorizationCredentials | None], Principal]:
    allowed = frozenset(roles)
    names = ", ".join(r.value for r in roles)

    def principal(request: Request, credentials: Credentials) -> Principal:
        if credentials is None:
            raise HTTPException(401, "send an access key: Authorization: Bearer <key>")
        who = request.app.state.runtime.ledger.authenticate(credentials.credentials)
        if who is None:
            raise HTTPException(401, "the access key is unknown or revoked")
        request.state.key_name = who.name
        if who.role not in allowed:
            raise HTTPException(403, f"the key '{who.name}' has the {who.role.value} role; this needs: {names}")
        return who

    return principal


Admin = Annotated[Principal, Depends(authorize(AccessRole.ADMIN))]
Reader = Annotated[Principal, Depends(authorize(AccessRole.ADMIN, AccessRole.AUDITOR))]
HrReader = Annotated[Principal, Depends(authorize(AccessRole.ADMIN, AccessRole.AUDITOR, AccessRole.HR))]
