"""Use cases on teachers: one verb-named method each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.app.core import Envelope, LedgerCore, WriteResult
from ledger.domain.errors import InvalidInput, NotFoundError, RuleViolation
from ledger.domain.teacher import Teacher, teacher_uuid
from ledger.domain.values import to_date


class TeacherUseCases(LedgerCore):
    def _teacher_command(self, teacher_id: str, by: Envelope, command: Any) -> WriteResult:
        return self._update(Teacher, teacher_uuid(teacher_id), "teacher", teacher_id, by, command)

    def _require_schools(self, school_ids: Iterable[str], *, clause: str | None = None) -> None:
        for school_id in school_ids:
            if isinstance(school_id, str) and not self.school_exists(school_id):
                if clause:
                    raise RuleViolation(clause, f"host school '{school_id}' is not registered")
                raise NotFoundError("school", school_id)

    def _limits_for(self, on: date | str | None) -> Any:
        try:
            day = to_date(on) if on is not None else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            day = None  # the domain reports the bad date by field
        return self.limits_on(day or self.today())

    # ---------------------------------------------------------------- registration
    def register_teacher(
        self,
        *,
        teacher_id: str,
        name: str,
        gender: str,
        birth_date: date | str,
        role: str,
        home_school_id: str,
        at_home_school_since: date | str,
        subject: str | None = None,
        title: str | None = None,
        title_since: date | str | None = None,
        backbone_level: str | None = None,
        backbone_cycle_start: date | str | None = None,
        by: Envelope,
    ) -> WriteResult:
        values = dict(
            teacher_id=teacher_id, name=name, gender=gender, birth_date=birth_date, role=role, subject=subject,
            home_school_id=home_school_id, at_home_school_since=at_home_school_since, title=title,
            title_since=title_since, backbone_level=backbone_level, backbone_cycle_start=backbone_cycle_start,
        )
        if isinstance(teacher_id, str):
            self._require_schools([home_school_id])

        def new(meta: Any) -> Teacher:
            return Teacher.register(**values, meta=meta)

        def replay(existing: Teacher, meta: Any) -> Any:
            return existing.check_registration_replay(**values, meta=meta)

        return self._create(new, replay, Teacher, teacher_uuid(str(teacher_id)), "teacher", str(teacher_id), by)

    # ---------------------------------------------------------------- titles, backbone, evaluations
    def confer_title(self, teacher_id: str, *, title_id: str, title: str, conferred_on: date | str,
                     by: Envelope) -> WriteResult:
        limits = self._limits_for(conferred_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.confer_title(
            title_id=title_id, title=title, conferred_on=conferred_on, meta=m, limits=limits))

    def designate_backbone(self, teacher_id: str, *, designation_id: str, level: str, cycle_start: date | str,
                           cycle_end: date | str | None = None, by: Envelope) -> WriteResult:
        limits = self._limits_for(cycle_start)
        return self._teacher_command(teacher_id, by, lambda t, m: t.designate_backbone(
            designation_id=designation_id, level=level, cycle_start=cycle_start, cycle_end=cycle_end,
            meta=m, limits=limits))

    def revoke_backbone(self, teacher_id: str, *, designation_id: str, revoked_on: date | str,
                        by: Envelope) -> WriteResult:
        limits = self._limits_for(revoked_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.revoke_backbone(
            designation_id=designation_id, revoked_on=revoked_on, meta=m, limits=limits))

    def record_evaluation(self, teacher_id: str, *, evaluation_id: str, school_year: int, grade: str,
                          school_id: str, by: Envelope) -> WriteResult:
        self._require_schools([school_id])
        limits = self.limits_on(self.today())
        return self._teacher_command(teacher_id, by, lambda t, m: t.record_evaluation(
            evaluation_id=evaluation_id, school_year=school_year, grade=grade, school_id=school_id,
            meta=m, limits=limits))

    # ---------------------------------------------------------------- postings
    def record_posting(
        self,
        teacher_id: str,
        *,
        posting_id: str,
        kind: str,
        host_school_ids: list[str],
        start_date: date | str,
        planned_end_date: date | str | None = None,
        transfers_personnel_relation: bool = False,
        override_exemption_reason: str | None = None,
        by: Envelope,
    ) -> WriteResult:
        if isinstance(host_school_ids, list | tuple):
            self._require_schools(host_school_ids, clause="R-POST-HOST")
        limits = self._limits_for(start_date)
        return self._teacher_command(teacher_id, by, lambda t, m: t.record_posting(
            posting_id=posting_id, kind=kind, host_school_ids=host_school_ids, start_date=start_date,
            planned_end_date=planned_end_date, transfers_personnel_relation=transfers_personnel_relation,
            override_exemption_reason=override_exemption_reason, meta=m, limits=limits))

    def report_for_duty(self, teacher_id: str, *, posting_id: str, reported_on: date | str,
                        by: Envelope) -> WriteResult:
        limits = self._limits_for(reported_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.report_for_duty(
            posting_id=posting_id, reported_on=reported_on, meta=m, limits=limits))

    def record_reporting_failure(self, teacher_id: str, *, posting_id: str, failed_on: date | str,
                                 days_absent: int, by: Envelope) -> WriteResult:
        limits = self._limits_for(failed_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.record_reporting_failure(
            posting_id=posting_id, failed_on=failed_on, days_absent=days_absent, meta=m, limits=limits))

    def extend_posting(self, teacher_id: str, *, posting_id: str, new_end_date: date | str,
                       effective_date: date | str | None = None, by: Envelope) -> WriteResult:
        limits = self._limits_for(effective_date)
        return self._teacher_command(teacher_id, by, lambda t, m: t.extend_posting(
            posting_id=posting_id, new_end_date=new_end_date, effective_date=effective_date, meta=m,
            limits=limits))

    def end_posting(self, teacher_id: str, *, posting_id: str, ended_on: date | str, early: bool = False,
                    by: Envelope) -> WriteResult:
        limits = self._limits_for(ended_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.end_posting(
            posting_id=posting_id, ended_on=ended_on, early=early, meta=m, limits=limits))

    # ---------------------------------------------------------------- exemptions, awards, departure
    def grant_exemption(self, teacher_id: str, *, exemption_id: str, category: str, start_date: date | str,
                        end_date: date | str | None = None, child_birth_date: date | str | None = None,
                        evidence_ref: str | None = None, spouse_teacher_id: str | None = None,
                        by: Envelope) -> WriteResult:
        if isinstance(spouse_teacher_id, str) and spouse_teacher_id and not self.teacher_exists(spouse_teacher_id):
            raise NotFoundError("teacher", spouse_teacher_id)
        limits = self._limits_for(start_date)
        return self._teacher_command(teacher_id, by, lambda t, m: t.grant_exemption(
            exemption_id=exemption_id, category=category, start_date=start_date, end_date=end_date,
            child_birth_date=child_birth_date, evidence_ref=evidence_ref, spouse_teacher_id=spouse_teacher_id,
            meta=m, limits=limits))

    def end_exemption(self, teacher_id: str, *, exemption_id: str, ended_on: date | str,
                      by: Envelope) -> WriteResult:
        limits = self._limits_for(ended_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.end_exemption(
            exemption_id=exemption_id, ended_on=ended_on, meta=m, limits=limits))

    def grant_award(self, teacher_id: str, *, award_id: str, kind: str, awarded_on: date | str,
                    posting_id: str | None = None, amount_cny: Decimal | str | int | None = None,
                    by: Envelope) -> WriteResult:
        limits = self._limits_for(awarded_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.grant_award(
            award_id=award_id, kind=kind, awarded_on=awarded_on, posting_id=posting_id, amount_cny=amount_cny,
            meta=m, limits=limits))

    def record_departure(self, teacher_id: str, *, departed_on: date | str, kind: str,
                         departure_id: str | None = None, by: Envelope) -> WriteResult:
        limits = self._limits_for(departed_on)
        return self._teacher_command(teacher_id, by, lambda t, m: t.depart(
            departed_on=departed_on, kind=kind, departure_id=departure_id, meta=m, limits=limits))

    # ---------------------------------------------------------------- corrections
    def void_record(self, teacher_id: str, *, correction_id: str, target_id: str,
                    effective_date: date | str | None = None, by: Envelope) -> WriteResult:
        limits = self._limits_for(effective_date)
        return self._teacher_command(teacher_id, by, lambda t, m: t.void(
            correction_id=correction_id, target_id=target_id, effective_date=effective_date, meta=m,
            limits=limits))

    def amend_record(self, teacher_id: str, *, correction_id: str, target_id: str, changes: dict[str, Any],
                     effective_date: date | str | None = None, by: Envelope) -> WriteResult:
        if isinstance(changes, dict):
            hosts = changes.get("host_school_ids")
            if isinstance(hosts, list):
                self._require_schools(hosts, clause="R-POST-HOST")
            if isinstance(changes.get("school_id"), str):
                self._require_schools([changes["school_id"]])
        limits = self._limits_for(effective_date)
        return self._teacher_command(teacher_id, by, lambda t, m: t.amend(
            correction_id=correction_id, target_id=target_id, changes=changes, effective_date=effective_date,
            meta=m, limits=limits))

    def correct_record(self, teacher_id: str, *, correction_id: str, target_id: str, action: str,
                       changes: dict[str, Any] | None = None, effective_date: date | str | None = None,
                       by: Envelope) -> WriteResult:
        """``action`` is ``void`` or ``amend`` (the API's single corrections endpoint)."""
        if action == "void":
            if changes:
                raise InvalidInput.one("changes", "a void takes no changes")
            return self.void_record(teacher_id, correction_id=correction_id, target_id=target_id,
                                    effective_date=effective_date, by=by)
        if action == "amend":
            return self.amend_record(teacher_id, correction_id=correction_id, target_id=target_id,
                                     changes=changes or {}, effective_date=effective_date, by=by)
        raise InvalidInput.one("action", f"'{action}' is not one of: void, amend")
