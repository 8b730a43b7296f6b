"""Access keys over HTTP (the same use cases as ``ledger keys …``): administrators issue and
revoke them; auditors see who had access when."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.auth import Reader
from api.deps import Ledger, Write
from api.openapi import READ, problems
from api.routes.params import KeyName
from api.schemas.common import WriteIn, WriteOut
from api.schemas.ops import IssuedKeyOut, KeyIn, KeyList

router = APIRouter(prefix="/v1/keys", tags=["access keys"])


@router.get("", response_model=KeyList, responses=READ, summary="Every key issued, active or revoked")
def list_keys(_: Reader, ledger: Ledger) -> dict[str, Any]:
    return {"keys": ledger.access_keys()}


@router.post("", status_code=201, response_model=IssuedKeyOut, responses=problems(401, 403, 409, 422),
             summary="Issue a key (its secret is in this answer only)")
def issue_key(body: KeyIn, w: Write, response: Response) -> dict[str, Any]:
    issued = w.ledger.issue_key(body.name, body.role.value, by=w.by(body), replace=body.replace)
    w.answer(issued.result)
    response.headers["Cache-Control"] = "no-store"
    return {"key": issued.secret, "details": issued.result.record, "event_id": issued.result.event_id,
            "position": issued.result.position}


@router.post("/{name}/revocations", status_code=201, response_model=WriteOut, responses=problems(401, 403, 404, 409, 422),
             summary="Revoke a key: requests with it are refused at once")
def revoke_key(name: KeyName, body: WriteIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.revoke_key(name, by=w.by(body), keep_an_admin=True))
