"""A teacher's other records: exemptions, awards, titles, backbone designations, evaluations,
departure, and corrections (void or amend — nothing recorded is ever edited)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Write
from api.openapi import WRITE
from api.routes.params import RecordId, TeacherId
from api.schemas.common import WriteOut
from api.schemas.writes import (
    AwardIn,
    BackboneIn,
    BackboneRevocationIn,
    CorrectionIn,
    DepartureIn,
    EvaluationIn,
    ExemptionEndIn,
    ExemptionIn,
    TitleIn,
)

router = APIRouter(prefix="/v1/teachers/{teacher_id}", tags=["records"])
CREATED = {"status_code": 201, "response_model": WriteOut, "responses": WRITE}


@router.post("/exemptions", **CREATED, summary="Grant an exemption or deferral (不作为交流对象 / 暂缓交流)")
def grant_exemption(teacher_id: TeacherId, body: ExemptionIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.grant_exemption(
        teacher_id, exemption_id=body.exemption_id, category=body.category, start_date=body.start_date,
        end_date=body.end_date, child_birth_date=body.child_birth_date, evidence_ref=body.evidence_ref,
        spouse_teacher_id=body.spouse_teacher_id, by=w.by(body)))


@router.post("/exemptions/{exemption_id}/end", **CREATED, summary="End an exemption early")
def end_exemption(teacher_id: TeacherId, exemption_id: RecordId, body: ExemptionEndIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.end_exemption(teacher_id, exemption_id=exemption_id, ended_on=body.date,
                                           by=w.by(body)))


@router.post("/awards", **CREATED, summary="Grant an incentive award (激励: priority, honour, subsidy, grade step)")
def grant_award(teacher_id: TeacherId, body: AwardIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.grant_award(
        teacher_id, award_id=body.award_id, kind=body.kind, awarded_on=body.date, posting_id=body.posting_id,
        amount_cny=body.amount_cny, by=w.by(body)))


@router.post("/titles", **CREATED, summary="Confer a professional title (职称)")
def confer_title(teacher_id: TeacherId, body: TitleIn, w: Write) -> WriteOut:
    title_id = body.title_id or f"title:{body.title.value}:{body.conferred_on}"
    return w.answer(w.ledger.confer_title(teacher_id, title_id=title_id, title=body.title,
                                          conferred_on=body.conferred_on, by=w.by(body)))


@router.post("/backbone", **CREATED, summary="Designate a backbone teacher (骨干教师) for a cycle")
def designate_backbone(teacher_id: TeacherId, body: BackboneIn, w: Write) -> WriteOut:
    designation_id = body.designation_id or f"backbone:{body.level.value}:{body.cycle_start}"
    return w.answer(w.ledger.designate_backbone(
        teacher_id, designation_id=designation_id, level=body.level, cycle_start=body.cycle_start,
        cycle_end=body.cycle_end, by=w.by(body)))


@router.post("/backbone/revocations", **CREATED, summary="Revoke a backbone designation")
def revoke_backbone(teacher_id: TeacherId, body: BackboneRevocationIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.revoke_backbone(teacher_id, designation_id=body.designation_id, revoked_on=body.date,
                                             by=w.by(body)))


@router.post("/evaluations", **CREATED, summary="Record an annual evaluation (年度考核)")
def record_evaluation(teacher_id: TeacherId, body: EvaluationIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.record_evaluation(
        teacher_id, evaluation_id=body.evaluation_id, school_year=body.school_year, grade=body.grade,
        school_id=body.school_id, by=w.by(body)))


@router.post("/departures", **CREATED, summary="Record that the teacher left (退休、辞职、调出 …)")
def record_departure(teacher_id: TeacherId, body: DepartureIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.record_departure(teacher_id, departed_on=body.date, kind=body.kind,
                                              departure_id=body.departure_id, by=w.by(body)))


@router.post("/corrections", **CREATED, summary="Correct a record: void it, or amend some of its fields")
def correct_record(teacher_id: TeacherId, body: CorrectionIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.correct_record(
        teacher_id, correction_id=body.correction_id, target_id=body.target_id, action=body.action,
        changes=body.changes, effective_date=body.effective_date, by=w.by(body)))
