"""The ledger as a whole: verifying it was not altered (auditors and administrators)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.auth import Reader
from api.deps import Ledger, runtime_of
from api.openapi import READ
from api.schemas.integrity import LedgerVerification
from ledger.integrity import verify_ledger

router = APIRouter(prefix="/v1/ledger", tags=["audit"])


@router.get("/verify", response_model=LedgerVerification, responses=READ,
            summary="Recompute the hash chain from the stored events and name the first position where anything "
                    "was altered, deleted, inserted or reordered")
def verify(_: Reader, ledger: Ledger, request: Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    views = runtime.read_side.recorder if runtime.read_side else None
    return verify_ledger(ledger, views).to_dict()
