"""The ledger as a whole: verifying it was not altered, and a teacher's history or service record
with the hashes of the events behind it (auditors and administrators)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request

from api.auth import Reader
from api.deps import Ledger, ReaderView, runtime_of
from api.openapi import READ, VIEW_ONE
from api.routes.params import AsOf, TeacherId
from api.schemas.integrity import EvidenceExport, LedgerVerification
from ledger.integrity import verify_ledger
from ledger.integrity.evidence import history_with_evidence, service_record_with_evidence

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get("/ledger/verify", response_model=LedgerVerification, responses=READ,
            summary="Recompute the hash chain from the stored events and name the first position where anything "
                    "was altered, deleted, inserted or reordered")
def verify(_: Reader, ledger: Ledger, request: Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    views = runtime.read_side.recorder if runtime.read_side else None
    return verify_ledger(ledger, views).to_dict()


@router.get("/teachers/{teacher_id}/history/evidence", response_model=EvidenceExport, responses=VIEW_ONE,
            summary="A teacher's history with the hash and chain link of every event it cites")
def history_evidence(teacher_id: TeacherId, view: ReaderView, ledger: Ledger, as_of: AsOf = None) -> dict[str, Any]:
    return history_with_evidence(ledger, view, teacher_id, as_of)


@router.get("/teachers/{teacher_id}/service-record/evidence", response_model=EvidenceExport, responses=VIEW_ONE,
            summary="A teacher's service record with the hash and chain link of every event that earned it")
def service_record_evidence(teacher_id: TeacherId, view: ReaderView, ledger: Ledger,
                            target: Literal["intermediate", "senior", "grade_step", "principal_grade"],
                            as_of: AsOf = None) -> dict[str, Any]:
    return service_record_with_evidence(ledger, view, teacher_id, target, as_of)
