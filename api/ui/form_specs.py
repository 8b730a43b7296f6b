"""Every write an administrator makes on a teacher, as a form: the fields (named as the domain
names them) and the very use case the API's router calls with them."""

from __future__ import annotations

from collections.abc import Callable

from api.ui.form_fields import Field, FormContext, FormSpec, enum_options, record_options, school_options
from ledger.domain.dates import school_year_of
from ledger.domain.enums import (
    AwardKind,
    BackboneLevel,
    CorrectionAction,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    PostingKind,
    Title,
)


def suggest_id(prefix: str) -> Callable[[FormContext], str]:
    return lambda ctx: ctx.next_id(prefix)


def current_school_year(ctx: FormContext) -> str:
    return str(school_year_of(ctx.today))


OPEN_POSTINGS = record_options("posting", open_only=True)

FORMS: dict[str, FormSpec] = {spec.name: spec for spec in (
    FormSpec("posting", (
        Field("posting_id", required=True, suggest=suggest_id("P")),
        Field("kind", "select", required=True, options=enum_options(PostingKind)),
        Field("host_school_ids", "multiselect", required=True, options=school_options),
        Field("start_date", "date", required=True),
        Field("planned_end_date", "date"),
        Field("transfers_personnel_relation", "checkbox"),
        Field("override_exemption", "checkbox"),
    ), lambda led, tid, v, by: led.record_posting(
        tid, posting_id=v["posting_id"], kind=v["kind"], host_school_ids=v["host_school_ids"],
        start_date=v["start_date"], planned_end_date=v["planned_end_date"],
        transfers_personnel_relation=v["transfers_personnel_relation"],
        override_exemption_reason=by.reason if v["override_exemption"] else None, by=by)),
    FormSpec("report", (
        Field("posting_id", "select", required=True, options=OPEN_POSTINGS),
        Field("reported_on", "date", required=True),
    ), lambda led, tid, v, by: led.report_for_duty(tid, posting_id=v["posting_id"], reported_on=v["reported_on"],
                                                    by=by)),
    FormSpec("refusal", (
        Field("posting_id", "select", required=True, options=OPEN_POSTINGS),
        Field("failed_on", "date", required=True),
        Field("days_absent", "number", required=True),
    ), lambda led, tid, v, by: led.record_reporting_failure(
        tid, posting_id=v["posting_id"], failed_on=v["failed_on"], days_absent=v["days_absent"], by=by)),
    FormSpec("extension", (
        Field("posting_id", "select", required=True, options=OPEN_POSTINGS),
        Field("new_end_date", "date", required=True),
        Field("effective_date", "date"),
    ), lambda led, tid, v, by: led.extend_posting(
        tid, posting_id=v["posting_id"], new_end_date=v["new_end_date"], effective_date=v["effective_date"], by=by)),
    FormSpec("return", (
        Field("posting_id", "select", required=True, options=OPEN_POSTINGS),
        Field("ended_on", "date", required=True),
        Field("early", "checkbox"),
    ), lambda led, tid, v, by: led.end_posting(tid, posting_id=v["posting_id"], ended_on=v["ended_on"],
                                                early=v["early"], by=by)),
    FormSpec("exemption", (
        Field("exemption_id", required=True, suggest=suggest_id("E")),
        Field("category", "select", required=True, options=enum_options(ExemptionCategory)),
        Field("start_date", "date", required=True),
        Field("end_date", "date"),
        Field("child_birth_date", "date"),
        Field("evidence_ref"),
        Field("spouse_teacher_id"),
    ), lambda led, tid, v, by: led.grant_exemption(
        tid, exemption_id=v["exemption_id"], category=v["category"], start_date=v["start_date"],
        end_date=v["end_date"], child_birth_date=v["child_birth_date"], evidence_ref=v["evidence_ref"],
        spouse_teacher_id=v["spouse_teacher_id"], by=by)),
    FormSpec("award", (
        Field("award_id", required=True, suggest=suggest_id("A")),
        Field("kind", "select", required=True, options=enum_options(AwardKind)),
        Field("awarded_on", "date", required=True),
        Field("posting_id", "select", options=record_options("posting")),
        Field("amount_cny"),
    ), lambda led, tid, v, by: led.grant_award(
        tid, award_id=v["award_id"], kind=v["kind"], awarded_on=v["awarded_on"], posting_id=v["posting_id"],
        amount_cny=v["amount_cny"], by=by)),
    FormSpec("evaluation", (
        Field("evaluation_id", required=True, suggest=suggest_id("EV")),
        Field("school_year", "number", required=True, suggest=current_school_year),
        Field("grade", "select", required=True, options=enum_options(EvaluationGrade)),
        Field("school_id", "select", required=True, options=school_options),
    ), lambda led, tid, v, by: led.record_evaluation(
        tid, evaluation_id=v["evaluation_id"], school_year=v["school_year"], grade=v["grade"],
        school_id=v["school_id"], by=by)),
    FormSpec("title", (
        Field("title", "select", required=True, options=enum_options(Title)),
        Field("conferred_on", "date", required=True),
    ), lambda led, tid, v, by: led.confer_title(
        tid, title_id=f"title:{v['title']}:{v['conferred_on']}", title=v["title"], conferred_on=v["conferred_on"],
        by=by)),
    FormSpec("backbone", (
        Field("level", "select", required=True, options=enum_options(BackboneLevel)),
        Field("cycle_start", "date", required=True),
        Field("cycle_end", "date"),
    ), lambda led, tid, v, by: led.designate_backbone(
        tid, designation_id=f"backbone:{v['level']}:{v['cycle_start']}", level=v["level"],
        cycle_start=v["cycle_start"], cycle_end=v["cycle_end"], by=by)),
    FormSpec("departure", (
        Field("departed_on", "date", required=True),
        Field("kind", "select", required=True, options=enum_options(DepartureKind)),
    ), lambda led, tid, v, by: led.record_departure(tid, departed_on=v["departed_on"], kind=v["kind"], by=by)),
    FormSpec("correction", (
        Field("correction_id", required=True, suggest=suggest_id("C")),
        Field("target_id", "select", required=True, options=record_options(None)),
        Field("action", "select", required=True, options=enum_options(CorrectionAction)),
        Field("effective_date", "date"),
    ), lambda led, tid, v, by: led.correct_record(
        tid, correction_id=v["correction_id"], target_id=v["target_id"], action=v["action"] or "",
        changes=v["changes"] or None, effective_date=v["effective_date"], by=by), changes=True),
)}
