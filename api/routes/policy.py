"""The policy engine's answers: the profile in force, the due list, the quota report, and a
teacher's service record (what HR reads for titles, grade steps and principal grading)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.auth import HrReader, Reader
from api.downloads import FILES, FileFormat, FileLanguage, answer
from api.deps import Ledger, ReaderFresh, Write
from api.openapi import READ, READ_ONE, WRITE
from api.routes.params import AsOf, KnownAt, SchoolId, TeacherId
from api.schemas.common import WriteOut
from api.schemas.policy import (
    AdoptionIn,
    DueList,
    EvaluationRanking,
    PolicyOut,
    QuotaReport,
    ServiceRecord,
    TitlePriority,
)
from ledger.domain.dates import school_year_of
from ledger.exporters import districts_on, due_list_sheet, quota_sheet, service_record_sheet, title_priority_sheet

router = APIRouter(prefix="/v1", tags=["policy"])
SchoolYear = Annotated[int | None, Query(ge=1950, le=2199, description="School year Y: 1 September Y – 31 August "
                                                                     "Y+1 (default: the current one)")]


@router.get("/policy", response_model=PolicyOut, responses=READ,
            summary="The policy profile in force on a date, every parameter with its clauses, and all adoptions")
def policy_in_force(_: Reader, ledger: Ledger, on: AsOf = None) -> dict[str, Any]:
    day = on or ledger.today()
    in_force = ledger.profile_on(day)
    return {"on": day, "profile": in_force.to_dict(), "parameters": in_force.profile.describe(),
            "adoptions": [a.in_force().to_dict() for a in ledger.adoptions()]}


@router.post("/policy/adoptions", status_code=201, response_model=WriteOut, responses=WRITE,
             summary="Adopt a shipped policy profile from a date on (政策参数)")
def adopt_profile(body: AdoptionIn, w: Write) -> WriteOut:
    return w.answer(w.ledger.adopt_profile(effective_date=body.effective_date, profile=body.profile,
                                           adoption_id=body.adoption_id, by=w.by(body)))


@router.get("/rotation/due", response_model=DueList, responses={**READ, **FILES},
            summary="Who is due to rotate in a school year (应交流人员名单), in R-ORDER")
def due(ledger: Ledger, _: ReaderFresh, school_year: SchoolYear = None, known_at: KnownAt = None,
        fmt: FileFormat = None, lang: FileLanguage = None) -> Any:
    def sheet(found: Any) -> Any:
        districts = districts_on(ledger.read_source().schools(), found.reference_date)
        return due_list_sheet(found.school_year, found.rows, districts)

    return answer(ledger.due_list(school_year or school_year_of(ledger.today()), known_at=known_at), fmt, lang, sheet)


@router.get("/reports/quotas", response_model=QuotaReport, responses={**READ, **FILES},
            summary="Every quota target and cap of a school year, met or not, with the numbers")
def quotas(ledger: Ledger, _: ReaderFresh, school_year: SchoolYear = None, known_at: KnownAt = None,
           fmt: FileFormat = None, lang: FileLanguage = None) -> Any:
    return answer(ledger.quota_report(school_year or school_year_of(ledger.today()), known_at=known_at), fmt, lang,
                  quota_sheet)


@router.get("/schools/{school_id}/evaluations", response_model=EvaluationRanking, responses=READ_ONE,
            summary="A school's annual evaluations of a school year, ranked by score (年度量化考核排名)")
def evaluation_ranking(school_id: SchoolId, ledger: Ledger, _: ReaderFresh,
                       school_year: Annotated[int, Query(ge=1950, le=2199, description="The school year evaluated")]) -> Any:
    return ledger.evaluation_ranking(school_id, school_year).to_dict()


@router.get("/reports/title-priority", response_model=TitlePriority, responses={**READ_ONE, **FILES},
            summary="R-INCENTIVE-PRIORITY: the order of a school year's title applicants (职称评聘推荐顺序)")
def title_priority(
    ledger: Ledger,
    _: ReaderFresh,
    school_year: SchoolYear = None,
    school_id: Annotated[str | None, Query(max_length=64, description="Only teachers whose home school this is")] = None,
    teacher_id: Annotated[list[str] | None, Query(max_length=500, description="The applicants (default: everyone)")] = None,
    fmt: FileFormat = None,
    lang: FileLanguage = None,
) -> Any:
    found = ledger.title_priority(school_year or school_year_of(ledger.today()), school_id=school_id,
                                  applicants=teacher_id)
    return answer(found, fmt, lang, title_priority_sheet)


@router.get("/teachers/{teacher_id}/service-record", response_model=ServiceRecord, responses={**READ_ONE, **FILES},
            summary="What the rules require of a teacher for a title, grade step or principal grading")
def service_record(
    teacher_id: TeacherId,
    _: HrReader,
    ledger: Ledger,
    target: Literal["intermediate", "senior", "grade_step", "principal_grade"],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    fmt: FileFormat = None,
    lang: FileLanguage = None,
) -> Any:
    return answer(ledger.service_record(teacher_id, target=target, as_of=as_of, known_at=known_at), fmt, lang,
                  service_record_sheet)
