"""A teacher's postings (交流): record one, then its report for duty, failures to report,
extensions and return."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Write
from api.openapi import WRITE
from api.routes.params import RecordId, TeacherId
from api.schemas.common import WriteOut
from api.schemas.writes import ExtensionIn, PostingIn, RefusalIn, ReportIn, ReturnIn

router = APIRouter(prefix="/v1/teachers/{teacher_id}/postings", tags=["postings"])


@router.post("", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Record a posting (交流派遣): one host school, or several for itinerant teaching (走教)")
def record_posting(teacher_id: TeacherId, body: PostingIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.record_posting(
        teacher_id, posting_id=body.posting_id, kind=body.kind, host_school_ids=body.host_school_ids,
        start_date=body.start_date, planned_end_date=body.planned_end_date,
        transfers_personnel_relation=body.transfers_personnel_relation,
        override_exemption_reason=body.reason if body.override_exemption else None, by=w.by(body)))


@router.post("/{posting_id}/reports", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Record that the teacher reported for duty at the host (到岗报到)")
def report_for_duty(teacher_id: TeacherId, posting_id: RecordId, body: ReportIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.report_for_duty(teacher_id, posting_id=posting_id, reported_on=body.date,
                                             by=w.by(body)))


@router.post("/{posting_id}/refusals", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Record a failure to report for duty (R-POST-REPORT: warning, or treated as having left)")
def record_refusal(teacher_id: TeacherId, posting_id: RecordId, body: RefusalIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.record_reporting_failure(
        teacher_id, posting_id=posting_id, failed_on=body.date, days_absent=body.days_absent, by=w.by(body)))


@router.post("/{posting_id}/extensions", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Extend an open posting (延期)")
def extend_posting(teacher_id: TeacherId, posting_id: RecordId, body: ExtensionIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.extend_posting(
        teacher_id, posting_id=posting_id, new_end_date=body.new_end_date, effective_date=body.effective_date,
        by=w.by(body)))


@router.post("/{posting_id}/returns", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="End a posting: the teacher returns (期满返回 / 提前结束)")
def end_posting(teacher_id: TeacherId, posting_id: RecordId, body: ReturnIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.end_posting(teacher_id, posting_id=posting_id, ended_on=body.date, early=body.early,
                                         by=w.by(body)))
