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
from api.errors import language
from ledger.integrity.proof import configured, prove
from ledger.integrity.evidence import history_with_evidence, service_record_with_evidence

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get("/ledger/verify", response_model=LedgerVerification, responses=READ,
            summary="Recompute the hash chain from the stored events, compare it with the audit trail's links and "
                    "the checkpoints of LEDGER_CHECKPOINT_DIR, and say what that proved")
def verify(_: Reader, ledger: Ledger, request: Request) -> dict[str, Any]:
    runtime = runtime_of(request)
    views = runtime.read_side.recorder if runtime.read_side else None
    folder, keys = configured(runtime.settings)
    proof = prove(ledger, views, checkpoints=folder, public_keys=keys, page_size=runtime.settings.projection_page_size)
    return proof.to_dict(language(request))


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
